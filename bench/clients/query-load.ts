/**
 * The baseline for myBlobs: bare Query calls on the byOwner index (one owner, newest first, a
 * page of `limit`) through the AWS SDK, `connections` at a time for `durationSeconds` (after a
 * warm-up), against the same DynamoDB stand-in. Prints one JSON line. `partitionKey` names
 * another index's partition attribute (searchBlobs' baseline queries byLabel's `labelKey`).
 */
import { QueryCommand } from '@aws-sdk/client-dynamodb';
import { runDynamoDbLoad, type DynamoDbLoadInput } from '../lib/dynamodb-load.js';

const input = JSON.parse(process.argv[2]) as DynamoDbLoadInput & { indexName: string; owner: string; limit: number; partitionKey?: string };

await runDynamoDbLoad(input, async (client) => {
  const out = await client.send(
    new QueryCommand({
      TableName: input.tableName,
      IndexName: input.indexName,
      KeyConditionExpression: '#owner = :owner',
      ExpressionAttributeNames: { '#owner': input.partitionKey ?? 'owner' },
      ExpressionAttributeValues: { ':owner': { S: input.owner } },
      ScanIndexForward: false,
      Limit: input.limit,
    }),
  );
  return out.Items?.length === input.limit;
});
