/**
 * CloudFormation's intrinsic functions, resolved against local names: what CloudFormation does
 * at deploy, done at start so policies and environment variables read as deployed ones do.
 * An intrinsic this does not implement, or a reference it cannot resolve, is an error naming it.
 */
export interface Resolver {
  ref(logicalId: string): string;
  getAtt(logicalId: string, attribute: string): string;
}

export interface PseudoParameters {
  region: string;
  accountId: string;
  stackName: string;
}

export function resolveIntrinsics(value: unknown, resolver: Resolver, pseudo: PseudoParameters): unknown {
  const pseudoValues: Record<string, string> = {
    'AWS::Region': pseudo.region,
    'AWS::AccountId': pseudo.accountId,
    'AWS::Partition': 'aws',
    'AWS::URLSuffix': 'amazonaws.com',
    'AWS::StackName': pseudo.stackName,
    'AWS::StackId': `arn:aws:cloudformation:${pseudo.region}:${pseudo.accountId}:stack/${pseudo.stackName}/00000000-0000-4000-8000-000000000000`,
    'AWS::NoValue': '',
  };
  const ref = (name: string) => pseudoValues[name] ?? resolver.ref(name);
  const walk = (v: unknown): unknown => {
    if (Array.isArray(v)) return v.map(walk);
    if (!v || typeof v !== 'object') return v;
    const entries = Object.entries(v as Record<string, unknown>);
    if (entries.length === 1) {
      const [fn, arg] = entries[0];
      switch (fn) {
        case 'Ref':
          return ref(String(arg));
        case 'Fn::GetAtt': {
          const [id, ...attribute] = Array.isArray(arg) ? (arg as string[]) : String(arg).split('.');
          return resolver.getAtt(id, attribute.join('.'));
        }
        case 'Fn::Join': {
          const [separator, parts] = arg as [string, unknown[]];
          return (walk(parts) as unknown[]).map(String).join(separator);
        }
        case 'Fn::Select': {
          const [index, list] = arg as [unknown, unknown];
          return (walk(list) as unknown[])[Number(walk(index))];
        }
        case 'Fn::Split': {
          const [separator, text] = arg as [string, unknown];
          return String(walk(text)).split(separator);
        }
        case 'Fn::Sub': {
          const [text, vars] = Array.isArray(arg) ? (arg as [string, Record<string, unknown>]) : [String(arg), {}];
          const resolvedVars = walk(vars) as Record<string, unknown>;
          return text.replace(/\$\{([^}!][^}]*)\}/g, (_, name: string) => {
            if (name in resolvedVars) return String(resolvedVars[name]);
            const [id, ...attribute] = name.split('.');
            return attribute.length ? resolver.getAtt(id, attribute.join('.')) : ref(id);
          });
        }
        default:
          if (fn.startsWith('Fn::') || fn === 'Condition') throw new Error(`${fn} is not resolved by the local runtime`);
      }
    }
    return Object.fromEntries(entries.map(([k, x]) => [k, walk(x)]));
  };
  return walk(value);
}
