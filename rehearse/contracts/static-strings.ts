/**
 * What the checker knows of a string before it runs: a constant (a literal, or an expression
 * whose type is one string literal), or the constant start of one built from a template, through
 * consts and the return expressions of the functions that build it (thumbnailKey(…) starts
 * `thumbnails/`). Enough to put a call's object key under the prefix its grant names.
 */
import ts from 'typescript';

export function stringLiteralOf(expression: ts.Expression | undefined, checker: ts.TypeChecker): string | undefined {
  if (!expression) return undefined;
  if (ts.isStringLiteralLike(expression)) return expression.text;
  const type = checker.getTypeAtLocation(expression);
  return type.isStringLiteral() ? type.value : undefined;
}

/** The longest start of the expression's value that is known; '' when nothing is. */
export function staticPrefix(expression: ts.Expression | undefined, checker: ts.TypeChecker, depth = 0): string {
  if (!expression || depth > 8) return '';
  const literal = stringLiteralOf(expression, checker);
  if (literal !== undefined) return literal;
  if (ts.isParenthesizedExpression(expression) || ts.isAsExpression(expression)) return staticPrefix(expression.expression, checker, depth + 1);
  if (ts.isTemplateExpression(expression)) {
    let prefix = expression.head.text;
    for (const span of expression.templateSpans) {
      const part = stringLiteralOf(span.expression, checker);
      if (part === undefined) return prefix + staticPrefix(span.expression, checker, depth + 1);
      prefix += part + span.literal.text;
    }
    return prefix;
  }
  if (ts.isIdentifier(expression)) {
    const declaration = checker.getSymbolAtLocation(expression)?.valueDeclaration;
    const constant = declaration && ts.isVariableDeclaration(declaration) && ts.getCombinedNodeFlags(declaration) & ts.NodeFlags.Const;
    return constant && declaration.initializer ? staticPrefix(declaration.initializer, checker, depth + 1) : '';
  }
  if (ts.isCallExpression(expression)) return commonPrefix(returnedBy(expression, checker).map((e) => staticPrefix(e, checker, depth + 1)));
  return '';
}

/** The expressions the called function returns (its body, for an arrow with one). */
function returnedBy(call: ts.CallExpression, checker: ts.TypeChecker): ts.Expression[] {
  let symbol = checker.getSymbolAtLocation(call.expression);
  if (symbol && symbol.flags & ts.SymbolFlags.Alias) symbol = checker.getAliasedSymbol(symbol);
  let fn: ts.Node | undefined = symbol?.valueDeclaration;
  if (fn && ts.isVariableDeclaration(fn)) fn = fn.initializer;
  if (!fn || !(ts.isFunctionDeclaration(fn) || ts.isArrowFunction(fn) || ts.isFunctionExpression(fn)) || !fn.body) return [];
  if (!ts.isBlock(fn.body)) return [fn.body];
  const returned: ts.Expression[] = [];
  const visit = (node: ts.Node) => {
    if (ts.isReturnStatement(node) && node.expression) returned.push(node.expression);
    // A nested function's returns are not this one's.
    if (!ts.isFunctionLike(node)) ts.forEachChild(node, visit);
  };
  ts.forEachChild(fn.body, visit);
  return returned;
}

function commonPrefix(values: string[]): string {
  if (values.length === 0) return '';
  let prefix = values[0];
  for (const v of values) while (!v.startsWith(prefix)) prefix = prefix.slice(0, -1);
  return prefix;
}
