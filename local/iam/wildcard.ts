/**
 * IAM's `*` and `?` wildcards, and its policy variables (`${aws:username}`,
 * `${cognito-identity.amazonaws.com:sub}`): a variable is replaced by the request's value for that
 * key, taken literally, and a variable the request has no value for matches nothing, as IAM
 * documents. `${*}`, `${?}` and `${$}` stand for the literal characters. Actions compare
 * case-insensitively, ARNs case-sensitively.
 */
const cache = new Map<string, RegExp>();
const escape = (text: string) => text.replace(/[.*+?^${}()|[\]\\]/g, '\\$&');
const LITERALS = new Set(['*', '?', '$']);

export type PolicyVariables = Readonly<Record<string, string | undefined>>;

export function wildcardMatches(pattern: string, value: string, ignoreCase = false, variables?: PolicyVariables): boolean {
  if (variables && pattern.includes('${')) {
    const source = withVariables(pattern, variables);
    return source !== undefined && new RegExp(`^${source}$`, ignoreCase ? 'is' : 's').test(value);
  }
  const id = `${ignoreCase ? 'i' : 's'}${pattern}`;
  let regexp = cache.get(id);
  if (!regexp) {
    cache.set(id, (regexp = new RegExp(`^${wildcards(pattern)}$`, ignoreCase ? 'is' : 's')));
  }
  return regexp.test(value);
}

function variableValue(name: string, variables: PolicyVariables): string | undefined {
  const key = name.trim();
  return LITERALS.has(key) ? key : variables[key.toLowerCase()];
}

const wildcards = (text: string) => escape(text).replace(/\\\*/g, '.*').replace(/\\\?/g, '.');

/**
 * The text with each `${variable}` replaced: the parts between variables by `literal`, each
 * value by `value`; undefined when a variable has no value. An unterminated `${` is literal.
 */
function substitute(text: string, variables: PolicyVariables, literal: (part: string) => string, value: (resolved: string) => string): string | undefined {
  let result = '';
  let rest = text;
  for (let at = rest.indexOf('${'); at >= 0; at = rest.indexOf('${')) {
    const end = rest.indexOf('}', at);
    if (end < 0) break;
    const resolved = variableValue(rest.slice(at + 2, end), variables);
    if (resolved === undefined) return undefined;
    result += literal(rest.slice(0, at)) + value(resolved);
    rest = rest.slice(end + 1);
  }
  return result + literal(rest);
}

const asIs = (text: string) => text;

/** The pattern's regular expression with each variable resolved (a value matches only itself); undefined when one has no value. */
const withVariables = (pattern: string, variables: PolicyVariables) => substitute(pattern, variables, wildcards, escape);

/** The text with each variable replaced by its value (for the exact-match operators); undefined when one has no value. */
export function resolveVariables(text: string, variables: PolicyVariables): string | undefined {
  if (!text.includes('${')) return text;
  return substitute(text, variables, asIs, asIs);
}
