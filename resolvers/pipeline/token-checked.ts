// The resolver around a token-checked pipeline (api/wiring.ts `tokenChecked`): the access-token
// check runs first, then the field's own function, whose result is the field's.
import type { Context } from '@aws-appsync/utils';

export function request() {
  return {};
}

export function response(ctx: Context) {
  return ctx.prev.result;
}
