import { Duration, RemovalPolicy } from 'aws-cdk-lib';
import { Key } from 'aws-cdk-lib/aws-kms';
import { BlockPublicAccess, Bucket, BucketEncryption, ObjectOwnership } from 'aws-cdk-lib/aws-s3';
import type { LifecycleRule } from 'aws-cdk-lib/aws-s3';
import type { Construct } from 'constructs';
import type { BucketEncryptionSetting } from './settings.ts';

/** Props of {@link chunklineBucket}. */
export interface ChunklineBucketProps {
  /** The bucket's name. */
  readonly bucketName: string;
  readonly encryption: BucketEncryptionSetting;
  /** Days after which incomplete multipart uploads are aborted. */
  readonly abortIncompleteUploadDays: number;
  /** Rules beyond the abort rule (the staging bucket's expiration). Default none. */
  readonly extraLifecycleRules?: readonly LifecycleRule[];
}

/**
 * A private bucket: all public access blocked, ACLs disabled, SSE-S3 or SSE-KMS (with an S3
 * Bucket Key) at rest, incomplete multipart uploads aborted after a few days, and kept when
 * the stack is deleted.
 */
export function chunklineBucket(scope: Construct, id: string, props: ChunklineBucketProps): Bucket {
  const kms = props.encryption.kind === 'sse-kms';
  const keyArn = props.encryption.kind === 'sse-kms' ? props.encryption.keyArn : undefined;
  return new Bucket(scope, id, {
    bucketName: props.bucketName,
    blockPublicAccess: BlockPublicAccess.BLOCK_ALL,
    objectOwnership: ObjectOwnership.BUCKET_OWNER_ENFORCED,
    encryption: kms
      ? keyArn === undefined
        ? BucketEncryption.KMS_MANAGED
        : BucketEncryption.KMS
      : BucketEncryption.S3_MANAGED,
    ...(keyArn === undefined ? {} : { encryptionKey: Key.fromKeyArn(scope, `${id}Key`, keyArn) }),
    ...(kms ? { bucketKeyEnabled: true } : {}),
    lifecycleRules: [
      {
        id: 'abort-incomplete-multipart-uploads',
        abortIncompleteMultipartUploadAfter: Duration.days(props.abortIncompleteUploadDays),
      },
      ...(props.extraLifecycleRules ?? []),
    ],
    removalPolicy: RemovalPolicy.RETAIN,
  });
}
