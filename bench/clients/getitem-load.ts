/**
 * The baseline for blob(id): bare GetItem calls through the AWS SDK, `connections` at a time for
 * `durationSeconds` (after a warm-up), against the same DynamoDB stand-in. Prints one JSON line.
 */
import { GetItemCommand } from '@aws-sdk/client-dynamodb';
import { runDynamoDbLoad, type DynamoDbLoadInput } from '../lib/dynamodb-load.js';

const input = JSON.parse(process.argv[2]) as DynamoDbLoadInput & { id: string };

await runDynamoDbLoad(input, async (client) => {
  const out = await client.send(new GetItemCommand({ TableName: input.tableName, Key: { id: { S: input.id } }, ConsistentRead: true }));
  return Boolean(out.Item);
});
