/**
 * The signed-in web app in Debian's Chromium, against the real local stack (its user pool, the
 * engine's user-pool auth, the owner-scoped API): create an account with the code from the local
 * pool, sign in, upload, find the picture in "My images" with its boxes and labels, reload and
 * still be signed in, page in with "Load more", delete after confirming, sign out. The refusals
 * along the way are shown in the Authenticator's words.
 */
import { join } from 'node:path';
import type { Page } from 'playwright-core';
import { afterAll, afterEach, beforeAll, beforeEach, describe, expect, it } from 'vitest';
import { startWebHarness, type WebHarness, artifacts } from '../support/web-harness.js';
import { image, repoRoot } from '../support/paths.js';

const PASSWORD = 'Correct-Horse-9';
// expect.poll gives up after 1 s by default: far too soon on a busy machine.

let web: WebHarness;
let stack: WebHarness['stack'];
let page: Page;
let users = 0;
const newEmail = () => `gallery-${process.pid}-${++users}@example.com`;

beforeAll(async () => {
  web = await startWebHarness({ scratchPrefix: 'blobs-gallery-' });
  stack = web.stack;
});
afterAll(async () => {
  await web?.close();
});

beforeEach(async () => {
  // A context of its own per test: its own localStorage, so no session leaks between tests.
  page = await web.newPage({ viewport: { width: 1200, height: 900 } });
});
afterEach(async () => {
  await page?.context().close();
});

const openPage = () => web.openApp(page);

const authStep = (step: string) => page.locator(`#auth-form[data-step="${step}"]`).waitFor();
const authError = () => page.locator('#auth-error').textContent();
async function submitAuth(): Promise<void> {
  await page.locator('#auth-form button[type="submit"]').click();
  // The button is disabled while the call is in flight and comes back when it is answered.
  await page.locator('#auth-form:not([aria-busy])').waitFor();
}

/** Sign-up through the page, confirmed with the code the local pool issued. */
async function signUp(email: string): Promise<void> {
  await page.locator('#account-sign-up').click();
  await authStep('signUp');
  await page.fill('#auth-email', email);
  await page.fill('#auth-password', PASSWORD);
  await page.fill('#auth-confirm-password', PASSWORD);
  await page.locator('#auth-form button[type="submit"]').click();
  await authStep('confirmSignUp');
  await page.fill('#auth-code', stack.userPool.codes.latest(email, 'SIGN_UP')!);
  await page.locator('#auth-form button[type="submit"]').click();
  await authStep('signIn');
}

async function signIn(email: string, password = PASSWORD): Promise<void> {
  if (!(await page.locator('#auth-dialog[open]').count())) await page.locator('#account-sign-in').click();
  await authStep('signIn');
  await page.fill('#auth-email', email);
  await page.fill('#auth-password', password);
  await page.locator('#auth-form button[type="submit"]').click();
  await page.locator('#app[data-auth="signed-in"]').waitFor();
}

/** The signed-in user's id token, as Amplify keeps it in localStorage. */
const idToken = () => page.evaluate(() => Object.entries(localStorage).find(([key]) => key.startsWith('CognitoIdentityServiceProvider.') && key.endsWith('.idToken'))?.[1]);

async function graphqlAs(token: string, query: string, variables: Record<string, unknown> = {}) {
  const response = await fetch(stack.graphqlUrl, { method: 'POST', headers: { 'content-type': 'application/json', authorization: token }, body: JSON.stringify({ query, variables }) });
  return (await response.json()) as { data?: Record<string, any>; errors?: Array<{ message: string; errorType?: string }> };
}

const galleryItems = () => page.locator('#gallery-items .gallery-item');

describe('the signed-in web app', () => {
  it('signed out: the quick start labels a photo, and the gallery asks for sign-in', async () => {
    expect(await page.locator('#app').getAttribute('data-auth')).toBe('signed-out');
    await expect.poll(() => page.locator('#gallery .gallery-signed-out').textContent(), { timeout: 30_000 }).toContain('Sign in to keep your images');
    expect(await page.locator('#gallery-items .gallery-item').count()).toBe(0);

    await page.setInputFiles('#file-input', image('chelsea.png'));
    await page.locator('#app[data-state="labelled"]').waitFor();
    expect(await page.locator('#boxes .box').count()).toBeGreaterThan(0);
    expect(await galleryItems().count()).toBe(0); // an API-key upload belongs to no one
  });

  it('says what is wrong, in the Authenticator’s words: password policy, mismatch, wrong code, wrong password, unknown user', async () => {
    const email = newEmail();
    await page.locator('#account-sign-up').click();
    await authStep('signUp');
    await page.fill('#auth-email', email);
    await page.fill('#auth-password', 'short');
    await page.fill('#auth-confirm-password', 'short');
    await submitAuth();
    expect(await authError()).toBe('Password must have at least 8 characters');
    await page.fill('#auth-password', PASSWORD);
    await page.fill('#auth-confirm-password', `${PASSWORD}x`);
    await submitAuth();
    expect(await authError()).toBe('Your passwords must match');

    await page.fill('#auth-confirm-password', PASSWORD);
    await page.locator('#auth-form button[type="submit"]').click();
    await authStep('confirmSignUp');
    expect(await page.locator('#auth-intro').textContent()).toContain(email);
    const code = stack.userPool.codes.latest(email, 'SIGN_UP')!;
    await page.fill('#auth-code', code === '000000' ? '111111' : '000000');
    await submitAuth();
    expect(await authError()).toBe('Invalid verification code provided, please try again.');
    await page.fill('#auth-code', code);
    await page.locator('#auth-form button[type="submit"]').click();
    await authStep('signIn');
    expect(await page.locator('#auth-notice').textContent()).toBe('Your account is confirmed. Sign in.');

    await page.fill('#auth-password', 'Wrong-Password-1');
    await submitAuth();
    expect(await authError()).toBe('Incorrect username or password.');
    await page.screenshot({ path: join(artifacts, 'web-sign-in-refused.png') });
    await page.fill('#auth-email', newEmail()); // never signed up: the pool hides whether it exists
    await page.fill('#auth-password', PASSWORD);
    await submitAuth();
    expect(await authError()).toMatch(/^(Incorrect username or password\.|User does not exist\.)$/);
    expect(await page.locator('#app').getAttribute('data-auth')).toBe('signed-out');
  });

  it('resets a forgotten password with the emailed code', async () => {
    const email = newEmail();
    await signUp(email);
    await page.locator('#auth-form button.link', { hasText: 'Forgot your password?' }).click();
    await authStep('forgotPassword');
    expect(await page.inputValue('#auth-email')).toBe(email);
    await page.locator('#auth-form button[type="submit"]').click();
    await authStep('confirmResetPassword');
    await page.fill('#auth-code', stack.userPool.codes.latest(email, 'FORGOT_PASSWORD')!);
    await page.fill('#auth-password', 'New-Password-77');
    await page.fill('#auth-confirm-password', 'New-Password-77');
    await page.locator('#auth-form button[type="submit"]').click();
    await authStep('signIn');
    expect(await page.locator('#auth-notice').textContent()).toBe('Your password is changed. Sign in with the new one.');
    await signIn(email, 'New-Password-77');
    expect(await page.locator('#account-email').textContent()).toBe(email);
  });

  it('signs up, signs in, uploads, shows the image in "My images" with boxes and labels, survives a reload, pages, deletes after confirming, signs out', async () => {
    const email = newEmail();
    await signUp(email);
    await signIn(email);
    expect(await page.locator('#account-email').textContent()).toBe(email);
    await page.locator('#gallery[data-state="ready"]').waitFor();
    expect(await page.locator('#gallery-status').textContent()).toBe('No images yet. Upload one above and it appears here.');

    // Record every status a gallery card shows, to see it follow the upload live.
    await page.evaluate(() => {
      const seen: string[] = ((window as any).seenStatuses = []);
      new MutationObserver(() => {
        document.querySelectorAll<HTMLElement>('#gallery-items .gallery-item').forEach((item) => {
          if (seen.at(-1) !== item.dataset.status) seen.push(item.dataset.status!);
        });
      }).observe(document.getElementById('gallery-items')!, { subtree: true, childList: true, attributes: true });
    });
    await page.setInputFiles('#file-input', image('messi5.jpg'));
    await page.locator('#app[data-state="labelled"]').waitFor();
    const card = page.locator('#gallery-items .gallery-item[data-status="LABELLED"]');
    await card.locator('img.thumb[src^="http"]').waitFor();
    expect(await galleryItems().count()).toBe(1);
    const seen = (await page.evaluate(() => (window as any).seenStatuses)) as string[];
    expect(seen[0]).toBe('PENDING_UPLOAD');
    expect(seen.at(-1)).toBe('LABELLED');
    expect(await card.locator('.gallery-labels').textContent()).toContain('Person');
    const blobId = (await card.getAttribute('data-blob-id'))!;

    // The blob is the user's: the API says so with the page's own token.
    const token = (await idToken())!;
    const owned = await graphqlAs(token, 'query ($id: ID!) { blob(id: $id) { id owner status imageUrl } }', { id: blobId });
    expect(owned.data?.blob).toMatchObject({ id: blobId, status: 'LABELLED' });
    expect(owned.data?.blob.owner).toMatch(/\w/);

    // Reload: still signed in, and the gallery comes back from myBlobs with the stored picture.
    await page.reload();
    await page.locator('#app[data-state="ready"]').waitFor();
    expect(await page.locator('#app').getAttribute('data-auth')).toBe('signed-in');
    expect(await page.locator('#account-email').textContent()).toBe(email);
    await page.locator('#gallery[data-state="ready"]').waitFor();
    const thumb = page.locator(`#gallery-items .gallery-item[data-blob-id="${blobId}"] img.thumb`);
    await expect.poll(() => thumb.evaluate((img: HTMLImageElement) => img.complete && img.naturalWidth), { timeout: 30_000 }).toBeGreaterThan(0);
    // The card shows the ≤320 px thumbnail (thumbnailUrl), not the full image.
    expect(new URL((await thumb.getAttribute('src'))!).pathname).toMatch(new RegExp(`/thumbnails/users/${blobId}\\.webp$`));
    expect(await thumb.evaluate((img: HTMLImageElement) => Math.max(img.naturalWidth, img.naturalHeight))).toBeLessThanOrEqual(320);

    // A second upload joins it, newest first.
    await page.setInputFiles('#file-input', image('horse.png'));
    await expect.poll(() => page.locator('#gallery-items .gallery-item[data-status="LABELLED"] img.thumb[src^="http"]').count(), { timeout: 60_000 }).toBe(2);
    expect(await galleryItems().count()).toBe(2);
    expect(await galleryItems().last().getAttribute('data-blob-id')).toBe(blobId);

    // Opening it shows the stored image with its boxes and labels.
    await page.locator(`#gallery-items .gallery-item[data-blob-id="${blobId}"] .gallery-open`).click();
    await page.locator('#app[data-state="labelled"]').waitFor();
    expect(await page.locator('#result').isVisible()).toBe(true);
    expect(await page.locator('#preview').getAttribute('src')).toMatch(/^http/);
    await expect.poll(() => page.locator('#preview').evaluate((img: HTMLImageElement) => img.complete && img.naturalWidth), { timeout: 30_000 }).toBeGreaterThan(0);
    const labels = await page.locator('#labels .label').evaluateAll((items) => items.map((li) => (li as HTMLElement).dataset.label));
    expect(labels).toEqual(expect.arrayContaining(['Person', 'Sports Ball']));
    expect(await page.locator('#boxes .box[data-label="Sports Ball"]').count()).toBe(1);
    await page.screenshot({ path: join(artifacts, 'web-gallery.png'), fullPage: true });

    // Twelve more, made through the API as this user (not uploaded): a page is 12, so "Load more" appears.
    for (let i = 0; i < 12; i++) {
      const created = await graphqlAs(token, 'mutation { createBlob(input: {}) { id } }');
      expect(created.errors).toBeUndefined();
    }
    await page.reload();
    await page.locator('#gallery[data-state="ready"]').waitFor();
    expect(await galleryItems().count()).toBe(12);
    expect(await page.locator(`#gallery-items .gallery-item[data-blob-id="${blobId}"]`).count()).toBe(0); // the oldest is on page 2
    await page.locator('#gallery-more').click();
    await page.locator(`#gallery-items .gallery-item[data-blob-id="${blobId}"]`).waitFor();
    const ids = await galleryItems().evaluateAll((items) => items.map((li) => (li as HTMLElement).dataset.blobId));
    expect(ids).toHaveLength(14);
    expect(new Set(ids).size).toBe(14);
    expect(ids.at(-1)).toBe(blobId); // newest first
    expect(await page.locator('#gallery-more').isHidden()).toBe(true);

    // Delete asks first: Cancel keeps it, Delete removes it (record and picture).
    const imageUrl = (await graphqlAs(token, 'query ($id: ID!) { blob(id: $id) { imageUrl } }', { id: blobId })).data?.blob.imageUrl as string;
    expect((await fetch(imageUrl)).status).toBe(200);
    const deleteButton = page.locator(`#gallery-items .gallery-item[data-blob-id="${blobId}"] .gallery-delete`);
    await deleteButton.click();
    await page.locator('#confirm-dialog[open]').waitFor();
    expect(await page.locator('#confirm-title').textContent()).toBe('Delete this image?');
    await page.locator('#confirm-dialog button', { hasText: 'Cancel' }).click();
    await page.locator('#confirm-dialog').waitFor({ state: 'detached' });
    expect(await galleryItems().count()).toBe(14);
    expect((await graphqlAs(token, 'query ($id: ID!) { blob(id: $id) { id } }', { id: blobId })).data?.blob).toMatchObject({ id: blobId });

    await deleteButton.click();
    await page.locator('#confirm-dialog button', { hasText: 'Delete' }).click();
    await page.locator(`#gallery-items .gallery-item[data-blob-id="${blobId}"]`).waitFor({ state: 'detached' });
    expect(await galleryItems().count()).toBe(13);
    expect(await page.locator('#result').isHidden()).toBe(true); // it was the one shown large
    expect((await graphqlAs(token, 'query ($id: ID!) { blob(id: $id) { id } }', { id: blobId })).data?.blob).toBeNull();
    expect((await fetch(imageUrl)).status).toBe(404);

    // Sign out: the tokens are gone, the gallery asks for sign-in again, and a reload stays signed out.
    await page.locator('#account-sign-out').click();
    await page.locator('#app[data-auth="signed-out"]').waitFor();
    expect(await galleryItems().count()).toBe(0);
    expect(await page.locator('#gallery .gallery-signed-out').isVisible()).toBe(true);
    expect(await idToken()).toBeUndefined();
    await page.reload();
    await page.locator('#app[data-state="ready"]').waitFor();
    expect(await page.locator('#app').getAttribute('data-auth')).toBe('signed-out');
  }, 240_000); // many steps, two photos labelled: generous for a busy machine
});
