// A list field's `limit` argument: its default when absent, a BadRequest outside 1..max.
import { util } from '@aws-appsync/utils';

export function pageLimit(limit: number | null | undefined, defaults: { default: number; max: number }): number {
  const value = limit ?? defaults.default;
  if (value < 1 || value > defaults.max) {
    util.error(`limit must be between 1 and ${defaults.max}; got ${value}`, 'BadRequest');
  }
  return value;
}
