/**
 * AppSync's control-plane evaluation endpoints on the engine's port, so `@aws-sdk/client-appsync`
 * pointed at the engine tests resolver code offline: EvaluateCode (APPSYNC_JS, run by the
 * engine's runtime) and EvaluateMappingTemplate (VTL, which the engine has no runtime for).
 */
import type { IncomingMessage, ServerResponse } from 'node:http';
import type { AuthConfig } from '../server/auth/authenticate.js';
import { BodyTooLarge, readBody, type Mount } from '../server/http.js';
import { evaluateCode } from './evaluate.js';
import { BadRequest, parseEvaluateCodeRequest } from './request.js';
import { refusalOf } from './signed-caller.js';

export const CONTROL_PLANE_BASE_PATH = '/v1';
const EVALUATE_CODE_PATH = `${CONTROL_PLANE_BASE_PATH}/dataplane-evaluatecode`;
const EVALUATE_TEMPLATE_PATH = `${CONTROL_PLANE_BASE_PATH}/dataplane-evaluatetemplate`;
/** code (32768) and context (28000) at their longest, JSON-escaped, with room to spare. */
const MAX_BODY_BYTES = 256 * 1024;

function sendJson(res: ServerResponse, status: number, body: unknown, headers: Record<string, string> = {}): void {
  const text = JSON.stringify(body);
  res.writeHead(status, { 'content-type': 'application/json', 'content-length': String(Buffer.byteLength(text)), ...headers });
  res.end(text);
}

/** A REST-JSON service's error, as the AWS SDK reads it: the type in `x-amzn-ErrorType`, the text in `message`. */
function sendAwsError(res: ServerResponse, status: number, errorType: string, message: string): void {
  sendJson(res, status, { message }, { 'x-amzn-ErrorType': errorType });
}

async function answer(req: IncomingMessage, res: ServerResponse, iam: AuthConfig['iam']): Promise<void> {
  const path = (req.url ?? '/').split('?')[0];
  const action = path === EVALUATE_CODE_PATH ? 'appsync:EvaluateCode' : path === EVALUATE_TEMPLATE_PATH ? 'appsync:EvaluateMappingTemplate' : undefined;
  if (!action || req.method !== 'POST') return sendAwsError(res, 404, 'UnknownOperationException', `No operation at ${req.method} ${path}: the engine answers EvaluateCode only.`);
  let body: string;
  try {
    body = await readBody(req, MAX_BODY_BYTES);
  } catch (error) {
    if (error instanceof BodyTooLarge) return sendAwsError(res, 413, 'BadRequestException', `Request body exceeds ${MAX_BODY_BYTES} bytes.`);
    throw error;
  }
  const refusal = refusalOf(req, body, iam, action);
  if (refusal) return sendAwsError(res, refusal.status, refusal.errorType, refusal.message);
  if (action === 'appsync:EvaluateMappingTemplate') {
    return sendAwsError(res, 400, 'BadRequestException', 'EvaluateMappingTemplate is not supported by the local engine: it runs APPSYNC_JS resolvers only, not VTL mapping templates. Use EvaluateCode.');
  }
  try {
    sendJson(res, 200, await evaluateCode(parseEvaluateCodeRequest(body)));
  } catch (error) {
    if (error instanceof BadRequest) return sendAwsError(res, 400, 'BadRequestException', error.message);
    throw error;
  }
}

export function evaluateCodeMount(iam: AuthConfig['iam']): Mount {
  return {
    basePath: CONTROL_PLANE_BASE_PATH,
    handle: async (req, res) => {
      try {
        await answer(req, res, iam);
      } catch (error) {
        console.error(JSON.stringify({ level: 'ERROR', message: 'EvaluateCode failed', error: (error as Error).message }));
        if (!res.headersSent) sendAwsError(res, 500, 'InternalFailureException', 'An internal failure occurred.');
      }
    },
  };
}
