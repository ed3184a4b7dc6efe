/**
 * AppSync accepts an API key's Expires only between 1 and 365 days after the moment it creates
 * the key (ApiKeyValidityOutOfBoundsException otherwise). The template fixes the date at synth,
 * so it is judged against the deploy's now, with the bounds exclusive.
 */
import { resourcesOfType, type Finding, type Rule } from '../types.js';

const DAY_SECONDS = 86_400;

export const apiKeyExpiry: Rule = (template, { now }) => {
  const findings: Finding[] = [];
  const nowSeconds = Math.floor(now.getTime() / 1000);
  for (const [logicalId, key] of resourcesOfType(template, 'AWS::AppSync::ApiKey')) {
    const expires = key.Properties?.Expires;
    if (typeof expires !== 'number') continue; // AppSync's default, 7 days, is always valid
    const days = ((expires - nowSeconds) / DAY_SECONDS).toFixed(2);
    if (expires <= nowSeconds + DAY_SECONDS) findings.push({ rule: 'api-key-expiry', logicalId, message: `Expires is ${days} days from now; AppSync needs more than 1` });
    else if (expires >= nowSeconds + 365 * DAY_SECONDS) findings.push({ rule: 'api-key-expiry', logicalId, message: `Expires is ${days} days from now; AppSync accepts less than 365` });
  }
  return findings;
};
