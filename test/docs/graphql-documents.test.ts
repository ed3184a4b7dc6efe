/**
 * Every GraphQL document the docs show is valid against schema.graphql (with AppSync's scalars
 * and directives, as the engine loads it): ```graphql blocks, the query strings in TypeScript
 * examples, and the queries in shell examples (`gql '…'` arguments and `{"query": …}` bodies).
 * A renamed field or argument fails here, naming the page and line, before a reader trips on it.
 */
import { GraphQLError, parse, validate, type GraphQLSchema } from 'graphql';
import { beforeAll, expect, it } from 'vitest';
import { loadSchema } from '../../local/appsync/server/schema.js';
import { repoRoot } from '../support/paths.js';
import { allCodeBlocks, type CodeBlock } from './markdown-blocks.js';

let schema: GraphQLSchema;
beforeAll(async () => {
  schema = (await loadSchema(repoRoot, 'schema.graphql')).schema;
});

const operation = /^\s*(query|mutation|subscription|\{)/;

/** The GraphQL documents a block contains, each with the text it came from. */
export function graphqlDocuments(block: CodeBlock): string[] {
  if (block.language === 'graphql') return [block.code];
  if (['ts', 'js', 'tsx', 'typescript', 'javascript'].includes(block.language)) {
    return [...block.code.matchAll(/`([^`]*)`/g)].map((m) => m[1]).filter((s) => operation.test(s) && !s.includes('${'));
  }
  if (['sh', 'bash', 'shell'].includes(block.language)) {
    // Comments first: an apostrophe in one ("the seed's command") would pair quotes wrongly.
    const code = block.code.replace(/(^|\s)#.*$/gm, '$1');
    return [...code.matchAll(/'([^']*)'/g)].flatMap(([, quoted]) => {
      if (/^\s*\{\s*"query"/.test(quoted)) return [(JSON.parse(quoted) as { query: string }).query];
      return /^\s*(query|mutation|subscription)\b/.test(quoted) || /^\s*\{\s*[a-zA-Z_]/.test(quoted) ? [quoted] : [];
    });
  }
  return [];
}

/** Problems with one document against the schema, as "page:line: message". */
export function problems(schemaToUse: GraphQLSchema, block: CodeBlock, document: string): string[] {
  try {
    return validate(schemaToUse, parse(document)).map((e) => `${block.where}: ${e.message}`);
  } catch (error) {
    if (error instanceof GraphQLError) return [`${block.where}: ${error.message}`];
    throw error;
  }
}

it('every GraphQL document in the README and docs/ is valid against schema.graphql', () => {
  const found = allCodeBlocks().flatMap((block) => graphqlDocuments(block).map((document) => ({ block, document })));
  // The extraction itself must keep working: the README's curl flow alone shows three, its app two.
  expect(found.filter(({ block }) => block.file === 'README.md').length).toBeGreaterThanOrEqual(5);
  expect(found.flatMap(({ block, document }) => problems(schema, block, document))).toEqual([]);
});

it('a document with a field the schema lacks is reported with its page and line', () => {
  const block: CodeBlock = { where: 'docs/example.md:3', file: 'docs/example.md', language: 'sh', tags: [], code: `gql 'query ($id: ID!) { blob(id: $id) { status colour } }'` };
  const [document] = graphqlDocuments(block);
  expect(problems(schema, block, document)).toEqual(['docs/example.md:3: Cannot query field "colour" on type "Blob".']);
});
