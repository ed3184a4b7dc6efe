/**
 * The key searchBlobs seals its nextTokens with (AES-256-GCM over a SHA-256 of this value), so
 * its tokens are opaque and tamper-proof like the ones AppSync hands out for myBlobs. Generated
 * by CloudFormation, read by ARN, never in environment text.
 */
import type { RemovalPolicy } from 'aws-cdk-lib';
import * as secretsmanager from 'aws-cdk-lib/aws-secretsmanager';
import { Construct } from 'constructs';
import { acknowledge } from '../nag.js';

export class SearchTokenSecret extends Construct {
  readonly secret: secretsmanager.Secret;

  constructor(scope: Construct, id: string, props: { readonly removalPolicy: RemovalPolicy }) {
    super(scope, id);
    this.secret = new secretsmanager.Secret(this, 'Secret', {
      description: 'Key that seals searchBlobs nextTokens',
      generateSecretString: { passwordLength: 64, excludePunctuation: true, includeSpace: false },
      removalPolicy: props.removalPolicy,
    });
    acknowledge(
      this.secret,
      'AwsSolutions-SMG4',
      'Rotating it only invalidates the nextTokens in flight (clients start from the first page again); it is rotated by hand, not on a schedule.',
    );
  }
}
