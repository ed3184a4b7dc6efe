/** A bucket's CORS rules as the template declares them (infra/constructs/storage.ts), for the local S3 to serve. */
import type { CorsRule } from '../s3/cors.js';
import type { CfnTemplate } from './types.js';

type CfnCorsRule = { AllowedOrigins: string[]; AllowedMethods: string[]; AllowedHeaders?: string[]; ExposedHeaders?: string[]; MaxAge?: number };

/** The CorsRules of the bucket with logical id `bucketId`; undefined when it has none (then S3 answers no browser). */
export function bucketCorsOf(template: CfnTemplate, bucketId: string): CorsRule[] | undefined {
  const bucket = template.Resources[bucketId];
  if (bucket?.Type !== 'AWS::S3::Bucket') throw new Error(`The template has no bucket ${bucketId}`);
  const rules = (bucket.Properties?.CorsConfiguration as { CorsRules?: CfnCorsRule[] } | undefined)?.CorsRules;
  return rules?.map((r) => ({ allowedOrigins: r.AllowedOrigins, allowedMethods: r.AllowedMethods, allowedHeaders: r.AllowedHeaders, exposedHeaders: r.ExposedHeaders, maxAge: r.MaxAge }));
}
