/** AWS SDK clients built from the config: endpoints and credentials are the only knobs. */
import { DynamoDBClient } from '@aws-sdk/client-dynamodb';
import { RekognitionClient } from '@aws-sdk/client-rekognition';
import { S3Client } from '@aws-sdk/client-s3';
import { SecretsManagerClient } from '@aws-sdk/client-secrets-manager';
import { DynamoDBDocumentClient } from '@aws-sdk/lib-dynamodb';
import { awaitCallTurn } from './call-pace.js';
import type { FunctionConfig } from './config.js';
import { getTracer } from './tracing.js';

/** Each SDK call a subsegment of the invocation's trace (a pass-through where tracing is off). */
const traced = <C extends object>(client: C): C => getTracer().captureAWSv3Client(client);

/**
 * Each call waits for its turn in the invocation's pace, if one is open (call-pace.ts). At the
 * initialize step, before the retry middleware: a retry of a throttled call is the SDK's
 * backoff, not a new turn.
 */
function paced(client: RekognitionClient): RekognitionClient {
  client.middlewareStack.add(
    (next, context) => async (args) => {
      // commandName is the command's class name: DetectLabelsCommand for DetectLabels.
      await awaitCallTurn((context.commandName ?? 'unknown').replace(/Command$/, ''));
      return next(args);
    },
    { step: 'initialize', name: 'rekognitionCallPace' },
  );
  return client;
}

export const REKOGNITION_MAX_ATTEMPTS = 5;

export function createClients(config: FunctionConfig) {
  const base = { region: config.region, credentials: config.credentials };
  return {
    dynamodb: DynamoDBDocumentClient.from(traced(new DynamoDBClient({ ...base, endpoint: config.endpoints?.dynamodb })), {
      marshallOptions: { removeUndefinedValues: true },
    }),
    // Checksums only when required: otherwise presigned PUT URLs carry the CRC32 of an empty body.
    s3: traced(new S3Client({ ...base, endpoint: config.endpoints?.s3, forcePathStyle: config.forcePathStyle, requestChecksumCalculation: 'WHEN_REQUIRED', responseChecksumValidation: 'WHEN_REQUIRED' })),
    // Five attempts, not the SDK's three: labelling is paced to the quota (infra/pacing.ts), so a
    // throttle is a momentary burst at its edge, which the SDK's throttling backoff (up to 0.5,
    // 1, 2, 4 s) rides out; a record that fails anyway waits out the queue's visibility timeout.
    rekognition: paced(traced(new RekognitionClient({ ...base, endpoint: config.endpoints?.rekognition, maxAttempts: REKOGNITION_MAX_ATTEMPTS }))),
    secretsManager: () => traced(new SecretsManagerClient({ ...base, endpoint: config.endpoints?.secretsManager })),
  };
}

export type Clients = ReturnType<typeof createClients>;
