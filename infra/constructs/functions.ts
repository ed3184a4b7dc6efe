/**
 * One Lambda function per entry of the wiring's `lambdaFunctions`, bundled locally by esbuild
 * (no Docker) into ESM, on arm64 and the newest Node.js runtime aws-cdk-lib knows. Each
 * function has its own role and log group; permissions beyond writing its logs are granted
 * by `infra/permissions.ts`, so each role starts from nothing.
 */
import { join } from 'node:path';
import { Duration, RemovalPolicy } from 'aws-cdk-lib';
import * as iam from 'aws-cdk-lib/aws-iam';
import * as lambda from 'aws-cdk-lib/aws-lambda';
import { LogLevel, NodejsFunction, OutputFormat } from 'aws-cdk-lib/aws-lambda-nodejs';
import * as logs from 'aws-cdk-lib/aws-logs';
import { Construct } from 'constructs';
import { lambdaFunctions } from '../../api/wiring.js';
import { acknowledge } from '../nag.js';

export type FunctionName = keyof typeof lambdaFunctions;

/** Sizing per function; the type makes a new wiring entry fail to compile until it is sized. */
export const FUNCTION_PROFILES: Record<FunctionName, { memorySize: number; timeout: Duration }> = {
  createBlob: { memorySize: 256, timeout: Duration.seconds(10) },
  // Reads the image head, waits on DetectLabels, then publishes and delivers a retried webhook.
  labelBlob: { memorySize: 1024, timeout: Duration.seconds(60) },
  // Lists and deletes an image's versions (usually one or two), then the record.
  deleteBlob: { memorySize: 256, timeout: Duration.seconds(15) },
  // Presigning is local computation: no calls out.
  blobImageUrl: { memorySize: 256, timeout: Duration.seconds(5) },
  // A few Query pages of the label index and BatchGetItems of the hits' records.
  searchBlobs: { memorySize: 512, timeout: Duration.seconds(10) },
  // createBlob's work (a DNS check of callback_url, a PutItem, a presign) or one GetItem.
  restApi: { memorySize: 256, timeout: Duration.seconds(10) },
  // A few small writes and reads of token items.
  accessTokens: { memorySize: 256, timeout: Duration.seconds(10) },
  // One GetItem (and at most one UpdateItem); AppSync waits at most 10 s for an authorizer anyway.
  authorizeAccessToken: { memorySize: 256, timeout: Duration.seconds(5) },
};

/**
 * Packages a function loads at run time from a `node_modules` folder shipped beside its bundle,
 * instead of from the esbuild bundle: native modules, whose binary esbuild cannot bundle and
 * whose npm package picks a binary per platform. CDK installs them with `npm ci` from this
 * project's package-lock.json (the versions tested here) into the asset, for the functions'
 * platform below, not the machine that synthesizes: sharp's `@img/sharp-linux-arm64` and its
 * libvips, never the x64 binaries of a laptop or CI runner.
 */
export const RUNTIME_MODULES: Partial<Record<FunctionName, readonly string[]>> = {
  // Thumbnails and photo details (functions/lib/derived-images.ts, loaded by sharp-loader.ts).
  labelBlob: ['sharp'],
};

/** Every function's architecture. */
export const FUNCTION_ARCHITECTURE = lambda.Architecture.ARM_64;

/** The platform npm installs RUNTIME_MODULES for: Lambda's Amazon Linux (glibc) on FUNCTION_ARCHITECTURE (npm says x64 where Lambda says x86_64). */
export const LAMBDA_NPM_PLATFORM = { npm_config_os: 'linux', npm_config_cpu: FUNCTION_ARCHITECTURE.name === 'x86_64' ? 'x64' : FUNCTION_ARCHITECTURE.name, npm_config_libc: 'glibc' };

/** Newest at aws-cdk-lib 2.276 (cdk-nag AwsSolutions-L1 flags anything older). The code also runs on Node 20. */
export const FUNCTION_RUNTIME = lambda.Runtime.NODEJS_24_X;

/** Lets CommonJS dependencies `require()` inside the ESM bundle. */
export const ESM_REQUIRE_BANNER = "import { createRequire as __createRequire } from 'node:module'; const require = __createRequire(import.meta.url);";

export interface BlobFunctionsProps {
  readonly rootDir: string;
  /** Environment every function gets (table, bucket, TTLs, log level). */
  readonly environment: Readonly<Record<string, string>>;
  readonly logRetention: logs.RetentionDays;
  readonly removalPolicy: RemovalPolicy;
}

export class BlobFunctions extends Construct {
  readonly functions: Record<FunctionName, NodejsFunction>;

  constructor(scope: Construct, id: string, props: BlobFunctionsProps) {
    super(scope, id);
    const entries = Object.entries(lambdaFunctions) as Array<[FunctionName, (typeof lambdaFunctions)[FunctionName]]>;
    this.functions = Object.fromEntries(entries.map(([name, spec]) => [name, this.createFunction(name, spec, props)])) as Record<FunctionName, NodejsFunction>;
  }

  private createFunction(name: FunctionName, spec: { entry: string; description: string }, props: BlobFunctionsProps): NodejsFunction {
    const id = name.charAt(0).toUpperCase() + name.slice(1);
    const logGroup = new logs.LogGroup(this, `${id}Logs`, { retention: props.logRetention, removalPolicy: props.removalPolicy });
    // An own role instead of the default one, which carries the AWSLambdaBasicExecutionRole
    // managed policy (logs:* on every log group): this one may write to its own log group only.
    const role = new iam.Role(this, `${id}Role`, {
      assumedBy: new iam.ServicePrincipal('lambda.amazonaws.com'),
      description: `Execution role of the ${name} function`,
    });
    logGroup.grantWrite(role);
    // Active tracing makes CDK grant xray:PutTraceSegments and xray:PutTelemetryRecords.
    acknowledge(role, 'AwsSolutions-IAM5[Resource::*]', 'X-Ray active tracing: xray:PutTraceSegments and xray:PutTelemetryRecords support no resource-level permissions (Resource must be "*").');

    const profile = FUNCTION_PROFILES[name];
    const runtimeModules = RUNTIME_MODULES[name];
    return new NodejsFunction(this, id, {
      entry: join(props.rootDir, spec.entry),
      handler: 'handler',
      description: spec.description,
      projectRoot: props.rootDir,
      depsLockFilePath: join(props.rootDir, 'package-lock.json'),
      runtime: FUNCTION_RUNTIME,
      architecture: FUNCTION_ARCHITECTURE,
      memorySize: profile.memorySize,
      timeout: profile.timeout,
      role,
      logGroup,
      loggingFormat: lambda.LoggingFormat.JSON,
      // X-Ray: Lambda samples and starts the trace; Powertools Tracer (functions/lib/tracing.ts)
      // adds the handler and every AWS SDK call to it.
      tracing: lambda.Tracing.ACTIVE,
      environment: {
        ...props.environment,
        POWERTOOLS_SERVICE_NAME: name,
        NODE_OPTIONS: '--enable-source-maps',
      },
      bundling: {
        forceDockerBundling: false,
        format: OutputFormat.ESM,
        mainFields: ['module', 'main'],
        banner: ESM_REQUIRE_BANNER,
        // Bundle the AWS SDK too: the deployed code then uses the exact SDK versions tested here.
        bundleAwsSDK: true,
        externalModules: [],
        // npm reads its target platform from these (npm_config_*): the install of runtimeModules
        // fetches the arm64 binaries from the registry whatever machine synthesizes.
        ...(runtimeModules && { nodeModules: [...runtimeModules], environment: { ...LAMBDA_NPM_PLATFORM } }),
        minify: true,
        sourceMap: true,
        sourcesContent: false,
        logLevel: LogLevel.ERROR,
      },
    });
  }
}
