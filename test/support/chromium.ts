/**
 * Debian's Chromium, which the browser tests drive through playwright-core (never a browser
 * download). Without it they fail with one line saying how to install it, not a stack trace.
 */
import { accessSync, constants } from 'node:fs';

export const CHROMIUM = '/usr/bin/chromium';

/** An error whose report is its message alone: the missing prerequisite is the whole story. */
export class MissingPrerequisite extends Error {
  constructor(message: string) {
    super(message);
    this.name = 'MissingPrerequisite';
    this.stack = `${this.name}: ${message}`;
  }
}

/** The browser's path, or a MissingPrerequisite saying how to install it. */
export function requireChromium(path = CHROMIUM): string {
  try {
    accessSync(path, constants.X_OK);
    return path;
  } catch {
    throw new MissingPrerequisite(`The browser tests need Chromium at ${path}, and it is not there. Install it with \`sudo apt-get install -y chromium\` (Debian/Ubuntu; .ci/run does this), then run the tests again.`);
  }
}
