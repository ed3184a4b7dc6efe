/**
 * How a Lambda data source answers a problem with its input: as data, not by throwing, so that its
 * resolver raises it with this errorType and the client sees the same error on AWS and locally (a
 * thrown Lambda error reaches the client as Lambda:Unhandled). The createBlob and accessTokens
 * functions answer so; resolvers/lib/lambda-answer.ts reads it.
 */
export type InputRefusal = { ok: false; errorType: 'BadRequest'; message: string };

export const inputRefusal = (message: string): InputRefusal => ({ ok: false, errorType: 'BadRequest', message });
