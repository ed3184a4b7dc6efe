import { DeleteItemCommand, ScanCommand, type DynamoDBClient } from '@aws-sdk/client-dynamodb';

/**
 * dynalite has no TTL, so the local runtime deletes expired items itself, as DynamoDB's TTL
 * does in AWS (there within ~48 h; here every `intervalMs`). The delete is conditional on the
 * item still being expired, so a concurrent update that extends it wins.
 */
export function startTtlSweeper(client: DynamoDBClient, tableName: string, o: { attribute?: string; intervalMs?: number } = {}) {
  const attribute = o.attribute ?? 'expiresAt';
  let running: Promise<number> | undefined;
  const sweep = async (): Promise<number> => {
    const now = Math.floor(Date.now() / 1000);
    let deleted = 0;
    let ExclusiveStartKey: Record<string, never> | undefined;
    do {
      const page = await client.send(
        new ScanCommand({
          TableName: tableName,
          ProjectionExpression: 'id',
          FilterExpression: '#ttl < :now',
          ExpressionAttributeNames: { '#ttl': attribute },
          ExpressionAttributeValues: { ':now': { N: String(now) } },
          ExclusiveStartKey,
        }),
      );
      for (const item of page.Items ?? []) {
        await client
          .send(
            new DeleteItemCommand({
              TableName: tableName,
              Key: { id: item.id },
              ConditionExpression: '#ttl < :now',
              ExpressionAttributeNames: { '#ttl': attribute },
              ExpressionAttributeValues: { ':now': { N: String(now) } },
            }),
          )
          .then(() => deleted++)
          .catch(() => {});
      }
      ExclusiveStartKey = page.LastEvaluatedKey as typeof ExclusiveStartKey;
    } while (ExclusiveStartKey);
    return deleted;
  };
  const timer = setInterval(() => {
    running ??= sweep().finally(() => (running = undefined));
  }, o.intervalMs ?? 60_000);
  timer.unref();
  return {
    sweep: () => (running ??= sweep().finally(() => (running = undefined))),
    stop: async () => {
      clearInterval(timer);
      await running?.catch(() => {});
    },
  };
}
