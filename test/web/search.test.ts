/**
 * Search in the signed-in web app, in Debian's Chromium, against the real local stack: the label
 * cloud shows the user's labels with counts, a click on one searches it, the box searches several
 * names with ALL or ANY, and a deleted image leaves the results and the cloud. The blobs are
 * labelled through the real flow with labels the test chooses (the Rekognition proxy answers).
 */
import type { Page } from 'playwright-core';
import { afterAll, beforeAll, expect, it } from 'vitest';
import { chosenLabels } from '../support/labelled-blobs.js';
import { startRekognitionProxy } from '../support/rekognition-proxy.js';
import { signInThroughPage, startWebHarness, type WebHarness } from '../support/web-harness.js';
import { waitFor } from '../support/wait.js';
import { createConfirmedUser } from '../support/confirmed-user.js';

let web: WebHarness;
let proxy: Awaited<ReturnType<typeof startRekognitionProxy>>;
let page: Page;
const PASSWORD = 'Correct-Horse-9';
const email = `web-search-${process.pid}@example.com`;
const made = { dogAndCat: [] as string[], dog: [] as string[], car: [] as string[] };

beforeAll(async () => {
  proxy = await startRekognitionProxy();
  web = await startWebHarness({ scratchPrefix: 'blobs-web-search-', stackOptions: { functionsRekognitionEndpoint: proxy.url } });
  proxy.forwardTo(web.stack.rekognitionEndpoint);
  const { stack } = web;
  await createConfirmedUser(stack, email, PASSWORD);

  page = await web.newPage({ viewport: { width: 1200, height: 900 } });
  await signInThroughPage(page, email, PASSWORD);

  // The user's blobs, made with the token the page keeps.
  const token = await page.evaluate(() => Object.entries(localStorage).find(([key]) => key.startsWith('CognitoIdentityServiceProvider.') && key.endsWith('.idToken'))?.[1]);
  const call = async <T>(query: string, variables?: Record<string, unknown>): Promise<T> => {
    const response = await fetch(stack.graphqlUrl, { method: 'POST', headers: { 'content-type': 'application/json', authorization: token! }, body: JSON.stringify({ query, variables }) });
    const body = (await response.json()) as { data: T; errors?: unknown };
    if (body.errors) throw new Error(JSON.stringify(body.errors));
    return body.data;
  };
  const { labelledBlob } = chosenLabels(proxy);
  const dog = { name: 'Dog', confidence: 90, parents: ['Animal'] };
  for (let i = 0; i < 2; i++) made.dogAndCat.push((await labelledBlob(call, [dog, { name: 'Cat', confidence: 80, parents: ['Animal'] }])).id);
  for (let i = 0; i < 3; i++) made.dog.push((await labelledBlob(call, [dog])).id);
  made.car.push((await labelledBlob(call, [{ name: 'Car', confidence: 95, parents: ['Vehicle'] }])).id);
  await waitFor(() => (stack.pendingEvents() === 0 ? true : undefined), { what: 'all S3 events handled' });
  await web.openApp(page);
}, 240_000);
afterAll(async () => {
  await page?.context().close();
  await web?.close();
  await proxy?.close();
});

const cloud = () => page.locator('#label-cloud .label-chip').evaluateAll((chips) => chips.map((c) => c.getAttribute('aria-label')));
const resultIds = () => page.locator('#search-results .gallery-item').evaluateAll((items) => items.map((i) => (i as HTMLElement).dataset.blobId).sort());
const searched = () => page.locator('#search[data-state="results"]').waitFor();

it('shows my labels as a cloud, most frequent first, and a click on one searches it', async () => {
  await expect.poll(cloud, { timeout: 30_000 }).toEqual(['Animal: 5 images', 'Dog: 5 images', 'Cat: 2 images', 'Car: 1 image', 'Vehicle: 1 image']);
  await page.locator('#label-cloud .label-chip[data-label="Vehicle"]').click();
  await searched();
  expect(await resultIds()).toEqual(made.car);
  expect(await page.inputValue('#search-labels')).toBe('Vehicle');
});

it('searches several names with ALL or ANY, and Clear goes back', async () => {
  await page.fill('#search-labels', 'dog, cat');
  await page.selectOption('#search-match', 'ALL');
  await page.locator('#search-form button[type="submit"]').click();
  await expect.poll(resultIds, { timeout: 30_000 }).toEqual([...made.dogAndCat].sort());
  expect(await page.locator('#search-status').textContent()).toBe('2 images found.');
  await page.selectOption('#search-match', 'ANY');
  await page.fill('#search-labels', 'cat car');
  await page.locator('#search-form button[type="submit"]').click();
  await expect.poll(resultIds, { timeout: 30_000 }).toEqual([...made.dogAndCat, ...made.car].sort());
  await page.fill('#search-labels', 'giraffe');
  await page.locator('#search-form button[type="submit"]').click();
  await expect.poll(() => page.locator('#search-status').textContent(), { timeout: 30_000 }).toBe('No images with any of: giraffe.');
  await page.locator('#search-clear').click();
  expect(await page.locator('#search-results .gallery-item').count()).toBe(0);
});

it('a deleted result leaves the results and the cloud', async () => {
  await page.selectOption('#search-match', 'ALL');
  await page.fill('#search-labels', 'car');
  await page.locator('#search-form button[type="submit"]').click();
  await expect.poll(resultIds, { timeout: 30_000 }).toEqual(made.car);
  await page.locator(`#search-results li[data-blob-id="${made.car[0]}"] .gallery-delete`).click();
  await page.locator('#confirm-dialog button[value="confirm"]').click();
  await expect.poll(resultIds, { timeout: 30_000 }).toEqual([]);
  await expect.poll(cloud, { timeout: 30_000 }).toEqual(['Animal: 5 images', 'Dog: 5 images', 'Cat: 2 images']);
  expect(await page.locator(`#gallery-items li[data-blob-id="${made.car[0]}"]`).count()).toBe(0);
});
