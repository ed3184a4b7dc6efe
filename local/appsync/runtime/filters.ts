/**
 * The filter-object language shared by `util.transform.*` and `@aws-appsync/utils/dynamodb`:
 * `{ field: { eq: 1 }, and: [...], or: [...], not: {...} }`. Two targets: DynamoDB expressions
 * and AppSync enhanced subscription filters.
 */
import type { AttributeValue } from '@aws-sdk/client-dynamodb';
import { toDynamoDB } from './dynamodb-json.js';
import type { SubscriptionFilter } from './types.js';

type FilterObject = Record<string, unknown>;

export interface DynamoDBExpression {
  expression: string;
  expressionNames: Record<string, string>;
  expressionValues: Record<string, AttributeValue>;
}

const comparisons: Record<string, string> = { eq: '=', ne: '<>', le: '<=', lt: '<', ge: '>=', gt: '>' };

/** `valuePrefix` keeps placeholders apart when a request carries two expressions (a key condition and a filter). */
export function toDynamoDBExpression(filter: FilterObject, valuePrefix = 'v'): DynamoDBExpression {
  const names: Record<string, string> = {};
  const values: Record<string, AttributeValue> = {};
  let counter = 0;
  const nameOf = (field: string) => {
    const placeholder = `#${field.replace(/[^A-Za-z0-9_]/g, '_')}`;
    names[placeholder] = field;
    return placeholder;
  };
  const valueOf = (value: unknown) => {
    const placeholder = `:${valuePrefix}${counter++}`;
    values[placeholder] = toDynamoDB(value);
    return placeholder;
  };
  const condition = (field: string, op: string, operand: unknown): string => {
    const n = nameOf(field);
    if (op in comparisons) return `${n} ${comparisons[op]} ${valueOf(operand)}`;
    switch (op) {
      case 'contains':
        return `contains(${n}, ${valueOf(operand)})`;
      case 'notContains':
        return `NOT contains(${n}, ${valueOf(operand)})`;
      case 'beginsWith':
        return `begins_with(${n}, ${valueOf(operand)})`;
      case 'between': {
        const [low, high] = operand as [unknown, unknown];
        return `${n} BETWEEN ${valueOf(low)} AND ${valueOf(high)}`;
      }
      case 'in':
        return `${n} IN (${(operand as unknown[]).map(valueOf).join(', ')})`;
      case 'attributeExists':
        return operand ? `attribute_exists(${n})` : `attribute_not_exists(${n})`;
      case 'attributeType':
        return `attribute_type(${n}, ${valueOf(operand)})`;
      case 'size':
        return Object.entries(operand as FilterObject)
          .map(([sizeOp, v]) => `size(${n}) ${comparisons[sizeOp]} ${valueOf(v)}`)
          .join(' AND ');
      default:
        throw new Error(`Unsupported filter operator "${op}" on ${field}`);
    }
  };
  const walk = (node: FilterObject): string => {
    const parts: string[] = [];
    for (const [key, operand] of Object.entries(node)) {
      if (operand === undefined) continue;
      if (key === 'and' || key === 'or') {
        const inner = (operand as FilterObject[]).map((f) => `(${walk(f)})`);
        parts.push(inner.join(key === 'and' ? ' AND ' : ' OR '));
      } else if (key === 'not') {
        parts.push(`NOT (${walk(operand as FilterObject)})`);
      } else {
        for (const [op, value] of Object.entries(operand as FilterObject)) parts.push(condition(key, op, value));
      }
    }
    return parts.map((p) => (parts.length > 1 ? `(${p})` : p)).join(' AND ');
  };
  return { expression: walk(filter), expressionNames: names, expressionValues: values };
}

/** `util.transform.toSubscriptionFilter`: to disjunctive groups of AND-ed field conditions. */
export function toSubscriptionFilter(filter: FilterObject, ignoredFields: string[] = []): SubscriptionFilter {
  type Condition = { fieldName: string; operator: string; value: unknown };
  const expand = (node: FilterObject): Condition[][] => {
    let groups: Condition[][] = [[]];
    for (const [key, operand] of Object.entries(node)) {
      if (operand === undefined || ignoredFields.includes(key)) continue;
      let alternatives: Condition[][];
      if (key === 'or') alternatives = (operand as FilterObject[]).flatMap(expand);
      else if (key === 'and') alternatives = (operand as FilterObject[]).map(expand).reduce(cross, [[]]);
      else alternatives = [Object.entries(operand as FilterObject).map(([operator, value]) => ({ fieldName: key, operator, value }))];
      groups = cross(groups, alternatives);
    }
    return groups;
  };
  const cross = (a: Condition[][], b: Condition[][]) => a.flatMap((x) => b.map((y) => [...x, ...y]));
  const groups = expand(filter).filter((g) => g.length > 0);
  if (groups.length > 10) throw new Error('A subscription filter may have at most 10 filter groups');
  return { filterGroup: groups.map((filters) => ({ filters })) };
}

/** Evaluates an enhanced subscription filter against a published payload (dotted field names reach nested fields). */
export function matchesSubscriptionFilter(filter: SubscriptionFilter, payload: Record<string, unknown>): boolean {
  if (!filter.filterGroup?.length) return true;
  return filter.filterGroup.some((group) => group.filters.every((f) => test(read(payload, f.fieldName), f.operator, f.value)));
}

function read(payload: Record<string, unknown>, path: string): unknown {
  return path.split('.').reduce<unknown>((v, k) => (v !== null && typeof v === 'object' ? (v as Record<string, unknown>)[k] : undefined), payload);
}

function test(actual: unknown, operator: string, expected: unknown): boolean {
  const cmp = (a: unknown, b: unknown) => (a as number) - (b as number) || (String(a) < String(b) ? -1 : String(a) > String(b) ? 1 : 0);
  switch (operator) {
    case 'eq':
      return JSON.stringify(actual) === JSON.stringify(expected);
    case 'ne':
      return JSON.stringify(actual) !== JSON.stringify(expected);
    case 'gt':
      return actual != null && cmp(actual, expected) > 0;
    case 'ge':
      return actual != null && cmp(actual, expected) >= 0;
    case 'lt':
      return actual != null && cmp(actual, expected) < 0;
    case 'le':
      return actual != null && cmp(actual, expected) <= 0;
    case 'between': {
      const [low, high] = expected as [unknown, unknown];
      return actual != null && cmp(actual, low) >= 0 && cmp(actual, high) <= 0;
    }
    case 'in':
      return (expected as unknown[]).some((e) => JSON.stringify(e) === JSON.stringify(actual));
    case 'notIn':
      return !(expected as unknown[]).some((e) => JSON.stringify(e) === JSON.stringify(actual));
    case 'contains':
      return Array.isArray(actual) ? actual.includes(expected) : typeof actual === 'string' && actual.includes(String(expected));
    case 'notContains':
      return !(Array.isArray(actual) ? actual.includes(expected) : typeof actual === 'string' && actual.includes(String(expected)));
    case 'beginsWith':
      return typeof actual === 'string' && actual.startsWith(String(expected));
    case 'attributeExists':
      return (actual !== undefined && actual !== null) === Boolean(expected);
    default:
      return false;
  }
}
