import { Logger } from '@aws-lambda-powertools/logger';

/** Structured JSON logs; level from LOG_LEVEL / POWERTOOLS_LOG_LEVEL. */
export const createLogger = (serviceName: string) => new Logger({ serviceName, logLevel: (process.env.LOG_LEVEL as 'INFO' | undefined) ?? 'INFO' });
