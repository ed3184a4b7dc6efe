/**
 * What each AWS call the functions can make needs from IAM, as data, in one place: the SDK
 * commands by package, the request signers by service, and which environment variable names
 * each service's target. A command the check meets that is not here is itself a finding (its
 * package is known, its action is not), so a new call cannot pass unchecked.
 *
 * Sources: the Service Authorization Reference's "Actions defined by …" tables. An S3 read or
 * delete that names a VersionId is authorised as the *Version action; ListObjectVersions is
 * s3:ListBucketVersions; lib-dynamodb's document commands are the item actions of the low-level
 * ones they wrap; Rekognition's Detect* calls allow no resource but "*", and Rekognition reads
 * an S3Object with the caller's s3:GetObject (s3:GetObjectVersion when a version is named).
 */

export type Service = 's3' | 'dynamodb' | 'rekognition' | 'secretsmanager' | 'appsync';

/** What the resource of a call is, resolved from the function's environment by the rule. */
export type Target =
  /** An object of the bucket the service's variable names (the key prefix, when known, is `detail`). */
  | 'object'
  | 'bucket'
  /** The table, or its index `detail`. */
  | 'table'
  /** Every secret the function's environment names. */
  | 'secret'
  /** `detail` is the field: `Mutation/fields/publishBlobLabelled`. */
  | 'graphql-field'
  /** The action allows no resource-level permission. */
  | 'any';

export interface CommandSpec {
  action: string;
  /** The action instead when the input names a version (both when the version may be absent). */
  versioned?: string;
  target: Target;
  /** Rekognition reads `Image.S3Object` with the caller's permissions. */
  readsS3Object?: boolean;
}

const s3Object = (action: string, versioned?: string): CommandSpec => ({ action, versioned, target: 'object' });
const table = (action: string): CommandSpec => ({ action, target: 'table' });
const detect = (action: string): CommandSpec => ({ action, target: 'any', readsS3Object: true });

const DYNAMODB: Record<string, CommandSpec> = {
  PutCommand: table('dynamodb:PutItem'),
  GetCommand: table('dynamodb:GetItem'),
  UpdateCommand: table('dynamodb:UpdateItem'),
  DeleteCommand: table('dynamodb:DeleteItem'),
  QueryCommand: table('dynamodb:Query'),
  ScanCommand: table('dynamodb:Scan'),
  BatchGetCommand: table('dynamodb:BatchGetItem'),
  BatchWriteCommand: table('dynamodb:BatchWriteItem'),
};

/** SDK commands, by the package that exports them. */
export const SDK_COMMANDS: Record<string, { service: Service; commands: Record<string, CommandSpec> }> = {
  '@aws-sdk/client-s3': {
    service: 's3',
    commands: {
      GetObjectCommand: s3Object('s3:GetObject', 's3:GetObjectVersion'),
      HeadObjectCommand: s3Object('s3:GetObject', 's3:GetObjectVersion'),
      PutObjectCommand: s3Object('s3:PutObject'),
      DeleteObjectCommand: s3Object('s3:DeleteObject', 's3:DeleteObjectVersion'),
      CopyObjectCommand: s3Object('s3:PutObject'),
      ListObjectVersionsCommand: { action: 's3:ListBucketVersions', target: 'bucket' },
      ListObjectsV2Command: { action: 's3:ListBucket', target: 'bucket' },
      ListObjectsCommand: { action: 's3:ListBucket', target: 'bucket' },
    },
  },
  '@aws-sdk/lib-dynamodb': { service: 'dynamodb', commands: DYNAMODB },
  '@aws-sdk/client-dynamodb': {
    service: 'dynamodb',
    commands: Object.fromEntries(Object.entries(DYNAMODB).map(([name, spec]) => [name.replace(/^(Put|Get|Update|Delete)Command$/, '$1ItemCommand'), spec])),
  },
  '@aws-sdk/client-rekognition': {
    service: 'rekognition',
    commands: {
      DetectLabelsCommand: detect('rekognition:DetectLabels'),
      DetectTextCommand: detect('rekognition:DetectText'),
      DetectFacesCommand: detect('rekognition:DetectFaces'),
      DetectModerationLabelsCommand: detect('rekognition:DetectModerationLabels'),
    },
  },
  '@aws-sdk/client-secrets-manager': {
    service: 'secretsmanager',
    commands: { GetSecretValueCommand: { action: 'secretsmanager:GetSecretValue', target: 'secret' } },
  },
};

/**
 * Requests signed by hand (`new SignatureV4({ service })` from @smithy/signature-v4), by the
 * service they are signed for: the AppSync publisher POSTs GraphQL documents with it.
 */
export const SIGNED_REQUESTS: Partial<Record<string, { service: Service; spec: CommandSpec }>> = {
  appsync: { service: 'appsync', spec: { action: 'appsync:GraphQL', target: 'graphql-field' } },
};
export const SIGNER_PACKAGE = '@smithy/signature-v4';

/**
 * The environment variable a service's client is pointed by (functions/lib/config.ts reads
 * them); its Ref or Fn::GetAtt in the template names the resource. A pattern matches several.
 */
export const TARGET_VARIABLES: Record<Exclude<Service, 'rekognition'>, string | RegExp> = {
  s3: 'BLOB_BUCKET_NAME',
  dynamodb: 'BLOB_TABLE_NAME',
  secretsmanager: /_SECRET_ARN$/,
  appsync: 'GRAPHQL_URL',
};

/** The object key a call's key stands for when only its prefix is known: one blob id. */
export const SAMPLE_KEY = '00000000-0000-4000-8000-000000000000';
