/**
 * Which entries reach a piece of code, at the level of named units (a function, a method, an
 * object literal's property, a const holding a function): from the unit holding a call, walk
 * the references back (LanguageService.findReferences, which follows imports and finds a method
 * called through the interface or inferred type of its object) to the units holding them, until
 * a root: a module's top-level code, which runs when the module is imported, or an entry's
 * `handler`. A shared module's method that no entry's code refers to reaches no root.
 */
import ts from 'typescript';

/** A named unit's name node, or a file when the code is top-level. */
export type Unit = ts.Node;

export function enclosingUnit(node: ts.Node): Unit {
  for (let n = node.parent; n; n = n.parent) {
    if (ts.isSourceFile(n)) return n;
    if ((ts.isFunctionDeclaration(n) || ts.isMethodDeclaration(n) || ts.isGetAccessorDeclaration(n) || ts.isSetAccessorDeclaration(n)) && n.name) return n.name;
    if (ts.isConstructorDeclaration(n) && n.parent.name) return n.parent.name;
    if (ts.isFunctionExpression(n) || ts.isArrowFunction(n)) {
      const holder = n.parent;
      if ((ts.isVariableDeclaration(holder) || ts.isPropertyAssignment(holder) || ts.isPropertyDeclaration(holder)) && holder.initializer === n && ts.isIdentifier(holder.name)) return holder.name;
      // Otherwise (an argument, a returned closure) it is part of the unit around it.
    }
  }
  return node.getSourceFile();
}

/** The unit a reference makes reachable: a function named as a property's or const's value is called by that name. */
function unitOfReference(node: ts.Node): Unit {
  const holder = node.parent;
  if ((ts.isPropertyAssignment(holder) || ts.isVariableDeclaration(holder)) && holder.initializer === node && ts.isIdentifier(holder.name)) return holder.name;
  if (ts.isShorthandPropertyAssignment(holder)) return holder.name;
  return enclosingUnit(node);
}

/** A reference that is no use of the value: an import or export clause, or a type. */
function isInert(node: ts.Node): boolean {
  for (let n: ts.Node | undefined = node.parent; n && !ts.isSourceFile(n); n = n.parent) {
    if (ts.isImportDeclaration(n) || ts.isExportDeclaration(n) || ts.isImportEqualsDeclaration(n) || ts.isTypeNode(n) || ts.isHeritageClause(n)) return true;
    if (ts.isStatement(n) || ts.isFunctionLike(n)) return false;
  }
  return false;
}

function nodeAt(file: ts.SourceFile, position: number): ts.Node {
  let found: ts.Node = file;
  const visit = (node: ts.Node) => {
    if (node.getStart(file) <= position && position < node.getEnd()) {
      found = node;
      ts.forEachChild(node, visit);
    }
  };
  ts.forEachChild(file, visit);
  return found;
}

export interface Reachability {
  /** The roots a call site's unit reaches: top-level files, and `handler` units of entries, by file name. */
  rootsOf(site: ts.Node): { topLevel: Set<string>; handlers: Set<string> };
}

export function reachability(service: ts.LanguageService, entries: ReadonlySet<string>): Reachability {
  const program = service.getProgram()!;
  const callers = new Map<Unit, Unit[]>();

  function callersOf(unit: Unit): Unit[] {
    const known = callers.get(unit);
    if (known) return known;
    const found: Unit[] = [];
    callers.set(unit, found);
    const file = unit.getSourceFile();
    for (const symbol of service.findReferences(file.fileName, unit.getStart(file)) ?? []) {
      for (const reference of symbol.references) {
        if (reference.isDefinition || reference.fileName.includes('/node_modules/')) continue;
        const source = program.getSourceFile(reference.fileName);
        if (!source) continue;
        const node = nodeAt(source, reference.textSpan.start);
        if (!isInert(node)) found.push(unitOfReference(node));
      }
    }
    return found;
  }

  const isHandler = (unit: Unit) => ts.isIdentifier(unit) && unit.text === 'handler' && entries.has(unit.getSourceFile().fileName) && ts.isSourceFile(enclosingUnit(unit.parent));

  return {
    rootsOf(site) {
      const topLevel = new Set<string>();
      const handlers = new Set<string>();
      const seen = new Set<Unit>();
      const queue: Unit[] = [enclosingUnit(site)];
      while (queue.length) {
        const unit = queue.pop()!;
        if (seen.has(unit)) continue;
        seen.add(unit);
        if (ts.isSourceFile(unit)) topLevel.add(unit.fileName);
        else if (isHandler(unit)) handlers.add(unit.getSourceFile().fileName);
        else queue.push(...callersOf(unit));
      }
      return { topLevel, handlers };
    },
  };
}
