/**
 * Which way dependencies point (docs/architecture.md), as dependency-cruiser rules.
 * Each folder lists what it may import from this repository; npm packages and Node's
 * built-ins are always allowed. A rule names the folder, so its violation says which
 * direction was broken.
 */
import type { IForbiddenRuleType } from 'dependency-cruiser';

/** The repository's top-level source folders, and the ones each may import from. */
export const ALLOWED_IMPORTS: Record<string, readonly string[]> = {
  // The declarations both runtimes read: they depend on nothing of ours.
  api: ['api'],
  // The Lambda handlers run on AWS unchanged: the stand-ins are configuration, never imports.
  functions: ['functions', 'api'],
  // APPSYNC_JS bundles: their own helpers and the generated GraphQL types (erased when bundled).
  resolvers: ['resolvers', 'api'],
  // infra/ binds api/ and functions/ to AWS. It names handler files by path (bundling), never imports them.
  infra: ['infra', 'api', 'rehearse'],
  // local/ binds api/ and functions/ to the stand-ins; infra's facts reach it only through the
  // synthesized template, never by importing infra/.
  local: ['local', 'api', 'functions'],
  // rehearse/ judges the functions' IAM contracts with local/'s template reader and IAM evaluator,
  // the ones the stand-ins enforce, so the check and an offline run cannot disagree. local/
  // never imports rehearse/ or infra/, so no cycle arises.
  rehearse: ['rehearse', 'infra', 'local'],
  client: ['client', 'api'],
  cli: ['cli', 'client', 'api'],
  web: ['web', 'client', 'api'],
  scripts: ['scripts', 'api', 'cli', 'client', 'functions', 'infra', 'local', 'rehearse'],
  bench: ['bench', 'api', 'client', 'functions', 'local', 'scripts', 'test'],
};

const FOLDERS = Object.keys(ALLOWED_IMPORTS);
/** Production code never imports the tests; only bench/ borrows their stack helpers. */
const EVERY_FOLDER = [...FOLDERS, 'test'];

export function directionRules(): IForbiddenRuleType[] {
  return FOLDERS.map((folder) => {
    const forbidden = EVERY_FOLDER.filter((other) => !ALLOWED_IMPORTS[folder].includes(other));
    return {
      name: `${folder}-imports-only-${ALLOWED_IMPORTS[folder].join('-')}`,
      comment: `${folder}/ may import from ${ALLOWED_IMPORTS[folder].join(', ')} (docs/architecture.md)`,
      severity: 'error',
      from: { path: `^${folder}/` },
      to: { path: `^(${forbidden.join('|')})/` },
    };
  });
}

/** Where the cruise starts: every source folder above that exists in `root`. */
export const SOURCE_FOLDERS = FOLDERS.map((folder) => (folder === 'web' ? 'web/src' : folder));
