/**
 * Metadata key set on an account-wide singleton resource (AWS::ApiGateway::Account) that the
 * deployer asked for with a setting; the rehearsal (rehearse/) then lets it be. Its own module,
 * free of aws-cdk-lib, so the rehearsal's rules can read it without loading CDK.
 */
export const SINGLETON_ACKNOWLEDGED = 'blobs:account-singleton-acknowledged';
