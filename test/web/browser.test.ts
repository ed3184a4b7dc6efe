/**
 * The web page in Debian's Chromium, served by the real local stack from its own origin:
 * choosing a photo ends with labels and boxes drawn over it; a drop works the same way; the
 * drop zone is a keyboard control; failures are shown as alerts, not as silence.
 */
import { readFile } from 'node:fs/promises';
import { join } from 'node:path';
import { PutObjectCommand, S3Client } from '@aws-sdk/client-s3';
import { getSignedUrl } from '@aws-sdk/s3-request-presigner';
import type { Page } from 'playwright-core';
import { afterAll, beforeAll, beforeEach, afterEach, describe, expect, it } from 'vitest';
import { image, repoRoot } from '../support/paths.js';
import { startWebHarness, type WebHarness, artifacts, LABELLING_FINISHED as finished } from '../support/web-harness.js';


let web: WebHarness;
let stack: WebHarness['stack'];
let page: Page;

beforeAll(async () => {
  web = await startWebHarness({ scratchPrefix: 'blobs-web-' });
  stack = web.stack;
});
afterAll(async () => {
  await web?.close();
});

beforeEach(async () => {
  // Playwright's 30 s default is short for labelling on a busy machine.
  page = await web.newPage({ viewport: { width: 1200, height: 820 }, defaultTimeout: 120_000 });
});
afterEach(async () => {
  await page?.close();
});

const state = () => page.locator('#app').getAttribute('data-state');

describe('the web page', () => {
  it('labels a chosen photo and draws its boxes over it', async () => {
    await page.setInputFiles('#file-input', image('messi5.jpg'));
    await page.locator(finished).waitFor();
    expect(await state(), await page.locator('#error').textContent() ?? '').toBe('labelled');

    const labels = await page.locator('#labels .label').evaluateAll((items) => items.map((li) => (li as HTMLElement).dataset.label));
    expect(labels).toEqual(expect.arrayContaining(['Person', 'Sports Ball']));
    const meters = await page.locator('#labels .confidence-bar').evaluateAll((bars) => bars.map((b) => Number(b.getAttribute('aria-valuenow'))));
    expect(meters.every((v) => v > 0 && v <= 100)).toBe(true);

    // Boxes are drawn inside the image's area, and there is one for the ball.
    const boxes = page.locator('#boxes .box');
    expect(await boxes.count()).toBeGreaterThan(0);
    expect(await page.locator('#boxes .box[data-label="Sports Ball"]').count()).toBe(1);
    const img = (await page.locator('#preview').boundingBox())!;
    for (const box of await boxes.evaluateAll((all) => all.map((b) => b.getBoundingClientRect().toJSON() as DOMRect))) {
      expect(box.width).toBeGreaterThan(0);
      expect(box.x).toBeGreaterThanOrEqual(img.x - 1);
      expect(box.x + box.width).toBeLessThanOrEqual(img.x + img.width + 1);
    }

    expect(await page.locator('#upload-progress').evaluate((p: HTMLProgressElement) => p.value === p.max && p.max > 1)).toBe(true);
    expect(await page.locator('#status').textContent()).toMatch(/^Labelled: \d+ labels found in messi5\.jpg\.$/);
    expect(await page.locator('#error').isHidden()).toBe(true);
    await page.screenshot({ path: join(artifacts, 'web-labelled.png') });
  });

  it('labels a dropped photo', async () => {
    const bytes = (await readFile(image('chelsea.png'))).toString('base64');
    const dataTransfer = await page.evaluateHandle((base64) => {
      const transfer = new DataTransfer();
      const raw = Uint8Array.from(atob(base64), (c) => c.charCodeAt(0));
      transfer.items.add(new File([raw], 'chelsea.png', { type: 'image/png' }));
      return transfer;
    }, bytes);
    await page.dispatchEvent('#drop-zone', 'drop', { dataTransfer });
    await page.locator(finished).waitFor();
    expect(await state()).toBe('labelled');
    expect(await page.locator('#boxes .box').count()).toBeGreaterThan(0);
    expect(await page.locator('#image-caption').textContent()).toMatch(/^chelsea\.png — \d+ labels$/);
  });

  it('is usable from the keyboard and announces its status', async () => {
    expect(await page.locator('label[for="file-input"]').textContent()).toBe('Image file (JPEG or PNG)');
    expect(await page.locator('#status').getAttribute('aria-live')).toBe('polite');
    expect(await page.locator('#error').getAttribute('role')).toBe('alert');

    // The account bar's two buttons come first, then the drop zone.
    const stops: Array<string | undefined> = [];
    for (let i = 0; i < 3; i++) {
      await page.keyboard.press('Tab');
      stops.push(await page.evaluate(() => document.activeElement?.id));
    }
    expect(stops).toEqual(['account-sign-in', 'account-sign-up', 'drop-zone']);
    const chooser = page.waitForEvent('filechooser');
    // Playwright turns file-chooser interception on asynchronously; a round trip to the page
    // lets that land before Enter opens the dialog.
    await page.evaluate(() => 0);
    await page.keyboard.press('Enter');
    await (await chooser).setFiles(image('horse.png'));
    await page.locator(finished).waitFor();
    expect(await state()).toBe('labelled');

    await page.keyboard.press('Tab'); // on to the file input …
    await page.locator('#labels .label').first().focus(); // … and a label highlights its boxes
    expect(await page.locator('#boxes.focused').count()).toBe(1);
  });

  it('says plainly when the file is not an image', async () => {
    await page.setInputFiles('#file-input', image('not-an-image.jpg'));
    await page.locator(finished).waitFor();
    expect(await state()).toBe('error');
    expect(await page.locator('#error-title').textContent()).toBe('That file is not a JPEG or PNG image.');
    expect(await page.locator('#result').isHidden()).toBe(true);
  });

  it('shows the service’s reason when a blob ends FAILED', async () => {
    await page.setInputFiles('#file-input', image('truncated.jpg'));
    await page.locator(finished).waitFor();
    expect(await state()).toBe('failed');
    expect(await page.locator('#error-title').textContent()).toBe('The service could not label this image (INVALID_IMAGE).');
    expect(await page.locator('#error-detail').textContent()).toMatch(/\w/);
  });

  it('says the upload link expired when S3 answers so', async () => {
    // The one fault injected: the page's PUT goes out with its URL re-signed ten minutes ago
    // (same key, same signed content type); the real local S3 then refuses it as expired.
    const s3 = new S3Client({ endpoint: stack.s3Endpoint, region: stack.region, credentials: stack.credentials, forcePathStyle: true });
    await page.route(`${stack.s3Endpoint}/**`, async (route) => {
      const request = route.request();
      if (request.method() !== 'PUT') return route.continue();
      const key = decodeURIComponent(new URL(request.url()).pathname.split('/').slice(2).join('/'));
      const expired = await getSignedUrl(s3, new PutObjectCommand({ Bucket: stack.bucketName, Key: key, ContentType: 'image/jpeg' }), {
        expiresIn: 300,
        signingDate: new Date(Date.now() - 10 * 60_000),
        signableHeaders: new Set(['content-type']),
      });
      await route.continue({ url: expired });
    });
    await page.setInputFiles('#file-input', image('messi5.jpg'));
    await page.locator(finished).waitFor();
    s3.destroy();
    expect(await state()).toBe('error');
    expect(await page.locator('#error-title').textContent()).toBe('The upload link expired before the upload finished.');
    expect(await page.locator('#error-detail').textContent()).toBe('Choose the image again to get a new link.');
  });
});
