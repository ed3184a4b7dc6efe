/** Names of the stack's CloudFormation outputs, apart from the stack so `npm run outputs` can read them without loading aws-cdk-lib. */
export const OUTPUT_NAMES = {
  graphqlUrl: 'GraphQLUrl',
  restApiUrl: 'RestApiUrl',
  region: 'Region',
  apiKey: 'ApiKey',
  userPoolId: 'UserPoolId',
  userPoolClientId: 'UserPoolClientId',
  identityPoolId: 'IdentityPoolId',
  bucketName: 'BucketName',
  tableName: 'TableName',
  webhookSecretArn: 'WebhookSecretArn',
  uploadsQueueUrl: 'UploadsQueueUrl',
  failedEventsQueueUrl: 'FailedEventsQueueUrl',
} as const;
