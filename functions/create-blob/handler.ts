/**
 * createBlob: validates the input, records the blob as PENDING_UPLOAD and hands back a
 * presigned PUT URL. Input problems are answered as data ({ ok: false }) so the resolver can
 * raise them with their errorType on AWS and locally alike.
 */
import { randomUUID } from 'node:crypto';
import type { CreateBlobInput, CreateBlobPayload } from '../../api/generated/graphql.js';
import { inputRefusal, type InputRefusal } from '../../api/input-refusal.js';
import { storageClassOf, uploadKey } from '../../api/object-keys.js';
import { createBlobRepository } from '../lib/blob-repository.js';
import { callbackUrlProblem, systemResolver, type Resolver } from '../lib/callback-url.js';
import { createClients } from '../lib/clients.js';
import { traced } from '../lib/tracing.js';
import { configFromEnv, type FunctionConfig } from '../lib/config.js';
import { createLogger } from '../lib/logger.js';
import { presignUpload } from '../lib/upload-signer.js';
import { featureOptions } from '../lib/feature-options.js';
import { recordExpiry } from '../lib/retention.js';
import { uploadSize } from './upload-size.js';

export const ACCEPTED_CONTENT_TYPES = ['image/jpeg', 'image/png'] as const;

export interface CreateBlobEvent {
  arguments: { input?: CreateBlobInput | null };
  /** The caller's user-pool sub, set by the resolver; absent or null for API-key and IAM callers. */
  owner?: string | null;
}

export type CreateBlobResult = { ok: true; blob: CreateBlobPayload } | InputRefusal;

export function createCreateBlobHandler(config: FunctionConfig, deps: { resolve?: Resolver } = {}) {
  const clients = createClients(config);
  const blobs = createBlobRepository(clients.dynamodb, config.tableName);
  const logger = createLogger('createBlob');
  const policy = { allowLoopback: config.allowLoopbackCallbacks };

  return async function handler(event: CreateBlobEvent): Promise<CreateBlobResult> {
    const input = event?.arguments?.input ?? {};
    const contentType = input.contentType ?? 'image/jpeg';
    if (!(ACCEPTED_CONTENT_TYPES as readonly string[]).includes(contentType)) {
      return inputRefusal(`contentType must be one of ${ACCEPTED_CONTENT_TYPES.join(', ')}; got "${contentType}"`);
    }
    const asked = featureOptions(input);
    if (!asked.ok) return inputRefusal(asked.message);
    const size = uploadSize(input.contentLength);
    if (!size.ok) return inputRefusal(size.message);
    if (input.callbackUrl) {
      const problem = await callbackUrlProblem(input.callbackUrl, policy, deps.resolve ?? systemResolver);
      if (problem) return inputRefusal(problem);
    }

    const id = randomUUID();
    // The key says whose the upload is, so lifecycle rules can expire anonymous uploads only.
    const imageKey = uploadKey(id, storageClassOf(event.owner));
    const now = new Date();
    const expiresAt = new Date(now.getTime() + config.uploadUrlTtlSeconds * 1000);
    await blobs.create({
      id,
      status: 'PENDING_UPLOAD',
      contentType,
      imageKey,
      callbackUrl: input.callbackUrl ?? null,
      ...asked.options,
      // Left out rather than null when there is no owner: the byOwner index key must be a string.
      ...(event.owner ? { owner: event.owner } : {}),
      createdAt: now.toISOString(),
      updatedAt: now.toISOString(),
      ...recordExpiry(config, event.owner, now),
    });
    const uploadUrl = await presignUpload(clients.s3, { bucket: config.bucketName, key: imageKey, contentType, expiresInSeconds: config.uploadUrlTtlSeconds, contentLength: size.contentLength });
    logger.info('blob created', { blobId: id, contentType, hasCallback: Boolean(input.callbackUrl), features: asked.options.features, sized: size.contentLength !== undefined, owned: Boolean(event.owner) });
    return { ok: true, blob: { id, uploadUrl, expiresAt: expiresAt.toISOString(), callbackUrl: input.callbackUrl ?? null } };
  };
}

let fromEnv: ReturnType<typeof createCreateBlobHandler> | undefined;
/** The Lambda entry point: configured from the environment on first use. */
export const handler = traced((event: CreateBlobEvent) => (fromEnv ??= createCreateBlobHandler(configFromEnv()))(event));
