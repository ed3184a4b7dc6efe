/** EvaluateCode's wire shapes, as AppSync's API reference names them (EvaluateCodeRequest/Response). */

export type HandlerName = 'request' | 'response';

/** A validated EvaluateCodeRequest. */
export interface EvaluateCodeInput {
  code: string;
  /** The parsed `context` string: AppSync's resolver context object. */
  context: Record<string, unknown>;
  handler: HandlerName;
}

/** CodeErrorLocation: AppSync's defaults for "unknown" are line 0, column 0, span -1. */
export interface CodeErrorLocation {
  line: number;
  column: number;
  span: number;
}

/** CodeError. AppSync documents LINT_ERROR and PARSER_ERROR; RUNTIME_ERROR (a handler that threw) is the engine's name. */
export interface CodeError {
  errorType: 'LINT_ERROR' | 'PARSER_ERROR' | 'RUNTIME_ERROR';
  value: string;
  location: CodeErrorLocation;
}

export interface EvaluateCodeErrorDetail {
  message: string;
  codeErrors?: CodeError[];
}

/** EvaluateCodeResponse: every member is a string or list of strings on the wire (JSON inside strings). */
export interface EvaluateCodeResponse {
  evaluationResult?: string;
  error?: EvaluateCodeErrorDetail;
  logs: string[];
  stash?: string;
  outErrors?: string;
}

export const UNKNOWN_LOCATION: CodeErrorLocation = { line: 0, column: 0, span: -1 };
