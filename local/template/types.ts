/** The parts of a CloudFormation template the local runtime reads. */
export interface CfnResource {
  Type: string;
  Properties?: Record<string, unknown>;
  DependsOn?: string | string[];
  Metadata?: Record<string, unknown>;
}

export interface CfnTemplate {
  Resources: Record<string, CfnResource>;
  Outputs?: Record<string, { Value: unknown; Export?: unknown; Description?: string }>;
  Parameters?: Record<string, unknown>;
  [key: string]: unknown;
}
