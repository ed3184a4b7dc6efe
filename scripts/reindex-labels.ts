/**
 * `npm run reindex-labels -- --table NAME [--endpoint URL] [--region R]`: writes the search index
 * items of every labelled blob of a signed-in owner already in the table, for blobs labelled
 * before the index existed (the labelling function writes them for every blob after). Each
 * blob's items are put exactly as the labelling function puts them (functions/lib/label-index/),
 * so running it twice, or while blobs are being labelled or deleted, changes nothing wrong: a
 * blob deleted meanwhile has its items taken out again, and searches check every hit against its
 * record anyway. Credentials: the SDK's default chain (AWS_PROFILE, …); it needs Scan, GetItem
 * and BatchWriteItem on the table.
 */
import { parseArgs } from 'node:util';
import { DynamoDBClient } from '@aws-sdk/client-dynamodb';
import { DynamoDBDocumentClient, ScanCommand } from '@aws-sdk/lib-dynamodb';
import type { BlobRecord } from '../functions/lib/blob-record.js';
import { createLabelIndexWriter } from '../functions/lib/label-index/writer.js';

const USAGE = 'usage: npm run reindex-labels -- --table NAME [--endpoint URL] [--region REGION]';
const { values } = parseArgs({ options: { table: { type: 'string' }, endpoint: { type: 'string' }, region: { type: 'string' }, help: { type: 'boolean', short: 'h' } } });
if (values.help || !values.table) {
  console.log(USAGE);
  process.exit(values.help ? 0 : 2);
}
const tableName = values.table;
const client = DynamoDBDocumentClient.from(new DynamoDBClient({ endpoint: values.endpoint, region: values.region ?? process.env.AWS_REGION ?? 'us-east-1' }));
const writer = createLabelIndexWriter(client, tableName);

let blobs = 0;
let items = 0;
let startKey: Record<string, unknown> | undefined;
try {
  do {
    const page = await client.send(
      new ScanCommand({
        TableName: tableName,
        FilterExpression: '#s = :labelled AND attribute_exists(#o)',
        ExpressionAttributeNames: { '#s': 'status', '#o': 'owner' },
        ExpressionAttributeValues: { ':labelled': 'LABELLED' },
        ExclusiveStartKey: startKey,
      }),
    );
    for (const record of (page.Items ?? []) as BlobRecord[]) {
      items += await writer.write(record);
      blobs += 1;
    }
    startKey = page.LastEvaluatedKey;
  } while (startKey);
  console.log(`Indexed ${blobs} labelled blob${blobs === 1 ? '' : 's'} of signed-in owners: ${items} index items written.`);
} catch (error) {
  console.error(`reindex-labels: ${(error as Error).message}`);
  process.exitCode = 1;
} finally {
  client.destroy();
}
