/**
 * X-Ray tracing with Powertools Tracer: a subsegment per invocation (cold start and service
 * annotated) and one per AWS SDK call (clients.ts). Tracer turns itself off outside a Lambda
 * execution environment (no AWS_EXECUTION_ENV), so offline every call below is a pass-through
 * and nothing looks for an X-Ray daemon.
 */
import type { Tracer } from '@aws-lambda-powertools/tracer';

/**
 * Powertools Tracer is imported only in a Lambda execution environment. Importing it loads the
 * X-Ray SDK, which at load time installs a process-wide async_hooks hook with a destroy callback
 * (cls-hooked's namespace): every promise of the process then pays for it. Offline the functions
 * share one process with the engine and the stand-ins, and Tracer would be off there anyway.
 */
const powertools = process.env.AWS_EXECUTION_ENV === undefined ? undefined : await import('@aws-lambda-powertools/tracer');

/** What the functions use of Tracer; outside Lambda, a pass-through. */
export type FunctionTracer = Pick<Tracer, 'isTracingEnabled' | 'captureAWSv3Client'>;
const passThrough: FunctionTracer = { isTracingEnabled: () => false, captureAWSv3Client: (client) => client };

let tracer: Tracer | undefined;
const realTracer = () => (powertools ? (tracer ??= new powertools.Tracer({ serviceName: process.env.POWERTOOLS_SERVICE_NAME ?? 'blobs' })) : undefined);
/** Made on first use, after the environment (POWERTOOLS_SERVICE_NAME) is in place. */
export const getTracer = (): FunctionTracer => realTracer() ?? passThrough;

/**
 * The handler, traced. Responses are not recorded as metadata: they carry presigned URLs,
 * which are capabilities. Errors are (their message and stack, which never hold secrets here).
 */
export function traced<E, R>(handler: (event: E) => Promise<R>): (event: E) => Promise<R> {
  return async (event) => {
    const t = realTracer();
    const segment = t?.isTracingEnabled() ? t.getSegment() : undefined;
    if (!t || !segment) return handler(event);
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
