/** A deployed stack's CloudFormation outputs, as `npm run outputs` reads them: the fixture its tests map. */
export function deployedStackOutputs(o: { bucketName?: string } = {}) {
  return [
    { OutputKey: 'GraphQLUrl', OutputValue: 'https://abc.appsync-api.eu-west-1.amazonaws.com/graphql' },
    { OutputKey: 'Region', OutputValue: 'eu-west-1' },
    { OutputKey: 'ApiKey', OutputValue: 'da2-secret' },
    { OutputKey: 'BucketName', OutputValue: o.bucketName ?? 'uploads' },
    { OutputKey: 'UserPoolId', OutputValue: 'eu-west-1_AbCdEfGhI' },
    { OutputKey: 'UserPoolClientId', OutputValue: 'client123' },
    { OutputKey: 'IdentityPoolId', OutputValue: 'eu-west-1:0b6c7e4e-1f0a-4c55-9a6e-7d1f2b3c4d5e' },
    { OutputKey: 'RestApiUrl', OutputValue: 'https://rest.execute-api.eu-west-1.amazonaws.com/v1' },
  ];
}
