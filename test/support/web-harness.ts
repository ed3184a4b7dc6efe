/**
 * The browser tests' set-up: the web page built with Vite into a scratch directory, the real
 * local stack serving it from its own origin, and Debian's Chromium trusting exactly that
 * stack's certificate. One place, so every browser test launches the same browser the same way.
 */
import { createHash, X509Certificate } from 'node:crypto';
import { mkdir, mkdtemp, readFile, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { chromium, type Browser, type Page } from 'playwright-core';
import { build } from 'vite';
import type { StartLocalStackOptions } from '../../local/stack.js';
import { CHROMIUM, requireChromium } from './chromium.js';
import { startTestStack } from './local-stack.js';
import { repoRoot } from './paths.js';

type Stack = Awaited<ReturnType<typeof startTestStack>>;

const CHROMIUM_FLAGS = ['--headless', '--no-sandbox', '--disable-gpu', '--disable-quic', '--no-first-run', '--disable-background-networking', '--disable-component-update', '--disable-sync'];

/** The base64 SHA-256 of a certificate's public key, as --ignore-certificate-errors-spki-list takes it. */
async function spkiHash(certPath: string): Promise<string> {
  const spki = new X509Certificate(await readFile(certPath)).publicKey.export({ type: 'spki', format: 'der' });
  return createHash('sha256').update(spki).digest('base64');
}

/**
 * Debian's Chromium with the browser tests' flags; given a certificate, it trusts exactly that
 * certificate's key (the wss:// realtime socket needs it). playwright-core gives each launch a
 * fresh temporary profile (it refuses --user-data-dir here).
 */
export async function launchChromium(options: { trustCertificate?: string } = {}): Promise<Browser> {
  requireChromium();
  const pin = options.trustCertificate ? [`--ignore-certificate-errors-spki-list=${await spkiHash(options.trustCertificate)}`] : [];
  return chromium.launch({ executablePath: CHROMIUM, args: [...CHROMIUM_FLAGS, ...pin] });
}

/** Where the browser tests leave their screenshots (look at them); startWebHarness makes it. */
export const artifacts = join(repoRoot, 'test-artifacts');

/** The app once a labelling is over, whichever way it ended. */
export const LABELLING_FINISHED = '#app[data-state="labelled"], #app[data-state="failed"], #app[data-state="error"]';

export interface WebHarness {
  stack: Stack;
  browser: Browser;
  /** A directory of the test's own, removed by close(); the built page is in its dist/. */
  scratch: string;
  /**
   * A page in a context of its own (its own localStorage), opened on the web app and waited on
   * until the app is ready. defaultTimeout replaces Playwright's 30 s default where given.
   */
  newPage(options: { viewport: { width: number; height: number }; defaultTimeout?: number }): Promise<Page>;
  /** The page at the app's address again, waited on until the app is ready (after a reload, a sign-out…). */
  openApp(page: Page): Promise<void>;
  close(): Promise<void>;
}

export async function startWebHarness(options: { scratchPrefix?: string; stackOptions?: Partial<StartLocalStackOptions> } = {}): Promise<WebHarness> {
  requireChromium();
  await mkdir(artifacts, { recursive: true });
  const scratch = await mkdtemp(join(tmpdir(), options.scratchPrefix ?? 'blobs-web-'));
  let stack: Stack | undefined;
  let browser: Browser | undefined;
  const close = async () => {
    await browser?.close();
    await stack?.close();
    await rm(scratch, { recursive: true, force: true });
  };
  try {
    const webRoot = join(scratch, 'dist');
    await build({ configFile: join(repoRoot, 'web/vite.config.ts'), logLevel: 'warn', build: { outDir: webRoot, emptyOutDir: true, sourcemap: false } });
    stack = await startTestStack({ ...options.stackOptions, webRoot });
    browser = await launchChromium({ trustCertificate: stack.certPath });
  } catch (error) {
    await close();
    throw error;
  }
  const started = { stack, browser };
  const openApp = async (page: Page) => {
    await page.goto(started.stack.webUrl!);
    await page.locator('#app[data-state="ready"]').waitFor();
  };
  return {
    ...started,
    scratch,
    openApp,
    async newPage({ viewport, defaultTimeout }) {
      const page = await started.browser.newPage({ viewport });
      if (defaultTimeout !== undefined) page.setDefaultTimeout(defaultTimeout);
      await openApp(page);
      return page;
    },
    close,
  };
}

/** Signs in through the page's dialog, as a user would, and waits for the signed-in page. */
export async function signInThroughPage(page: Page, email: string, password: string): Promise<void> {
  await page.locator('#account-sign-in').click();
  await page.locator('#auth-form[data-step="signIn"]').waitFor();
  await page.fill('#auth-email', email);
  await page.fill('#auth-password', password);
  await page.locator('#auth-form button[type="submit"]').click();
  await page.locator('#app[data-auth="signed-in"]').waitFor();
}
