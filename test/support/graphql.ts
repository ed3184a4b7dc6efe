/** A GraphQL call with the API key, as a plain HTTP client makes it: the `data`, or a thrown error listing `errors`. */
export async function graphqlData(api: { graphqlUrl: string; apiKey: string }, query: string, variables: Record<string, unknown> = {}): Promise<any> {
  const res = await fetch(api.graphqlUrl, { method: 'POST', headers: { 'content-type': 'application/json', 'x-api-key': api.apiKey }, body: JSON.stringify({ query, variables }) });
  const body = (await res.json()) as { data?: any; errors?: unknown[] };
  if (body.errors) throw new Error(JSON.stringify(body.errors));
  return body.data;
}
