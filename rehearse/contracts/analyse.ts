/**
 * Each function's AWS calls, from its code: the call sites of every file its entry imports
 * (call-sites.ts), kept when the entry reaches the unit holding them (reachability.ts). The
 * result is plain data, so the rule that judges it against a template stays pure.
 */
import { relative, resolve } from 'node:path';
import ts from 'typescript';
import { callSitesIn, type Need } from './call-sites.js';
import type { Service } from './aws-calls.js';
import { createLanguageService } from './language-service.js';
import { reachability } from './reachability.js';

export interface AwsCall {
  command: string;
  service: Service;
  /** Repository-relative, with the line of the call (1-based). */
  file: string;
  line: number;
  needs: Need[];
  unmapped?: boolean;
}

export interface FunctionCalls {
  /** The api/wiring.ts name, which is the function's POWERTOOLS_SERVICE_NAME. */
  name: string;
  entry: string;
  calls: AwsCall[];
}

/** The files a module imports, transitively, within the repository (statically and by import()). */
function importClosure(program: ts.Program, entry: string): Set<string> {
  const checker = program.getTypeChecker();
  const closure = new Set<string>();
  const queue = [entry];
  while (queue.length) {
    const fileName = queue.pop()!;
    if (closure.has(fileName)) continue;
    closure.add(fileName);
    const file = program.getSourceFile(fileName);
    if (!file) continue;
    const visit = (node: ts.Node) => {
      const specifier =
        (ts.isImportDeclaration(node) || ts.isExportDeclaration(node)) && node.moduleSpecifier
          ? node.moduleSpecifier
          : ts.isCallExpression(node) && node.expression.kind === ts.SyntaxKind.ImportKeyword
            ? node.arguments[0]
            : undefined;
      const target = specifier && checker.getSymbolAtLocation(specifier)?.valueDeclaration;
      if (target && ts.isSourceFile(target) && !target.fileName.includes('/node_modules/')) queue.push(target.fileName);
      ts.forEachChild(node, visit);
    };
    visit(file);
  }
  return closure;
}

export function analyseFunctions(rootDir: string, functions: Record<string, { entry: string }>): FunctionCalls[] {
  const entries = Object.fromEntries(Object.entries(functions).map(([name, f]) => [name, resolve(rootDir, f.entry)]));
  const service = createLanguageService(rootDir, Object.values(entries));
  const program = service.getProgram()!;
  const checker = program.getTypeChecker();
  const closures = Object.fromEntries(Object.entries(entries).map(([name, entry]) => [name, importClosure(program, entry)]));
  const reach = reachability(service, new Set(Object.values(entries)));
  const calls: Record<string, AwsCall[]> = Object.fromEntries(Object.keys(entries).map((name) => [name, []]));

  const files = new Set(Object.values(closures).flatMap((c) => [...c]));
  for (const fileName of files) {
    const file = program.getSourceFile(fileName);
    if (!file) continue;
    for (const site of callSitesIn(file, checker)) {
      const roots = reach.rootsOf(site.node);
      const call: AwsCall = {
        command: site.command,
        service: site.service,
        file: relative(rootDir, fileName).replace(/\\/g, '/'),
        line: file.getLineAndCharacterOfPosition(site.node.getStart(file)).line + 1,
        needs: site.needs,
        ...(site.unmapped && { unmapped: true }),
      };
      for (const [name, entry] of Object.entries(entries)) {
        if (roots.handlers.has(entry) || [...roots.topLevel].some((f) => closures[name].has(f))) calls[name].push(call);
      }
    }
  }
  return Object.entries(entries).map(([name]) => ({ name, entry: functions[name].entry, calls: calls[name] }));
}
