/**
 * Rekognition's DetectLabels, DetectText, DetectFaces and DetectModerationLabels over AWS's JSON 1.1
 * protocol, so the labelling function calls them with @aws-sdk/client-rekognition and only an
 * endpoint differs from AWS. Local only: GET /_local/models lists the models loaded so far and
 * what each runs on.
 */
import { createServer, type IncomingMessage, type ServerResponse } from 'node:http';
import { GetObjectCommand, NoSuchKey, S3Client } from '@aws-sdk/client-s3';
import type { IamAuthority } from '../iam/index.js';
import { verifyJsonRequest } from '../sigv4/json-request.js';
import type { Credentials } from '../sigv4/verify.js';
import { closeServer, listen } from '../listen.js';
import { ApiError } from './api-error.js';
import type { LabellerRuntime } from './detection.js';
import { createLabeller, ImageRefused, type Labeller } from './labeller.js';
import { detectFaces } from './operations/detect-faces.js';
import { detectLabels } from './operations/detect-labels.js';
import { detectModerationLabels } from './operations/detect-moderation-labels.js';
import { detectText } from './operations/detect-text.js';
import { throughputLimit } from './throughput-limit.js';

export interface LocalRekognitionOptions {
  host?: string;
  port?: number;
  region: string;
  credentials: readonly Credentials[];
  /** The caller's permission for the operation, and for reading an S3Object (absent: all allowed). */
  authorize?: IamAuthority['authorize'];
  /** Rekognition reads S3Objects with its own access; the caller's permission is checked above. */
  s3: { endpoint: string; region: string; credentials: Credentials; forcePathStyle: true };
  workers?: number;
  /** What the converted models run on (BLOBS_LABELLER_RUNTIME; default native). */
  runtime?: LabellerRuntime;
  /** Start a model worker at start instead of on the first image (models still load on first use). */
  warm?: boolean;
  /** The account's quota per operation, in calls per second (BLOBS_REKOGNITION_TPS); absent: unlimited. */
  tps?: number;
}

const MAX_BYTES_INLINE = 5 * 1024 * 1024;
const MAX_BYTES_S3 = 15 * 1024 * 1024;
const MAX_BODY = 8 * 1024 * 1024;

type Operation = (labeller: Labeller, image: Uint8Array, input: Record<string, unknown>) => Promise<object>;
const operations: Record<string, Operation> = {
  'RekognitionService.DetectLabels': detectLabels,
  'RekognitionService.DetectText': detectText,
  'RekognitionService.DetectFaces': detectFaces,
  'RekognitionService.DetectModerationLabels': detectModerationLabels,
};

/** Rekognition's exceptions for a refused image. */
const refusals: Record<ImageRefused['code'], string> = {
  InvalidImageFormat: 'InvalidImageFormatException',
  ImageTooLarge: 'ImageTooLargeException',
  InvalidParameter: 'InvalidParameterException',
};

function send(res: ServerResponse, status: number, body: unknown) {
  const text = JSON.stringify(body);
  res.writeHead(status, { 'content-type': 'application/x-amz-json-1.1', 'content-length': Buffer.byteLength(text), 'x-amzn-requestid': crypto.randomUUID() });
  res.end(text);
}

async function readBody(req: IncomingMessage): Promise<Buffer> {
  const chunks: Buffer[] = [];
  let size = 0;
  for await (const chunk of req) {
    size += (chunk as Buffer).length;
    if (size > MAX_BODY) throw new ApiError(413, 'ImageTooLargeException', 'Request payload exceeds the allowed size');
    chunks.push(chunk as Buffer);
  }
  return Buffer.concat(chunks);
}

export interface LocalRekognition {
  endpoint: string;
  labeller: Labeller;
  /** Calls admitted and throttled per operation under the TPS limit (empty when unlimited). */
  throughput(): Record<string, { admitted: number; throttled: number }>;
  close(): Promise<void>;
}

export async function startLocalRekognition(o: LocalRekognitionOptions): Promise<LocalRekognition> {
  const labeller = createLabeller({ workers: o.workers, runtime: o.runtime });
  const limit = throughputLimit(o.tps);
  if (o.warm) labeller.warm();
  const s3 = new S3Client({ ...o.s3, requestChecksumCalculation: 'WHEN_REQUIRED', responseChecksumValidation: 'WHEN_REQUIRED' });

  async function imageBytes(image: { Bytes?: string; S3Object?: { Bucket?: string; Name?: string; Version?: string } } | undefined, caller: string): Promise<Uint8Array> {
    if (image?.Bytes) {
      const bytes = Buffer.from(image.Bytes, 'base64');
      if (bytes.length > MAX_BYTES_INLINE) throw new ApiError(400, 'ImageTooLargeException', 'Image size is too large.');
      return bytes;
    }
    if (image?.S3Object?.Bucket && image.S3Object.Name) {
      // As Rekognition does: the object is read with the caller's permissions, so the caller
      // needs s3:GetObject on it, and s3:GetObjectVersion when it names a version.
      const objectArn = `arn:aws:s3:::${image.S3Object.Bucket}/${image.S3Object.Name}`;
      const actions = image.S3Object.Version ? ['s3:GetObject', 's3:GetObjectVersion'] : ['s3:GetObject'];
      if (actions.some((action) => o.authorize?.(caller, action, objectArn))) throw new ApiError(400, 'InvalidS3ObjectException', 'Unable to get object metadata from S3. Check object key, region and/or access permissions.');
      try {
        const object = await s3.send(new GetObjectCommand({ Bucket: image.S3Object.Bucket, Key: image.S3Object.Name, VersionId: image.S3Object.Version }));
        if ((object.ContentLength ?? 0) > MAX_BYTES_S3) throw new ApiError(400, 'ImageTooLargeException', 'Image size is too large.');
        return await object.Body!.transformToByteArray();
      } catch (error) {
        if (error instanceof ApiError) throw error;
        if (error instanceof NoSuchKey || (error as { name?: string }).name === 'NoSuchKey') throw new ApiError(400, 'InvalidS3ObjectException', 'Unable to get object metadata from S3. Check object key, region and/or access permissions.');
        throw new ApiError(400, 'InvalidS3ObjectException', `Unable to get object from S3: ${(error as Error).message}`);
      }
    }
    throw new ApiError(400, 'InvalidParameterException', 'Image must have either Bytes or S3Object');
  }

  const server = createServer(async (req, res) => {
    try {
      if (req.method === 'GET' && req.url === '/_local/models') return send(res, 200, { loaded: labeller.loadedModels(), runtimes: labeller.modelRuntimes() });
      if (req.method !== 'POST') throw new ApiError(404, 'UnknownOperationException', 'Use POST');
      const body = await readBody(req);
      const auth = verifyJsonRequest(req, body, { credentials: o.credentials, service: 'rekognition' });
      if (auth.refusal) throw new ApiError(400, auth.refusal.type, auth.refusal.message);
      const target = String(req.headers['x-amz-target'] ?? '');
      const operation = operations[target];
      if (!operation) throw new ApiError(400, 'UnknownOperationException', `The local Rekognition supports ${Object.keys(operations).map((o) => o.split('.')[1]).join(', ')}; not ${target || 'an empty X-Amz-Target'}`);
      // These operations support no resource-level permissions: IAM sees Resource "*".
      const denied = o.authorize?.(auth.accessKeyId, `rekognition:${target.split('.')[1]}`, '*');
      if (denied) throw new ApiError(400, 'AccessDeniedException', denied.message);
      // After authentication and authorization, as AWS counts only calls it would serve.
      limit?.admit(target.split('.')[1]);
      let input: { Image?: { Bytes?: string; S3Object?: { Bucket?: string; Name?: string; Version?: string } } } & Record<string, unknown>;
      try {
        input = JSON.parse(body.toString('utf8'));
      } catch {
        throw new ApiError(400, 'SerializationException', 'Request body is not valid JSON');
      }
      if (typeof input !== 'object' || input === null || Array.isArray(input)) throw new ApiError(400, 'SerializationException', 'Request body must be a JSON object');
      const image = await imageBytes(input.Image, auth.accessKeyId);
      try {
        send(res, 200, await operation(labeller, image, input));
      } catch (error) {
        if (error instanceof ImageRefused) throw new ApiError(400, refusals[error.code], error.message);
        throw error;
      }
    } catch (error) {
      if (error instanceof ApiError) return send(res, error.status, { __type: error.type, message: error.message, Message: error.message });
      console.error(JSON.stringify({ level: 'ERROR', message: 'local Rekognition failed', error: (error as Error).message }));
      send(res, 500, { __type: 'InternalServerError', message: 'Internal server error' });
    }
  });
  const endpoint = await listen(server, o);
  return {
    endpoint,
    labeller,
    throughput: () => limit?.counts() ?? {},
    close: async () => {
      await closeServer(server);
      await labeller.close();
      s3.destroy();
    },
  };
}
