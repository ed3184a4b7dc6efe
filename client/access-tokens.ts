/** The signed-in user's personal access tokens: mint one (its secret shown once), list, revoke. */
import type { GraphQLResult } from 'aws-amplify/api';
import type { AccessToken, NewAccessToken } from '../api/generated/graphql.js';
import type { BlobsGraphqlClient } from './config.js';
import { toClientError } from './graphql-errors.js';

const CREATE = /* GraphQL */ `mutation CreateAccessToken($name: String!, $expiresInDays: Int) { createAccessToken(name: $name, expiresInDays: $expiresInDays) { id name token expiresAt } }`;
const LIST = /* GraphQL */ `query AccessTokens { accessTokens { id name createdAt lastUsedAt expiresAt } }`;
const REVOKE = /* GraphQL */ `mutation RevokeAccessToken($id: ID!) { revokeAccessToken(id: $id) }`;

async function run<Result>(client: BlobsGraphqlClient, query: string, variables: object, what: string): Promise<Result> {
  try {
    return ((await client.graphql({ query, variables: variables as never })) as GraphQLResult<Result>).data;
  } catch (failure) {
    throw toClientError(failure, what);
  }
}

export const createAccessToken = async (client: BlobsGraphqlClient, name: string, expiresInDays?: number): Promise<NewAccessToken> =>
  (await run<{ createAccessToken: NewAccessToken }>(client, CREATE, { name, expiresInDays }, 'Creating the token')).createAccessToken;
export const listAccessTokens = async (client: BlobsGraphqlClient): Promise<AccessToken[]> => (await run<{ accessTokens: AccessToken[] }>(client, LIST, {}, 'Listing your tokens')).accessTokens;
export const revokeAccessToken = async (client: BlobsGraphqlClient, id: string): Promise<boolean> => (await run<{ revokeAccessToken: boolean }>(client, REVOKE, { id }, 'Revoking the token')).revokeAccessToken;
