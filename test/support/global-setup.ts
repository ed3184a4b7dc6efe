/** Once per `vitest run`: the CLI tests run `blobs` as users do, from the build of the current sources. */
import { buildCli } from '../../scripts/build-cli.js';

export default async function setup(): Promise<void> {
  await buildCli();
}
