/**
 * lambda_auth_rps_vs_apikey: blob(id) through the engine with a personal access token in
 * `Authorization` (the AWS_LAMBDA mode, cache warm: the access-token authorizer ran once, for the
 * check request, and its answer is cached for the TTL; each request's resolver reads the blob and
 * the token's item in one BatchGetItem, so a revoked token is still refused at once) ÷ the same
 * query with the API key (one GetItem), same stack, same load. What acting through a token costs
 * per request.
 */
import { DynamoDBClient } from '@aws-sdk/client-dynamodb';
import { DynamoDBDocumentClient, PutCommand } from '@aws-sdk/lib-dynamodb';
import { createAccessTokenStore } from '../../functions/lib/access-tokens.js';
import { authorizedReadVsApiKey } from '../lib/authorized-read.js';
import { metric, type Step } from '../lib/metrics.js';
import type { BenchStack } from '../lib/stack.js';
import { LABELLED_ID, labelledRecord } from './blob-query.js';

const OWNER = 'bench-token-owner';

export async function lambdaAuthSuite(step: Step, stack: BenchStack, o: { durationSeconds: number }) {
  step('Minting an access token and writing a labelled blob its owner owns…');
  const ddb = DynamoDBDocumentClient.from(new DynamoDBClient({ endpoint: stack.dynamodbEndpoint, region: stack.region, credentials: stack.credentials }));
  const { token } = await createAccessTokenStore(ddb, stack.tableName).issue(OWNER, 'bench', 1, new Date());
  await ddb.send(new PutCommand({ TableName: stack.tableName, Item: { ...labelledRecord(LABELLED_ID), owner: OWNER } }));
  ddb.destroy();

  const read = await authorizedReadVsApiKey(step, stack, { authorization: token, name: 'token', described: 'an access token', durationSeconds: o.durationSeconds });
  return [
    metric('lambda_auth_rps_vs_apikey', read.ratio, 'ratio', 'blob(id) req/s with an access token through the Lambda authorizer, its answer cached (one BatchGetItem of the blob and the token item per request) ÷ the same with the API key (one GetItem), same stack', read.detail),
  ];
}
