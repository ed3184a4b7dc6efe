export { createIamAuthority, sessionCredentials, type IamAuthority, type KeyHolder, type Principal, type ResourcePolicy, type Denial } from './authority.js';
export { evaluate, type Decision, type Evaluation, type IamRequest } from './evaluate.js';
export { parsePolicyDocument, type PolicyDocument, type Statement } from './policy.js';
