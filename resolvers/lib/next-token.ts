// A nextToken the DynamoDB data source refused: sealed for another query, altered, or resuming
// outside this caller's partition (DynamoDB refuses a start key outside the key condition).
export function refusedToken(type: string): boolean {
  return type.indexOf('InvalidNextToken') >= 0 || type.indexOf('ValidationException') >= 0 || type.indexOf('PaginationToken') >= 0;
}

export const REFUSED_TOKEN_MESSAGE = 'The nextToken is not valid for this query: it was altered, has expired, or belongs to another user or query';
