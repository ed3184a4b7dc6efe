/**
 * `@aws-appsync/utils/dynamodb`: builders for AppSync DynamoDB request objects. They return
 * the same objects a resolver could write by hand, so the data source sees one format.
 */
import type { AttributeValue } from '@aws-sdk/client-dynamodb';
import { toDynamoDB, toMapValues } from './dynamodb-json.js';
import { toDynamoDBExpression } from './filters.js';

type Obj = Record<string, unknown>;
type Op = { _type: string; value?: unknown; index?: number; by?: number };

const condition = (c: Obj | undefined) => (c ? toDynamoDBExpression(c) : undefined);
const strip = <T extends Obj>(o: T): T => Object.fromEntries(Object.entries(o).filter(([, v]) => v !== undefined)) as T;
const projectionOf = (projection: string[] | undefined) => {
  if (!projection?.length) return undefined;
  const expressionNames: Record<string, string> = {};
  const expression = projection.map((p) => p.split('.').map((part) => ((expressionNames[`#${part}`] = part), `#${part}`)).join('.')).join(', ');
  return { expression, expressionNames };
};

export const operations = {
  add: (value: unknown): Op => ({ _type: 'add', value }),
  remove: (): Op => ({ _type: 'remove' }),
  replace: (value: unknown): Op => ({ _type: 'replace', value }),
  increment: (by = 1): Op => ({ _type: 'increment', by }),
  decrement: (by = 1): Op => ({ _type: 'decrement', by }),
  append: (value: unknown[]): Op => ({ _type: 'append', value }),
  prepend: (value: unknown[]): Op => ({ _type: 'prepend', value }),
  updateListItem: (value: unknown, index: number): Op => ({ _type: 'updateListItem', value, index }),
};

export function get(p: { key: Obj; consistentRead?: boolean; projection?: string[] }) {
  return strip({ operation: 'GetItem', key: toMapValues(p.key), consistentRead: p.consistentRead, projection: projectionOf(p.projection) });
}

export function put(p: { key: Obj; item: Obj; condition?: Obj; _version?: number }) {
  return strip({ operation: 'PutItem', key: toMapValues(p.key), attributeValues: toMapValues(p.item), condition: condition(p.condition), _version: p._version });
}

export function remove(p: { key: Obj; condition?: Obj; _version?: number }) {
  return strip({ operation: 'DeleteItem', key: toMapValues(p.key), condition: condition(p.condition), _version: p._version });
}

export function update(p: { key: Obj; update: Obj; condition?: Obj; _version?: number }) {
  const names: Record<string, string> = {};
  const values: Record<string, AttributeValue> = {};
  const set: string[] = [];
  const add: string[] = [];
  const del: string[] = [];
  let i = 0;
  for (const [field, raw] of Object.entries(p.update)) {
    if (raw === undefined) continue;
    const n = `#${field.replace(/[^A-Za-z0-9_]/g, '_')}`;
    names[n] = field;
    const v = () => {
      const placeholder = `:u${i++}`;
      return placeholder;
    };
    const op = raw as Op;
    const assign = (value: unknown) => {
      const ph = v();
      values[ph] = toDynamoDB(value);
      return ph;
    };
    switch (op?._type) {
      case 'remove':
        del.push(n);
        break;
      case 'add':
        add.push(`${n} ${assign(op.value)}`);
        break;
      case 'increment':
        set.push(`${n} = ${n} + ${assign(op.by)}`);
        break;
      case 'decrement':
        set.push(`${n} = ${n} - ${assign(op.by)}`);
        break;
      case 'append':
        set.push(`${n} = list_append(${n}, ${assign(op.value)})`);
        break;
      case 'prepend':
        set.push(`${n} = list_append(${assign(op.value)}, ${n})`);
        break;
      case 'updateListItem':
        set.push(`${n}[${op.index}] = ${assign(op.value)}`);
        break;
      case 'replace':
        set.push(`${n} = ${assign(op.value)}`);
        break;
      default:
        set.push(`${n} = ${assign(raw)}`);
    }
  }
  const clauses = [set.length && `SET ${set.join(', ')}`, add.length && `ADD ${add.join(', ')}`, del.length && `REMOVE ${del.join(', ')}`].filter(Boolean);
  return strip({
    operation: 'UpdateItem',
    key: toMapValues(p.key),
    update: { expression: clauses.join(' '), expressionNames: names, expressionValues: values },
    condition: condition(p.condition),
    _version: p._version,
  });
}

type ListInput = { filter?: Obj; index?: string; limit?: number; nextToken?: string; consistentRead?: boolean; select?: string; projection?: string[] };

export function query(p: ListInput & { query: Obj; scanIndexForward?: boolean }) {
  return strip({
    operation: 'Query',
    // Its own placeholders (:k0…), or the filter's (:v0…) would overwrite them when merged.
    query: toDynamoDBExpression(p.query, 'k'),
    filter: condition(p.filter),
    index: p.index,
    limit: p.limit,
    nextToken: p.nextToken,
    scanIndexForward: p.scanIndexForward,
    consistentRead: p.consistentRead,
    select: p.select,
    projection: projectionOf(p.projection),
  });
}

export function scan(p: ListInput & { segment?: number; totalSegments?: number }) {
  return strip({
    operation: 'Scan',
    filter: condition(p.filter),
    index: p.index,
    limit: p.limit,
    nextToken: p.nextToken,
    consistentRead: p.consistentRead,
    select: p.select,
    segment: p.segment,
    totalSegments: p.totalSegments,
    projection: projectionOf(p.projection),
  });
}

export function batchGet(p: { tables: Record<string, { keys: Obj[]; consistentRead?: boolean } | Obj[]> }) {
  const tables = Object.fromEntries(
    Object.entries(p.tables).map(([t, spec]) => {
      const keys = Array.isArray(spec) ? spec : spec.keys;
      return [t, strip({ keys: keys.map((k) => toMapValues(k)), consistentRead: Array.isArray(spec) ? undefined : spec.consistentRead })];
    }),
  );
  return { operation: 'BatchGetItem', tables };
}

export function batchPut(p: { tables: Record<string, Obj[]> }) {
  return { operation: 'BatchPutItem', tables: Object.fromEntries(Object.entries(p.tables).map(([t, items]) => [t, items.map((i) => toMapValues(i))])) };
}

export function batchDelete(p: { tables: Record<string, Obj[]> }) {
  return { operation: 'BatchDeleteItem', tables: Object.fromEntries(Object.entries(p.tables).map(([t, keys]) => [t, keys.map((k) => toMapValues(k))])) };
}

export function transactGet(p: { items: Array<{ table: string; key: Obj }> }) {
  return { operation: 'TransactGetItems', transactItems: p.items.map((i) => ({ table: i.table, key: toMapValues(i.key) })) };
}

export function transactWrite(p: { items: Array<Record<string, { table: string; key: Obj; item?: Obj; update?: Obj; condition?: Obj }>> }) {
  const kinds: Record<string, string> = { putItem: 'PutItem', updateItem: 'UpdateItem', deleteItem: 'DeleteItem', conditionCheck: 'ConditionCheck' };
  return {
    operation: 'TransactWriteItems',
    transactItems: p.items.map((entry) => {
      const [kind, spec] = Object.entries(entry)[0];
      const base = kind === 'updateItem' ? update({ key: spec.key, update: spec.update ?? {}, condition: spec.condition }) : kind === 'putItem' ? put({ key: spec.key, item: spec.item ?? {}, condition: spec.condition }) : strip({ key: toMapValues(spec.key), condition: condition(spec.condition) });
      return { ...base, table: spec.table, operation: kinds[kind] };
    }),
  };
}

export const toStringSet = (list: string[]) => ({ SS: list });
export const toNumberSet = (list: number[]) => ({ NS: list.map(String) });
export const toBinarySet = (list: string[]) => ({ BS: list });
