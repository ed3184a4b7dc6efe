/**
 * The page's feature choice in Debian's Chromium against the real local stack: ticking
 * features sends them; colour swatches, text boxes and face boxes appear, each box kind in its
 * own style; a moderation finding blurs the preview behind a warning until the user chooses to
 * see it. Screenshots go to test-artifacts/ (look at them).
 */
import { writeFile } from 'node:fs/promises';
import { join } from 'node:path';
import type { Page } from 'playwright-core';
import sharp from 'sharp';
import { afterAll, afterEach, beforeAll, beforeEach, describe, expect, it } from 'vitest';
import { image, repoRoot } from '../support/paths.js';
import { startWebHarness, type WebHarness, artifacts, LABELLING_FINISHED as finished } from '../support/web-harness.js';


let web: WebHarness;
let page: Page;
let scratch: string;

beforeAll(async () => {
  web = await startWebHarness({ scratchPrefix: 'blobs-web-features-' });
  scratch = web.scratch;
});
afterAll(async () => {
  await web?.close();
});

beforeEach(async () => {
  // Playwright's 30 s default is short for labelling on a busy machine.
  page = await web.newPage({ viewport: { width: 1200, height: 900 }, defaultTimeout: 120_000 });
});
afterEach(async () => {
  await page?.close();
});

const tick = (feature: string) => page.locator(`#feature-choice input[value="${feature}"]`).check();

async function labelWith(file: string): Promise<void> {
  await page.setInputFiles('#file-input', file);
  await page.locator(finished).waitFor({ timeout: 120_000 });
  expect(await page.locator('#app').getAttribute('data-state'), (await page.locator('#error').textContent()) ?? '').toBe('labelled');
}

describe('features on the web page', () => {
  it('offers the five features, LABELS ticked by default', async () => {
    const options = await page.locator('#feature-choice input[name="feature"]').evaluateAll((boxes) => boxes.map((b) => [(b as HTMLInputElement).value, (b as HTMLInputElement).checked]));
    expect(options).toEqual([
      ['LABELS', true],
      ['IMAGE_PROPERTIES', false],
      ['TEXT', false],
      ['FACES', false],
      ['MODERATION', false],
    ]);
  });

  it('colours and text: swatches, and dashed text boxes apart from the solid label boxes', async () => {
    // Half red, half white, with black text on the white half: known colours, known words.
    const file = join(scratch, 'poster.png');
    const svg = `<svg xmlns="http://www.w3.org/2000/svg" width="800" height="400"><rect width="400" height="400" fill="#ff0000"/><rect x="400" width="400" height="400" fill="#ffffff"/><text x="430" y="220" font-family="DejaVu Sans, sans-serif" font-size="60" fill="black">SALE</text></svg>`;
    await writeFile(file, await sharp(Buffer.from(svg)).png().toBuffer());
    await tick('IMAGE_PROPERTIES');
    await tick('TEXT');
    await labelWith(file);

    const swatches = await page.locator('.swatches .swatch').evaluateAll((items) => items.map((i) => (i as HTMLElement).dataset.hex?.toLowerCase()));
    expect(swatches).toEqual(expect.arrayContaining(['#ff0000']));
    expect(await page.locator('.swatch-chip').first().evaluate((chip) => getComputedStyle(chip).backgroundColor)).toMatch(/^rgb\(/);
    expect(await page.locator('.text-lines li').allTextContents()).toEqual(['SALE']);
    const textBoxes = page.locator('#feature-boxes .text-box');
    expect(await textBoxes.count()).toBe(1);
    expect(await textBoxes.first().textContent()).toBe('SALE');
    expect(await textBoxes.first().evaluate((b) => getComputedStyle(b).borderTopStyle)).toBe('dashed');
    // The box sits over the white half, where the word is.
    const img = (await page.locator('#preview').boundingBox())!;
    const box = (await textBoxes.first().boundingBox())!;
    expect(box.x).toBeGreaterThan(img.x + img.width / 2 - 2);
    await page.screenshot({ path: join(artifacts, 'web-features-colours-text.png'), fullPage: true });
  });

  it('faces: dotted face boxes over messi5.jpg, with the faces listed', async () => {
    await tick('FACES');
    await labelWith(image('messi5.jpg'));
    const faces = page.locator('#feature-boxes .face-box');
    expect(await faces.count()).toBeGreaterThan(0);
    expect(await faces.first().evaluate((b) => getComputedStyle(b).borderTopStyle)).toBe('dotted');
    expect(await page.locator('#boxes .box').first().evaluate((b) => getComputedStyle(b).borderTopStyle)).toBe('solid');
    expect(await page.locator('.faces li').count()).toBe(await faces.count());
    await page.screenshot({ path: join(artifacts, 'web-features-faces.png'), fullPage: true });
  });

  it('moderation: a finding blurs the preview behind a warning until the user chooses to see it', async () => {
    // At minimum confidence 0 the offline model reports its (low) sexual-content scores for any
    // photo: a real finding, without shipping an unsafe image.
    await page.locator('#feature-choice input[value="LABELS"]').uncheck();
    await tick('MODERATION');
    await page.locator('#min-confidence').fill('0');
    await labelWith(image('fruits.jpg'));

    const warning = page.locator('#moderation-warning');
    expect(await warning.isVisible()).toBe(true);
    expect(await warning.textContent()).toMatch(/may be unsuitable.*Moderation found: .*%/);
    expect(await page.locator('#image-stage').getAttribute('class')).toContain('moderated');
    expect(await page.locator('#preview').evaluate((img) => getComputedStyle(img).filter)).toMatch(/blur/);
    expect(await page.locator('.moderation-labels li').count()).toBeGreaterThan(0);
    expect(await page.locator('#labels').textContent()).toBe('Labels were not asked for.');
    await page.screenshot({ path: join(artifacts, 'web-features-moderation-blurred.png'), fullPage: true });

    await page.locator('#reveal-image').click();
    expect(await warning.isHidden()).toBe(true);
    expect(await page.locator('#preview').evaluate((img) => getComputedStyle(img).filter)).toBe('none');
    await page.screenshot({ path: join(artifacts, 'web-features-moderation-revealed.png'), fullPage: true });
  });

  it('moderation with nothing found shows the image as it is', async () => {
    await tick('MODERATION');
    await labelWith(image('coffee.png'));
    expect(await page.locator('#moderation-warning').isHidden()).toBe(true);
    expect(await page.locator('#preview').evaluate((img) => getComputedStyle(img).filter)).toBe('none');
    expect(await page.locator('.moderation .feature-none').textContent()).toBe('Nothing unsafe found.');
  });
});
