/** The project's own rules, for what AWS's validator does not check; one per file. */
import type { Rule } from '../types.js';
import { accountSingleton } from './account-singleton.js';
import { alarmTopics } from './alarm-topics.js';
import { apiKeyExpiry } from './api-key-expiry.js';
import { gsiUpdates } from './gsi-updates.js';
import { iamActions } from './iam-actions.js';
import { lambdaLimits } from './lambda-limits.js';
import { lifecycleRules } from './lifecycle-rules.js';
import { stackLimits } from './stack-limits.js';

export const RULES: readonly Rule[] = [lambdaLimits, apiKeyExpiry, stackLimits, alarmTopics, lifecycleRules, accountSingleton, iamActions, gsiUpdates];
