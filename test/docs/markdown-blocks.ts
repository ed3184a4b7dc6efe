/**
 * The fenced code blocks of the README and docs/, with where each one starts, so a test can name
 * the line a reader would look at. A fence's info string is its language, then words that mark
 * it: `sh runnable` runs in `npm test` (runnable-blocks.test.ts), `prelude` runs before every
 * page's runnable blocks (the README's set-up), `expect=TEXT` is what its output must contain.
 */
import { readFileSync, readdirSync } from 'node:fs';
import { join, relative } from 'node:path';
import { repoRoot } from '../support/paths.js';

export interface CodeBlock {
  /** Repository-relative path and 1-based line of the opening fence: "docs/api.md:42". */
  where: string;
  file: string;
  language: string;
  tags: string[];
  code: string;
}

/** The README first, then docs/*.md by name: the order a reader meets them. */
export function documentationFiles(): string[] {
  const docs = readdirSync(join(repoRoot, 'docs')).filter((f) => f.endsWith('.md')).sort();
  return [join(repoRoot, 'README.md'), join(repoRoot, 'BENCHMARKS.md'), ...docs.map((f) => join(repoRoot, 'docs', f))];
}

export function codeBlocks(path: string, text: string): CodeBlock[] {
  const file = relative(repoRoot, path);
  const blocks: CodeBlock[] = [];
  const lines = text.split('\n');
  for (let i = 0; i < lines.length; i++) {
    const open = /^(\s*)(`{3,}|~{3,})(.*)$/.exec(lines[i]);
    if (!open) continue;
    const [, indent, fence, info] = open;
    const closes = (line: string) => line.trim().length >= fence.length && [...line.trim()].every((c) => c === fence[0]);
    const body: string[] = [];
    let j = i + 1;
    for (; j < lines.length && !closes(lines[j]); j++) body.push(lines[j].slice(indent.length));
    const [language = '', ...tags] = info.trim().split(/\s+/);
    blocks.push({ where: `${file}:${i + 1}`, file, language, tags, code: body.join('\n') });
    i = j;
  }
  return blocks;
}

export function allCodeBlocks(): CodeBlock[] {
  return documentationFiles().flatMap((path) => codeBlocks(path, readFileSync(path, 'utf8')));
}
