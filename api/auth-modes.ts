/**
 * The API's auth modes, declared once: the API key by default (docs/auth.md says why), and the
 * additional modes a client may choose. The engine's config (local/engine-auth.ts) and
 * amplify_outputs.json (local/amplify-outputs.ts, for npm start and `npm run outputs`) read them;
 * infra/constructs/api.ts configures each for AWS, and its template test holds it to this list.
 */
export const DEFAULT_AUTH_MODE = 'API_KEY';
export const ADDITIONAL_AUTH_MODES = ['AWS_IAM', 'AMAZON_COGNITO_USER_POOLS', 'AWS_LAMBDA'] as const;
export type AdditionalAuthMode = (typeof ADDITIONAL_AUTH_MODES)[number];
