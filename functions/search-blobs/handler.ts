/**
 * searchBlobs and myLabels for a signed-in owner (the resolvers pass its sub and have checked
 * the arguments' ranges). Both read the inverted index (functions/lib/label-index/) and check
 * every hit against the blob record. nextTokens are sealed (AES-256-GCM) and bound to the owner
 * and the query, as AppSync seals myBlobs' tokens: a token altered, or made for another user or
 * another query, is refused.
 */
import type { LabelCount, LabelMatch } from '../../api/generated/graphql.js';
import type { BlobRecord } from '../lib/blob-record.js';
import { createClients } from '../lib/clients.js';
import { configFromEnv, type FunctionConfig } from '../lib/config.js';
import { traced } from '../lib/tracing.js';
import { labelCounts } from '../lib/label-index/counts.js';
import { searchIndex } from '../lib/label-index/search.js';
import { MAX_NAME_LENGTH, normalizeName } from '../lib/label-index/terms.js';
import { tokenKeySource } from '../lib/label-index/token-key.js';
import { createLogger } from '../lib/logger.js';
import { createPaginationTokens, InvalidPaginationToken } from '../lib/pagination-token.js';

export type SearchBlobsEvent =
  | { field: 'searchBlobs'; owner: string; labels: string[]; match?: LabelMatch | null; minConfidence?: number | null; limit: number; nextToken?: string | null }
  | { field: 'myLabels'; owner: string; limit: number };

/** A refusal the resolver turns into a GraphQL error of this type. */
export interface Refusal {
  refused: { type: 'BadRequest'; message: string };
}

export type SearchBlobsResult = { items: BlobRecord[]; nextToken: string | null } | LabelCount[] | Refusal;

const refuse = (message: string): Refusal => ({ refused: { type: 'BadRequest', message } });

export function createSearchBlobsHandler(config: FunctionConfig) {
  const clients = createClients(config);
  const logger = createLogger('searchBlobs');
  const tokenKey = tokenKeySource({ secret: config.searchTokenSecret, secretArn: config.searchTokenSecretArn, client: clients.secretsManager });
  let tokens: Promise<ReturnType<typeof createPaginationTokens<{ before: string }>>> | undefined;
  const sealing = () => (tokens ??= tokenKey().then((key) => createPaginationTokens<{ before: string }>(key)).catch((error) => ((tokens = undefined), Promise.reject(error))));

  async function search(event: Extract<SearchBlobsEvent, { field: 'searchBlobs' }>): Promise<SearchBlobsResult> {
    const terms = [...new Set((event.labels ?? []).map(normalizeName))];
    if (terms.length === 0 || terms.some((t) => t.length === 0 || t.length > MAX_NAME_LENGTH)) return refuse(`labels must be 1-${MAX_NAME_LENGTH} characters each, not blank`);
    const match = event.match ?? 'ALL';
    const minConfidence = event.minConfidence ?? undefined;
    // The token is bound to everything that decides the result's order and membership.
    const scope = ['searchBlobs', event.owner, match, String(minConfidence ?? ''), ...[...terms].sort()].join('\0');
    let before: string | undefined;
    try {
      before = (await sealing()).open(event.nextToken, scope)?.before;
    } catch (error) {
      if (error instanceof InvalidPaginationToken) return refuse('The nextToken is not valid for this query: it was altered, has expired, or belongs to another user or query');
      throw error;
    }
    const page = await searchIndex(clients.dynamodb, config.tableName, { owner: event.owner, terms, match, minConfidence, limit: event.limit, before });
    logger.info('search', { terms: terms.length, match, items: page.items.length, more: page.before !== undefined, ...page.calls });
    return { items: page.items, nextToken: page.before === undefined ? null : (await sealing()).seal({ before: page.before }, scope) };
  }

  return async function handler(event: SearchBlobsEvent): Promise<SearchBlobsResult> {
    if (typeof event?.owner !== 'string' || event.owner.length === 0) throw new Error('searchBlobs is for signed-in owners only (no owner in the event)');
    if (event.field === 'myLabels') return labelCounts(clients.dynamodb, config.tableName, event.owner, event.limit);
    return search(event);
  };
}

let fromEnv: ReturnType<typeof createSearchBlobsHandler> | undefined;
/** The Lambda entry point: configured from the environment on first use. */
export const handler = traced((event: SearchBlobsEvent) => (fromEnv ??= createSearchBlobsHandler(configFromEnv()))(event));
