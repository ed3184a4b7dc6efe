/** NONE: no I/O; AppSync hands the request's `payload` straight to the response handler. */
import type { DataSourceInvoker } from './invoker.js';

export const noneInvoker: DataSourceInvoker = {
  async invoke(request) {
    const payload = (request as { payload?: unknown } | null)?.payload;
    return payload === undefined ? null : payload;
  },
};
