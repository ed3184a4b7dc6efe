/**
 * CDK entry point (`cdk.json` runs it; `npm run synth`, `npx cdk deploy`). It reads each
 * function's AWS calls from its code first (rehearse/contracts/, cached by a hash of the code),
 * so the rehearsal's plugin also judges each function's IAM contract and a missing grant fails
 * `cdk synth` and `cdk deploy` here, not the function's first call on AWS.
 */
import { lambdaFunctions } from '../api/wiring.js';
import { functionCalls } from '../rehearse/contracts/cached.js';
import { buildApp, ROOT_DIR } from './build-app.js';

const { calls, cached } = await functionCalls(ROOT_DIR, lambdaFunctions);
if (!cached) process.stderr.write(`Read the AWS calls of ${calls.length} functions from their code, for the IAM contract check.\n`);
const { app } = await buildApp({ functionCalls: calls });
app.synth();
