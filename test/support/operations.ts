/** GraphQL documents the tests send, as a client would. */
export const CREATE_BLOB = /* GraphQL */ `
  mutation CreateBlob($input: CreateBlobInput!) {
    createBlob(input: $input) { id uploadUrl expiresAt callbackUrl }
  }
`;

export const BLOB = /* GraphQL */ `
  query Blob($id: ID!) {
    blob(id: $id) {
      id status contentType callbackUrl createdAt updatedAt
      labels { name confidence parents instances { confidence boundingBox { left top width height } } }
      error { code message }
      callbackDelivery { delivered attempts lastStatusCode lastError lastAttemptAt }
    }
  }
`;

export const ON_BLOB_LABELLED = /* GraphQL */ `
  subscription OnBlobLabelled($id: ID!) {
    onBlobLabelled(id: $id) {
      id status
      labels { name confidence parents instances { confidence boundingBox { left top width height } } }
      error { code message }
    }
  }
`;
