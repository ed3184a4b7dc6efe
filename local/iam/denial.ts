/** How AWS words an IAM refusal, and the one line `npm start` logs for each. */
import type { Evaluation } from './evaluate.js';

export interface Denial {
  principal: string;
  action: string;
  resource: string;
  /** AWS's message, as the service returns it. */
  message: string;
}

export function denial(principal: string, action: string, resource: string, evaluation: Evaluation): Denial {
  const reason =
    evaluation.decision === 'ExplicitDeny'
      ? `with an explicit deny in a ${evaluation.deniedBy} policy`
      : `because no ${evaluation.deniedBy ?? 'identity-based'} policy allows the ${action} action`;
  return { principal, action, resource, message: `User: ${principal} is not authorized to perform: ${action} on resource: ${resource} ${reason}` };
}

/** One line per denial, naming the missing grant and where grants are declared. */
export function logDenial(d: Denial, role: string | undefined): void {
  console.warn(`IAM denied ${d.action} on ${d.resource} to ${role ?? d.principal} (grants: infra/permissions.ts)`);
}
