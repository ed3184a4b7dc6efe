/**
 * The AMAZON_DYNAMODB data source, operation by operation, against the local DynamoDB: requests
 * built with our `@aws-appsync/utils/dynamodb` helpers (as a resolver builds them), results as
 * AppSync hands them to the response handler, and DynamoDB's refusals as AppSync's error types.
 */
import { createServer } from 'node:http';
import type { AddressInfo } from 'node:net';
import { CreateTableCommand, DynamoDBClient } from '@aws-sdk/client-dynamodb';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { dynamodbInvoker } from '../../local/appsync/runtime/datasources/dynamodb.js';
import type { DataSourceInvoker } from '../../local/appsync/runtime/datasources/invoker.js';
import * as ddb from '../../local/appsync/runtime/dynamodb-module.js';
import { startLocalDynamoDB } from '../../local/dynamodb/index.js';

const TABLE = 'Notes';
const credentials = { accessKeyId: 'LOCALDEVACCESSKEY', secretAccessKey: 'local-dev-secret-access-key' };
let local: Awaited<ReturnType<typeof startLocalDynamoDB>>;
let source: DataSourceInvoker;

beforeAll(async () => {
  local = await startLocalDynamoDB({});
  const client = new DynamoDBClient({ endpoint: local.endpoint, region: 'us-east-1', credentials });
  await client.send(
    new CreateTableCommand({
      TableName: TABLE,
      BillingMode: 'PAY_PER_REQUEST',
      AttributeDefinitions: [
        { AttributeName: 'pk', AttributeType: 'S' },
        { AttributeName: 'sk', AttributeType: 'S' },
      ],
      KeySchema: [
        { AttributeName: 'pk', KeyType: 'HASH' },
        { AttributeName: 'sk', KeyType: 'RANGE' },
      ],
    }),
  );
  client.destroy();
  source = dynamodbInvoker({ type: 'AMAZON_DYNAMODB', tableName: TABLE, endpoint: local.endpoint, region: 'us-east-1', credentials });
});
afterAll(async () => {
  await source?.close?.();
  await local?.close();
});

const invoke = (request: unknown) => source.invoke(request, {} as never);
const failure = (request: unknown) => invoke(request).then(
  () => {
    throw new Error('expected the data source to refuse');
  },
  (error: { type: string; message: string }) => ({ type: error.type, message: error.message }),
);

describe('single items', () => {
  it('PutItem then GetItem round-trips every type, plain JSON out', async () => {
    const item = { title: 'first', count: 1, tags: ['a', 'b'], meta: { ok: true, none: null } };
    expect(await invoke(ddb.put({ key: { pk: 'n', sk: '1' }, item }))).toEqual({ pk: 'n', sk: '1', ...item });
    expect(await invoke(ddb.get({ key: { pk: 'n', sk: '1' }, consistentRead: true }))).toEqual({ pk: 'n', sk: '1', ...item });
    expect(await invoke(ddb.get({ key: { pk: 'n', sk: 'missing' } }))).toBeNull();
  });

  it('a failed condition is DynamoDB:ConditionalCheckFailedException', async () => {
    expect(await failure(ddb.put({ key: { pk: 'n', sk: '1' }, item: { title: 'again' }, condition: { pk: { attributeExists: false } } }))).toMatchObject({ type: 'DynamoDB:ConditionalCheckFailedException' });
    expect(await invoke(ddb.get({ key: { pk: 'n', sk: '1' } }))).toMatchObject({ title: 'first' });
  });

  it('UpdateItem applies each operation and returns the new item', async () => {
    const updated = await invoke(
      ddb.update({
        key: { pk: 'n', sk: '1' },
        update: { count: ddb.operations.increment(4), tags: ddb.operations.append(['c']), title: ddb.operations.replace('renamed'), meta: ddb.operations.remove(), added: 'new' },
        condition: { count: { eq: 1 } },
      }),
    );
    expect(updated).toEqual({ pk: 'n', sk: '1', title: 'renamed', count: 5, tags: ['a', 'b', 'c'], added: 'new' });
    expect(await failure(ddb.update({ key: { pk: 'n', sk: '1' }, update: { count: 0 }, condition: { count: { eq: 1 } } }))).toMatchObject({ type: 'DynamoDB:ConditionalCheckFailedException' });
  });

  it('DeleteItem returns the item it removed', async () => {
    await invoke(ddb.put({ key: { pk: 'gone', sk: '1' }, item: { title: 'bye' } }));
    expect(await invoke(ddb.remove({ key: { pk: 'gone', sk: '1' } }))).toEqual({ pk: 'gone', sk: '1', title: 'bye' });
    expect(await invoke(ddb.get({ key: { pk: 'gone', sk: '1' } }))).toBeNull();
  });
});

describe('lists', () => {
  beforeAll(async () => {
    await invoke(ddb.batchPut({ tables: { [TABLE]: ['1', '2', '3', '4', '5'].map((sk) => ({ pk: 'q', sk, n: Number(sk) })) } }));
  });

  it('Query pages with limit and nextToken, in either direction', async () => {
    const first = (await invoke(ddb.query({ query: { pk: { eq: 'q' } }, limit: 2 }))) as { items: Array<{ sk: string }>; nextToken: string | null };
    expect(first.items.map((i) => i.sk)).toEqual(['1', '2']);
    expect(first.nextToken).toEqual(expect.any(String));
    const second = (await invoke(ddb.query({ query: { pk: { eq: 'q' } }, limit: 2, nextToken: first.nextToken! }))) as { items: Array<{ sk: string }> };
    expect(second.items.map((i) => i.sk)).toEqual(['3', '4']);
    const backwards = (await invoke(ddb.query({ query: { pk: { eq: 'q' }, sk: { between: ['2', '4'] } }, scanIndexForward: false }))) as { items: Array<{ sk: string }>; nextToken: string | null };
    expect(backwards.items.map((i) => i.sk)).toEqual(['4', '3', '2']);
    expect(backwards.nextToken).toBeNull();
  });

  it('nextTokens are sealed as AppSync seals them: opaque, and an altered, forged or other-operation token is refused before DynamoDB is asked', async () => {
    const first = (await invoke(ddb.query({ query: { pk: { eq: 'q' } }, limit: 2 }))) as { nextToken: string };
    // Opaque: the start key is not readable in the token.
    expect(Buffer.from(first.nextToken.split('.')[1] ?? '', 'base64url').toString('latin1')).not.toContain('"sk"');
    const refused = { type: 'DynamoDB:InvalidNextToken', message: expect.stringContaining('nextToken is not valid') };
    const flipped = `${first.nextToken.slice(0, -2)}${first.nextToken.endsWith('AA') ? 'AB' : 'AA'}`;
    expect(await failure(ddb.query({ query: { pk: { eq: 'q' } }, limit: 2, nextToken: flipped }))).toEqual(refused);
    // What the token format was before sealing: a plain base64 start key, as an attacker would forge it.
    const forged = Buffer.from(JSON.stringify({ pk: { S: 'q' }, sk: { S: '4' } })).toString('base64');
    expect(await failure(ddb.query({ query: { pk: { eq: 'q' } }, limit: 2, nextToken: forged }))).toEqual(refused);
    expect(await failure(ddb.query({ query: { pk: { eq: 'q' } }, limit: 2, nextToken: 'v1.' }))).toEqual(refused);
    const scanToken = ((await invoke(ddb.scan({ limit: 1 }))) as { nextToken: string }).nextToken;
    expect(await failure(ddb.query({ query: { pk: { eq: 'q' } }, limit: 2, nextToken: scanToken }))).toEqual(refused);
    // Another engine run (another key) cannot open it either.
    const restarted = dynamodbInvoker({ type: 'AMAZON_DYNAMODB', tableName: TABLE, endpoint: local.endpoint, region: 'us-east-1', credentials });
    await expect(restarted.invoke(ddb.query({ query: { pk: { eq: 'q' } }, limit: 2, nextToken: first.nextToken }), {} as never)).rejects.toMatchObject({ type: 'DynamoDB:InvalidNextToken' });
    restarted.close?.();
  });

  it('Query and Scan apply a filter after reading', async () => {
    const big = (await invoke(ddb.query({ query: { pk: { eq: 'q' } }, filter: { n: { gt: 2 } } }))) as { items: Array<{ sk: string }>; scannedCount: number };
    expect(big.items.map((i) => i.sk)).toEqual(['3', '4', '5']);
    expect(big.scannedCount).toBe(5);
    const scanned = (await invoke(ddb.scan({ filter: { pk: { eq: 'q' }, sk: { beginsWith: '5' } } }))) as { items: Array<{ sk: string }> };
    expect(scanned.items).toEqual([{ pk: 'q', sk: '5', n: 5 }]);
  });

  it('BatchGetItem answers per table, in the keys\' order with null for a missing item (as AppSync); BatchDeleteItem removes', async () => {
    const got = (await invoke(ddb.batchGet({ tables: { [TABLE]: { keys: [{ pk: 'q', sk: '9' }, { pk: 'q', sk: '3' }, { pk: 'q', sk: '1' }], consistentRead: true } } }))) as { data: Record<string, unknown[]>; unprocessedKeys: Record<string, unknown[]> };
    expect(got.data[TABLE]).toEqual([null, { pk: 'q', sk: '3', n: 3 }, { pk: 'q', sk: '1', n: 1 }]);
    expect(got.unprocessedKeys[TABLE]).toEqual([]);
    await invoke(ddb.batchDelete({ tables: { [TABLE]: [{ pk: 'q', sk: '1' }] } }));
    expect(await invoke(ddb.get({ key: { pk: 'q', sk: '1' } }))).toBeNull();
  });
});

/**
 * dynalite, the local DynamoDB, has no transactions. So the translation is checked on the wire
 * against a recording endpoint, which answers as DynamoDB documents; and against the local
 * DynamoDB the refusal is DynamoDB's own (the README says so).
 */
describe('transactions', () => {
  async function recordingDynamoDB(answer: object) {
    const calls: Array<{ target: string; body: any }> = [];
    const server = createServer((req, res) => {
      let text = '';
      req.on('data', (c: Buffer) => (text += c.toString()));
      req.on('end', () => {
        calls.push({ target: String(req.headers['x-amz-target']), body: JSON.parse(text) });
        res.writeHead(200, { 'content-type': 'application/x-amz-json-1.0' }).end(JSON.stringify(answer));
      });
    });
    await new Promise<void>((r) => server.listen(0, '127.0.0.1', r));
    const invoker = dynamodbInvoker({ type: 'AMAZON_DYNAMODB', tableName: TABLE, endpoint: `http://127.0.0.1:${(server.address() as AddressInfo).port}`, region: 'us-east-1', credentials });
    return { calls, invoke: (request: unknown) => invoker.invoke(request, {} as never), close: () => (invoker.close?.(), new Promise<void>((r) => server.close(() => r()))) };
  }

  it('TransactWriteItems: each kind of item becomes its DynamoDB form; the result lists the keys', async () => {
    const endpoint = await recordingDynamoDB({});
    const result = await endpoint.invoke(
      ddb.transactWrite({
        items: [
          { putItem: { table: TABLE, key: { pk: 't', sk: '1' }, item: { v: 1 }, condition: { pk: { attributeExists: false } } } },
          { updateItem: { table: TABLE, key: { pk: 't', sk: '2' }, update: { v: ddb.operations.increment(1) } } },
          { deleteItem: { table: TABLE, key: { pk: 't', sk: '3' } } },
          { conditionCheck: { table: TABLE, key: { pk: 't', sk: '4' }, condition: { v: { eq: 99 } } } },
        ],
      }),
    );
    await endpoint.close();
    expect(result).toEqual({ keys: [{ pk: 't', sk: '1' }, { pk: 't', sk: '2' }, { pk: 't', sk: '3' }, { pk: 't', sk: '4' }], cancellationReasons: null });
    expect(endpoint.calls).toHaveLength(1);
    expect(endpoint.calls[0].target).toBe('DynamoDB_20120810.TransactWriteItems');
    const [put, update, del, check] = endpoint.calls[0].body.TransactItems;
    expect(put.Put).toMatchObject({ TableName: TABLE, Item: { pk: { S: 't' }, sk: { S: '1' }, v: { N: '1' } }, ConditionExpression: expect.stringContaining('attribute_not_exists') });
    expect(update.Update).toMatchObject({ TableName: TABLE, Key: { pk: { S: 't' }, sk: { S: '2' } }, UpdateExpression: 'SET #v = #v + :u0', ExpressionAttributeValues: { ':u0': { N: '1' } } });
    expect(del.Delete).toEqual({ TableName: TABLE, Key: { pk: { S: 't' }, sk: { S: '3' } } });
    expect(check.ConditionCheck).toMatchObject({ TableName: TABLE, Key: { pk: { S: 't' }, sk: { S: '4' } }, ConditionExpression: expect.any(String) });
  });

  it('TransactGetItems: items in request order, null for a missing one', async () => {
    const endpoint = await recordingDynamoDB({ Responses: [{ Item: { pk: { S: 't' }, sk: { S: '2' }, v: { N: '2' } } }, {}] });
    const result = await endpoint.invoke(ddb.transactGet({ items: [{ table: TABLE, key: { pk: 't', sk: '2' } }, { table: TABLE, key: { pk: 't', sk: 'x' } }] }));
    await endpoint.close();
    expect(result).toEqual({ items: [{ pk: 't', sk: '2', v: 2 }, null], cancellationReasons: null });
    expect(endpoint.calls[0].body).toEqual({ TransactItems: [{ Get: { TableName: TABLE, Key: { pk: { S: 't' }, sk: { S: '2' } } } }, { Get: { TableName: TABLE, Key: { pk: { S: 't' }, sk: { S: 'x' } } } }] });
  });

  it('the local DynamoDB refuses transactions as DynamoDB:UnknownOperationException', async () => {
    expect(await failure(ddb.transactGet({ items: [{ table: TABLE, key: { pk: 't', sk: '1' } }] }))).toMatchObject({ type: 'DynamoDB:UnknownOperationException' });
  });
});

it('an operation AppSync does not know is refused with its message', async () => {
  expect(await failure({ operation: 'Truncate' })).toMatchObject({ type: 'DynamoDB:InvalidRequest', message: expect.stringContaining("Unsupported operation 'Truncate'") });
});
