/** The engine seals DynamoDB start keys as AppSync does, with the one sealing the functions use too. */
import type { AttributeValue } from '@aws-sdk/client-dynamodb';
import { createPaginationTokens as create, InvalidPaginationToken } from '../../../../functions/lib/pagination-token.js';

export { InvalidPaginationToken };
export const createPaginationTokens = (key?: Buffer) => create<Record<string, AttributeValue>>(key);
export type PaginationTokens = ReturnType<typeof createPaginationTokens>;
