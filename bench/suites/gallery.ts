/**
 * gallery_bytes_vs_full (issue 18): the bytes the web gallery's first page downloads (its 12
 * cards' thumbnailUrl) ÷ the bytes of the same page with full images (imageUrl), for a signed-in
 * user who uploaded the shared test photos as they are (PNG and JPEG, 16 KB to 790 KB). Both
 * sides are fetched through the presigned URLs the same myBlobs page hands out, in the same run.
 */
import { readdir, readFile } from 'node:fs/promises';
import { join } from 'node:path';
import { MY_BLOBS } from '../../client/owned-documents.js';
import { CREATE_BLOB } from '../../test/support/operations.js';
import { waitFor } from '../../test/support/wait.js';
import { metric, type Step } from '../lib/metrics.js';
import { imagesDir } from '../lib/paths.js';
import type { BenchStack } from '../lib/stack.js';
import { round } from '../lib/stats.js';
import { signedInUser } from './owner-queries.js';

/** web/src/gallery/gallery.ts's first page. */
const PAGE = 12;

export async function gallerySuite(step: Step, stack: BenchStack) {
  step('Signing a user up and in on the local pool…');
  const user = await signedInUser(stack);
  const gql = async (query: string, variables: Record<string, unknown>) => {
    const res = await fetch(stack.graphqlUrl, { method: 'POST', headers: { 'content-type': 'application/json', authorization: user.accessToken }, body: JSON.stringify({ query, variables }) });
    const body = (await res.json()) as { data?: any; errors?: unknown };
    if (body.errors) throw new Error(JSON.stringify(body.errors).slice(0, 300));
    return body.data;
  };
  const photos = [];
  for (const name of (await readdir(imagesDir)).sort()) if (/\.(png|jpe?g)$/i.test(name) && !/not-an-image|truncated/.test(name)) photos.push({ name, bytes: await readFile(join(imagesDir, name)) });

  step(`Uploading ${PAGE} photos as that user and waiting for them to be labelled…`);
  const ids: string[] = [];
  for (let i = 0; i < PAGE; i++) {
    const photo = photos[i % photos.length];
    const contentType = photo.name.endsWith('.png') ? 'image/png' : 'image/jpeg';
    const { id, uploadUrl } = (await gql(CREATE_BLOB, { input: { contentType } })).createBlob;
    const put = await fetch(uploadUrl, { method: 'PUT', body: new Uint8Array(photo.bytes), headers: { 'content-type': contentType } });
    if (put.status !== 200) throw new Error(`upload of ${photo.name} answered ${put.status}`);
    ids.push(id);
  }
  const page = await waitFor(
    async () => {
      const items = (await gql(MY_BLOBS, { limit: PAGE })).myBlobs.items as Array<{ id: string; status: string; thumbnailUrl: string | null; imageUrl: string | null }>;
      return items.length === PAGE && items.every((b) => b.status === 'LABELLED' && b.thumbnailUrl && b.imageUrl) ? items : undefined;
    },
    { what: 'the first page labelled, with thumbnails', timeoutMs: 300_000, intervalMs: 250 },
  );

  step('Downloading the page: thumbnails, then full images…');
  const bytesOf = async (url: string) => {
    const res = await fetch(url);
    if (res.status !== 200) throw new Error(`GET answered ${res.status}`);
    return (await res.arrayBuffer()).byteLength;
  };
  let thumbnails = 0;
  let full = 0;
  for (const blob of page) thumbnails += await bytesOf(blob.thumbnailUrl!);
  for (const blob of page) full += await bytesOf(blob.imageUrl!);
  return [
    metric('gallery_bytes_vs_full', round(thumbnails / full, 4), 'ratio', `bytes of the gallery's first page (${PAGE} thumbnailUrl GETs) ÷ bytes of the same page's imageUrl GETs, same myBlobs page`, {
      thumbnail_bytes: thumbnails,
      full_bytes: full,
      cards: PAGE,
    }),
  ];
}
