/** API Gateway's resource matching: literal segments, `{name}` for one segment; the first match wins. */
export interface ResourceMatch {
  resource: string;
  pathParameters: Record<string, string> | null;
}

export function matchResource(resources: readonly string[], path: string): ResourceMatch | undefined {
  const segments = path.split('/').filter(Boolean);
  for (const resource of resources) {
    const pattern = resource.split('/').filter(Boolean);
    if (pattern.length !== segments.length) continue;
    const parameters: Record<string, string> = {};
    const matches = pattern.every((part, i) => {
      const name = /^\{(\w+)\}$/.exec(part)?.[1];
      if (!name) return part === segments[i];
      parameters[name] = decoded(segments[i]);
      return true;
    });
    if (matches) return { resource, pathParameters: Object.keys(parameters).length ? parameters : null };
  }
  return undefined;
}

function decoded(segment: string): string {
  try {
    return decodeURIComponent(segment);
  } catch {
    return segment; // a malformed escape stays as sent, and simply names no blob
  }
}
