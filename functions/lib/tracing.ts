/**
 * X-Ray tracing with Powertools Tracer: a subsegment per invocation (cold start and service
 * annotated) and one per AWS SDK call (clients.ts). Tracer turns itself off outside a Lambda
 * execution environment (no AWS_EXECUTION_ENV), so offline every call below is a pass-through
 * and nothing looks for an X-Ray daemon.
 */
import { Tracer } from '@aws-lambda-powertools/tracer';

let tracer: Tracer | undefined;
/** Made on first use, after the environment (POWERTOOLS_SERVICE_NAME) is in place. */
export const getTracer = () => (tracer ??= new Tracer({ serviceName: process.env.POWERTOOLS_SERVICE_NAME ?? 'blobs' }));

/**
 * The handler, traced. Responses are not recorded as metadata: they carry presigned URLs,
 * which are capabilities. Errors are (their message and stack, which never hold secrets here).
 */
export function traced<E, R>(handler: (event: E) => Promise<R>): (event: E) => Promise<R> {
  return async (event) => {
    const t = getTracer();
    const segment = t.isTracingEnabled() ? t.getSegment() : undefined;
    if (!segment) return handler(event);
    const subsegment = segment.addNewSubsegment(`## ${process.env._HANDLER ?? 'handler'}`);
    t.setSegment(subsegment);
    t.annotateColdStart();
    t.addServiceNameAnnotation();
    try {
      return await handler(event);
    } catch (error) {
      t.addErrorAsMetadata(error as Error);
      throw error;
    } finally {
      subsegment.close();
      t.setSegment(segment);
    }
  };
}
