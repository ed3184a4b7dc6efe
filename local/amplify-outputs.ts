/** amplify_outputs.json in the Amplify Gen 2 shape (DESIGN.md), so `Amplify.configure(outputs)` just works. */
export interface AmplifyOutputs {
  version: '1.3';
  data: {
    url: string;
    aws_region: string;
    default_authorization_type: 'API_KEY';
    api_key: string;
    authorization_types: Array<'AWS_IAM'>;
  };
}

export function amplifyOutputs(o: { graphqlUrl: string; region: string; apiKey: string }): AmplifyOutputs {
  return {
    version: '1.3',
    data: {
      url: o.graphqlUrl,
      aws_region: o.region,
      default_authorization_type: 'API_KEY',
      api_key: o.apiKey,
      authorization_types: ['AWS_IAM'],
    },
  };
}
