/** A data source: given the request handler's object, produce `ctx.result` or fail into `ctx.error`. */
export interface DataSourceInvoker {
  invoke(request: unknown, invocation: { fieldName: string; parentTypeName: string }): Promise<unknown>;
  close?(): void;
}

/** Becomes `ctx.error` ({ message, type }) for the response handler. */
export class DataSourceError extends Error {
  constructor(
    message: string,
    readonly type: string,
  ) {
    super(message);
  }
}
