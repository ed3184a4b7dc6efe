import type { CodegenConfig } from '@graphql-codegen/cli';

/** GraphQL types for resolvers, functions, tests and clients come from schema.graphql only. */
const config: CodegenConfig = {
  schema: ['schema.graphql', 'api/appsync-scalars.graphql'],
  generates: {
    'api/generated/graphql.ts': {
      plugins: ['typescript'],
      config: {
        enumsAsTypes: true,
        avoidOptionals: { field: true, inputValue: false },
        scalars: {
          AWSDateTime: 'string',
          AWSDate: 'string',
          AWSTime: 'string',
          AWSTimestamp: 'number',
          AWSJSON: 'string',
          AWSURL: 'string',
          AWSEmail: 'string',
          AWSPhone: 'string',
          AWSIPAddress: 'string',
        },
      },
    },
  },
};
export default config;
