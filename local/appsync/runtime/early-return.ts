/** Thrown by `runtime.earlyReturn` to unwind the handler; carries the value to return. */
export class EarlyReturn {
  constructor(readonly value: unknown) {}
}

/** Thrown by `util.error` / `util.unauthorized`: the field ends null with this error. */
export class ResolverError {
  constructor(
    readonly message: string,
    readonly errorType: string | null,
    readonly data: unknown,
    readonly errorInfo: unknown,
  ) {}
}
