/**
 * The blobs table: one item per blob, keyed by `id`, expired by DynamoDB TTL on `expiresAt`, with
 * the byOwner index (owner, createdAt) that myBlobs queries newest first. Blobs without an owner
 * (API key, IAM) have no `owner` attribute and so stay out of the index.
 */
import { RemovalPolicy } from 'aws-cdk-lib';
import * as dynamodb from 'aws-cdk-lib/aws-dynamodb';
import { Construct } from 'constructs';
import { LABEL_INDEX, LABEL_OWNER_INDEX, OWNER_INDEX } from '../../api/blob-table.js';

export interface BlobTableProps {
  readonly removalPolicy: RemovalPolicy;
}

export class BlobTable extends Construct {
  readonly table: dynamodb.Table;

  constructor(scope: Construct, id: string, props: BlobTableProps) {
    super(scope, id);
    this.table = new dynamodb.Table(this, 'Table', {
      partitionKey: { name: 'id', type: dynamodb.AttributeType.STRING },
      billingMode: dynamodb.BillingMode.PAY_PER_REQUEST,
      pointInTimeRecoverySpecification: { pointInTimeRecoveryEnabled: true },
      // The item attribute the functions set to epoch seconds (DESIGN.md's record contract).
      timeToLiveAttribute: 'expiresAt',
      // AWS-managed KMS key (aws/dynamodb): encryption visible in the template and CloudTrail,
      // no key policy to maintain, and no kms:* grants needed by the functions.
      encryption: dynamodb.TableEncryption.AWS_MANAGED,
      deletionProtection: props.removalPolicy === RemovalPolicy.RETAIN,
      removalPolicy: props.removalPolicy,
    });
    this.table.addGlobalSecondaryIndex({
      indexName: OWNER_INDEX.name,
      partitionKey: { name: OWNER_INDEX.partitionKey, type: dynamodb.AttributeType.STRING },
      sortKey: { name: OWNER_INDEX.sortKey, type: dynamodb.AttributeType.STRING },
      projectionType: dynamodb.ProjectionType.ALL,
    });
    // The inverted label index (searchBlobs, myLabels): only what the search reads is projected,
    // the blob itself is read from its record.
    for (const index of [LABEL_INDEX, LABEL_OWNER_INDEX]) {
      this.table.addGlobalSecondaryIndex({
        indexName: index.name,
        partitionKey: { name: index.partitionKey, type: dynamodb.AttributeType.STRING },
        sortKey: { name: index.sortKey, type: dynamodb.AttributeType.STRING },
        projectionType: dynamodb.ProjectionType.INCLUDE,
        nonKeyAttributes: [...index.projected],
      });
    }
  }
}
