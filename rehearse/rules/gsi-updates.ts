/**
 * A DynamoDB table update CloudFormation cannot make: DynamoDB creates or deletes only one
 * global secondary index per UpdateTable, so a template that adds two indexes to a table the
 * deployed stack already has (search added byLabel and labelsByOwner together) fails the update
 * and rolls it back. An index whose keys or projection changed under the same name counts as a
 * delete and a create: DynamoDB cannot change either in place. Judged only against the
 * template deployed before (`npm run rehearse -- --previous FILE`): a new table takes any number.
 */
import { asList, isRecord, resourcesOfType, type CfnTemplate, type CfnValue, type Finding, type Rule } from '../types.js';

type Indexes = Map<string, string>;

/** Each global secondary index by name, with what DynamoDB cannot change in place (keys, projection). */
function indexesOf(table: CfnValue): Indexes {
  const properties = isRecord(table) && isRecord(table.Properties) ? table.Properties : {};
  const indexes: Indexes = new Map();
  for (const index of asList(properties.GlobalSecondaryIndexes)) {
    if (isRecord(index) && typeof index.IndexName === 'string') indexes.set(index.IndexName, JSON.stringify([index.KeySchema, index.Projection]));
  }
  return indexes;
}

export const gsiUpdates: Rule = (template, context) => {
  const previous: CfnTemplate | undefined = context.previous;
  if (!previous) return [];
  const findings: Finding[] = [];
  for (const [logicalId, table] of resourcesOfType(template, 'AWS::DynamoDB::Table')) {
    const before = previous.Resources?.[logicalId];
    if (before?.Type !== 'AWS::DynamoDB::Table') continue;
    const [was, now] = [indexesOf(before), indexesOf(table)];
    const created = [...now.keys()].filter((name) => !was.has(name));
    const deleted = [...was.keys()].filter((name) => !now.has(name));
    const changed = [...now.keys()].filter((name) => was.has(name) && was.get(name) !== now.get(name));
    const operations = created.length + deleted.length + 2 * changed.length;
    if (operations <= 1) continue;
    const parts = [
      created.length && `creates ${created.join(', ')}`,
      deleted.length && `deletes ${deleted.join(', ')}`,
      changed.length && `changes the keys or projection of ${changed.join(', ')} (a delete and a create)`,
    ].filter(Boolean);
    findings.push({
      rule: 'gsi-updates',
      logicalId,
      message: `${parts.join('; ')}: ${operations} global secondary index operations in one update, and DynamoDB makes one per update; deploy them one at a time (docs/deploying.md#adding-indexes-to-a-deployed-table)`,
    });
  }
  return findings;
};
