/**
 * EvaluateCode's static check: what the APPSYNC_JS runtime refuses, as CodeError objects. The
 * rules are the engine's own (runtime/lint.ts: @aws-appsync/eslint-plugin's `base` set), so
 * the code EvaluateCode accepts is exactly the code the engine would load.
 */
import { lintAppSyncCode } from '../runtime/lint.js';
import type { CodeError } from './types.js';

/** The file name submitted code is checked and run under (AppSync's own logs say `code.js`). */
export const SUBMITTED_FILE = 'code.js';

/** Offset of each line's first character, to turn ESLint's (line, column) pairs into a span. */
function lineStarts(source: string): number[] {
  const starts = [0];
  for (let i = source.indexOf('\n'); i !== -1; i = source.indexOf('\n', i + 1)) starts.push(i + 1);
  return starts;
}

export async function codeErrorsOf(source: string): Promise<CodeError[]> {
  const messages = await lintAppSyncCode(source, SUBMITTED_FILE);
  if (messages.length === 0) return [];
  const starts = lineStarts(source);
  const offset = (line: number, column: number) => (starts[line - 1] ?? 0) + column - 1;
  return messages.map((m) => ({
    // ESLint reports a parse failure as a fatal message without a rule.
    errorType: m.fatal || !m.ruleId ? 'PARSER_ERROR' : 'LINT_ERROR',
    value: m.message,
    location: {
      line: m.line,
      column: m.column,
      span: m.endLine !== undefined && m.endColumn !== undefined ? offset(m.endLine, m.endColumn) - offset(m.line, m.column) : -1,
    },
  }));
}
