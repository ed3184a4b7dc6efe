/** AMAZON_DYNAMODB: AppSync's DynamoDB request objects → DynamoDB API calls → AppSync-shaped results. */
import type { AttributeValue } from '@aws-sdk/client-dynamodb';
import { fromMapValues } from '../dynamodb-json.js';
import type { DataSourceBinding } from '../types.js';
import { dynamodbHttpClient } from './dynamodb-http.js';
import { DataSourceError, type DataSourceInvoker } from './invoker.js';
import { createPaginationTokens, InvalidPaginationToken } from './pagination-token.js';

type Binding = Extract<DataSourceBinding, { type: 'AMAZON_DYNAMODB' }>;
type Expr = { expression: string; expressionNames?: Record<string, string>; expressionValues?: Record<string, AttributeValue> };
type Req = Record<string, any>;

const items = (list: Record<string, AttributeValue>[] | undefined) => (list ?? []).map(fromMapValues);

/**
 * BatchGetItem's answer as AppSync gives it: one entry per requested key, in the keys' order,
 * null where DynamoDB found no item (DynamoDB itself answers in any order and leaves gaps out).
 */
function inKeyOrder(keys: Record<string, AttributeValue>[], found: Record<string, AttributeValue>[] | undefined) {
  const same = (item: Record<string, AttributeValue>, key: Record<string, AttributeValue>) => Object.entries(key).every(([name, value]) => JSON.stringify(item[name]) === JSON.stringify(value));
  return keys.map((key) => {
    const item = (found ?? []).find((i) => same(i, key));
    return item ? fromMapValues(item) : null;
  });
}

/** Merges the names/values of several expressions into one command's parameters. */
function expressions(...parts: Array<Expr | undefined>) {
  const names: Record<string, string> = {};
  const values: Record<string, AttributeValue> = {};
  for (const part of parts) {
    Object.assign(names, part?.expressionNames ?? {});
    Object.assign(values, part?.expressionValues ?? {});
  }
  return {
    ExpressionAttributeNames: Object.keys(names).length ? names : undefined,
    ExpressionAttributeValues: Object.keys(values).length ? values : undefined,
  };
}

export function dynamodbInvoker(binding: Binding): DataSourceInvoker {
  const client = dynamodbHttpClient({ endpoint: binding.endpoint, region: binding.region, credentials: binding.credentials });
  const TableName = binding.tableName;
  const tokens = createPaginationTokens();

  async function run(req: Req): Promise<unknown> {
    switch (req.operation) {
      case 'GetItem': {
        const out = await client.call('GetItem', { TableName, Key: req.key, ConsistentRead: req.consistentRead, ProjectionExpression: req.projection?.expression, ...expressions(req.projection) });
        return out.Item ? fromMapValues(out.Item) : null;
      }
      case 'PutItem': {
        const Item = { ...req.attributeValues, ...req.key };
        await client.call('PutItem', { TableName, Item, ConditionExpression: req.condition?.expression, ...expressions(req.condition) });
        return fromMapValues(Item);
      }
      case 'UpdateItem': {
        const out = await client.call('UpdateItem', { TableName, Key: req.key, UpdateExpression: req.update.expression, ConditionExpression: req.condition?.expression, ReturnValues: 'ALL_NEW', ...expressions(req.update, req.condition) });
        return out.Attributes ? fromMapValues(out.Attributes) : null;
      }
      case 'DeleteItem': {
        const out = await client.call('DeleteItem', { TableName, Key: req.key, ConditionExpression: req.condition?.expression, ReturnValues: 'ALL_OLD', ...expressions(req.condition) });
        return out.Attributes ? fromMapValues(out.Attributes) : null;
      }
      case 'Query':
      case 'Scan': {
        const scope = `${req.operation} ${TableName} ${req.index ?? ''}`;
        const common = {
          TableName,
          IndexName: req.index,
          Limit: req.limit,
          ExclusiveStartKey: tokens.open(req.nextToken, scope),
          ConsistentRead: req.consistentRead,
          Select: req.select,
          FilterExpression: req.filter?.expression,
          ProjectionExpression: req.projection?.expression,
        };
        const out =
          req.operation === 'Query'
            ? await client.call('Query', { ...common, KeyConditionExpression: req.query.expression, ScanIndexForward: req.scanIndexForward, ...expressions(req.query, req.filter, req.projection) })
            : await client.call('Scan', { ...common, Segment: req.segment, TotalSegments: req.totalSegments, ...expressions(req.filter, req.projection) });
        return { items: items(out.Items), nextToken: tokens.seal(out.LastEvaluatedKey, scope), scannedCount: out.ScannedCount ?? 0 };
      }
      case 'BatchGetItem': {
        const out = await client.call('BatchGetItem', { RequestItems: Object.fromEntries(Object.entries(req.tables as Req).map(([t, s]) => [t, { Keys: s.keys, ConsistentRead: s.consistentRead }])) });
        return {
          data: Object.fromEntries(Object.entries(req.tables as Req).map(([t, s]) => [t, inKeyOrder(s.keys, out.Responses?.[t])])),
          unprocessedKeys: Object.fromEntries(Object.keys(req.tables).map((t) => [t, (out.UnprocessedKeys?.[t]?.Keys ?? []).map(fromMapValues)])),
        };
      }
      case 'BatchPutItem':
      case 'BatchDeleteItem': {
        const put = req.operation === 'BatchPutItem';
        const RequestItems = Object.fromEntries(
          Object.entries(req.tables as Record<string, Record<string, AttributeValue>[]>).map(([t, list]) => [t, list.map((x) => (put ? { PutRequest: { Item: x } } : { DeleteRequest: { Key: x } }))]),
        );
        const out = await client.call('BatchWriteItem', { RequestItems });
        const unprocessed = (t: string) => (out.UnprocessedItems?.[t] ?? []).map((r: Req) => fromMapValues((put ? r.PutRequest?.Item : r.DeleteRequest?.Key) ?? {}));
        return { data: Object.fromEntries(Object.entries(req.tables as Record<string, Record<string, AttributeValue>[]>).map(([t, list]) => [t, list.map(fromMapValues)])), unprocessedItems: Object.fromEntries(Object.keys(req.tables).map((t) => [t, unprocessed(t)])) };
      }
      case 'TransactGetItems': {
        const out = await client.call('TransactGetItems', { TransactItems: req.transactItems.map((i: Req) => ({ Get: { TableName: i.table, Key: i.key } })) });
        return { items: (out.Responses ?? []).map((r: Req) => (r.Item ? fromMapValues(r.Item) : null)), cancellationReasons: null };
      }
      case 'TransactWriteItems': {
        const TransactItems = req.transactItems.map((i: Req) => {
          const cond = { ConditionExpression: i.condition?.expression, ...expressions(i.condition, i.update) };
          if (i.operation === 'PutItem') return { Put: { TableName: i.table, Item: { ...i.attributeValues, ...i.key }, ...cond } };
          if (i.operation === 'UpdateItem') return { Update: { TableName: i.table, Key: i.key, UpdateExpression: i.update.expression, ...cond } };
          if (i.operation === 'DeleteItem') return { Delete: { TableName: i.table, Key: i.key, ...cond } };
          return { ConditionCheck: { TableName: i.table, Key: i.key, ...cond } };
        });
        await client.call('TransactWriteItems', { TransactItems });
        return { keys: req.transactItems.map((i: Req) => fromMapValues(i.key)), cancellationReasons: null };
      }
      default:
        throw new DataSourceError(`Unsupported operation '${String(req.operation)}'. Datasource Versioning only supported for the operations GetItem, PutItem, UpdateItem, DeleteItem, Query, Scan, BatchGetItem, BatchPutItem, BatchDeleteItem, TransactGetItems, TransactWriteItems.`, 'DynamoDB:InvalidRequest');
    }
  }

  return {
    async invoke(request) {
      try {
        return await run(request as Req);
      } catch (error) {
        if (error instanceof DataSourceError) throw error;
        if (error instanceof InvalidPaginationToken) throw new DataSourceError(error.message, 'DynamoDB:InvalidNextToken');
        const e = error as { name?: string; message?: string };
        // AppSync reports DynamoDB failures as "DynamoDB:<exception name>".
        throw new DataSourceError(e.message ?? 'DynamoDB request failed', `DynamoDB:${e.name ?? 'DynamoDbException'}`);
      }
    },
    close: () => client.destroy(),
  };
}
