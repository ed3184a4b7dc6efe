/**
 * Limits Lambda enforces only when the function is created: memory 128-10240 MB, timeout at most
 * 900 s, and environment variables (names and values) 4 KB in all. The schema does not know the
 * last, and CloudFormation's schema for the first two is looser than the service.
 */
import { isRecord, resourcesOfType, type Finding, type Rule } from '../types.js';

export const LAMBDA_LIMITS = { minMemoryMb: 128, maxMemoryMb: 10_240, maxTimeoutSeconds: 900, maxEnvironmentBytes: 4096 } as const;

/**
 * A value CloudFormation resolves at deploy (a Ref, a GetAtt, a Join) has no length yet; it is
 * counted as 128 bytes, the length of a long ARN, so a template near the limit is flagged before
 * a deploy finds out.
 */
const UNRESOLVED_BYTES = 128;

export const lambdaLimits: Rule = (template) => {
  const findings: Finding[] = [];
  for (const [logicalId, fn] of resourcesOfType(template, 'AWS::Lambda::Function')) {
    const p = fn.Properties ?? {};
    const add = (message: string) => findings.push({ rule: 'lambda-limits', logicalId, message });
    if (typeof p.MemorySize === 'number' && (p.MemorySize < LAMBDA_LIMITS.minMemoryMb || p.MemorySize > LAMBDA_LIMITS.maxMemoryMb)) {
      add(`MemorySize ${p.MemorySize} MB is outside Lambda's ${LAMBDA_LIMITS.minMemoryMb}-${LAMBDA_LIMITS.maxMemoryMb} MB`);
    }
    if (typeof p.Timeout === 'number' && p.Timeout > LAMBDA_LIMITS.maxTimeoutSeconds) add(`Timeout ${p.Timeout} s is over Lambda's ${LAMBDA_LIMITS.maxTimeoutSeconds} s`);
    const variables = isRecord(p.Environment) && isRecord(p.Environment.Variables) ? p.Environment.Variables : {};
    const bytes = Object.entries(variables).reduce((sum, [name, value]) => sum + Buffer.byteLength(name) + (typeof value === 'string' ? Buffer.byteLength(value) : UNRESOLVED_BYTES), 0);
    if (bytes > LAMBDA_LIMITS.maxEnvironmentBytes) add(`environment variables take ${bytes} bytes, over Lambda's ${LAMBDA_LIMITS.maxEnvironmentBytes} (values resolved at deploy counted as ${UNRESOLVED_BYTES})`);
  }
  return findings;
};
