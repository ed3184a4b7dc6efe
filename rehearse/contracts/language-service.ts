/**
 * A TypeScript LanguageService over the functions' code, for the contract check: the program is
 * the wiring entries and what they import, with the repository's compiler options, read from
 * disk once. findReferences needs the type checker (a method is found through the interface or
 * inferred type it is called by), which is why this is a language service and not a parser.
 */
import { readFileSync } from 'node:fs';
import { join, resolve } from 'node:path';
import ts from 'typescript';

export function createLanguageService(rootDir: string, entries: readonly string[]): ts.LanguageService {
  const configFile = join(rootDir, 'tsconfig.json');
  const { config, error } = ts.readConfigFile(configFile, ts.sys.readFile);
  if (error) throw new Error(`${configFile}: ${ts.flattenDiagnosticMessageText(error.messageText, '\n')}`);
  // Without the DOM's declarations (the functions run on Node, whose types declare fetch): a
  // fifth less to parse, and parsing is most of the check's time.
  const options = { ...ts.parseJsonConfigFileContent(config, ts.sys, rootDir).options, lib: ['lib.es2023.d.ts'], noEmit: true };
  const files = entries.map((entry) => resolve(rootDir, entry));
  const snapshots = new Map<string, ts.IScriptSnapshot | undefined>();
  const host: ts.LanguageServiceHost = {
    getCompilationSettings: () => options,
    getScriptFileNames: () => files,
    // The sources do not change while one check runs.
    getScriptVersion: () => '1',
    getScriptSnapshot(fileName) {
      if (!snapshots.has(fileName)) {
        let text: string | undefined;
        try {
          text = readFileSync(fileName, 'utf8');
        } catch {
          text = undefined;
        }
        snapshots.set(fileName, text === undefined ? undefined : ts.ScriptSnapshot.fromString(text));
      }
      return snapshots.get(fileName);
    },
    getCurrentDirectory: () => rootDir,
    getDefaultLibFileName: (o) => ts.getDefaultLibFilePath(o),
    fileExists: ts.sys.fileExists,
    readFile: ts.sys.readFile,
    readDirectory: ts.sys.readDirectory,
    directoryExists: ts.sys.directoryExists,
    getDirectories: ts.sys.getDirectories,
  };
  return ts.createLanguageService(host, ts.createDocumentRegistry());
}
