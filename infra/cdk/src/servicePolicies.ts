import { Effect, PolicyStatement } from 'aws-cdk-lib/aws-iam';
import type { ServiceName } from './constants.ts';

/** The ARNs and prefixes a service's permissions are written against. */
export interface PolicyTargets {
  readonly sourceBucketArn: string;
  /** Key prefix the source notification is filtered on (`''` for the whole bucket). */
  readonly sourcePrefix: string;
  readonly stagingBucketArn: string;
  /** `CHUNKLINE_STAGING_PREFIX`. */
  readonly stagingPrefix: string;
  readonly outputBucketArn: string;
  /** `CHUNKLINE_OUTPUT_PREFIX`. */
  readonly outputPrefix: string;
  readonly queueArns: { readonly ingest: string; readonly chunk: string; readonly merge: string };
  /** The buckets' customer managed KMS key, if any. */
  readonly kmsKeyArn: string | undefined;
}

/** Receiving, acknowledging and heartbeating messages; nothing else on the queue. */
const CONSUME = ['sqs:ReceiveMessage', 'sqs:DeleteMessage', 'sqs:ChangeMessageVisibility'];
/** SendMessageBatch is authorised as sqs:SendMessage. */
const SEND = ['sqs:SendMessage'];

function allow(sid: string, actions: string[], resources: string[]): PolicyStatement {
  return new PolicyStatement({ sid, effect: Effect.ALLOW, actions, resources });
}

/**
 * The task role's statements of one service, least privilege, no wildcard actions:
 *
 * | | dispatcher | processor | merger |
 * |---|---|---|---|
 * | source objects (under the source prefix) | read (HEAD, sniff) | read its byte range | read (re-run a CSV chunk) |
 * | staging objects (under the staging prefix) | read, write | read, write, abort its upload | read, write, delete, abort uploads |
 * | output objects (under the output prefix) | — | — | write, abort uploads |
 * | queues | consume ingest, send chunk | consume chunk, send merge | consume merge |
 *
 * `s3:ListBucket` on the staging bucket (and the source bucket for the dispatcher) lets a
 * HEAD or GET of a missing key answer 404 rather than 403, which the services rely on to tell
 * "not there yet" from "not allowed". With a customer managed key, each may also use the key.
 */
export function servicePolicyStatements(
  service: ServiceName,
  targets: PolicyTargets,
): PolicyStatement[] {
  const source = `${targets.sourceBucketArn}/${targets.sourcePrefix}*`;
  const staging = `${targets.stagingBucketArn}/${targets.stagingPrefix}*`;
  const output = `${targets.outputBucketArn}/${targets.outputPrefix}*`;
  const q = targets.queueArns;
  const kms =
    targets.kmsKeyArn === undefined
      ? []
      : [allow('UseBucketKey', ['kms:Decrypt', 'kms:GenerateDataKey'], [targets.kmsKeyArn])];
  const readSource = allow('ReadSourceObjects', ['s3:GetObject'], [source]);
  switch (service) {
    case 'dispatcher':
      return [
        readSource,
        allow('ListSourceBucket', ['s3:ListBucket'], [targets.sourceBucketArn]),
        allow('ReadWriteStaging', ['s3:GetObject', 's3:PutObject'], [staging]),
        allow('ListStagingBucket', ['s3:ListBucket'], [targets.stagingBucketArn]),
        allow('ConsumeIngestQueue', CONSUME, [q.ingest]),
        allow('SendChunkMessages', SEND, [q.chunk]),
        ...kms,
      ];
    case 'processor':
      return [
        readSource,
        allow(
          'ReadWriteStaging',
          ['s3:GetObject', 's3:PutObject', 's3:AbortMultipartUpload'],
          [staging],
        ),
        allow('ListStagingBucket', ['s3:ListBucket'], [targets.stagingBucketArn]),
        allow('ConsumeChunkQueue', CONSUME, [q.chunk]),
        allow('SendMergeMessages', SEND, [q.merge]),
        ...kms,
      ];
    case 'merger':
      return [
        readSource,
        allow(
          'ReadWriteCleanStaging',
          ['s3:GetObject', 's3:PutObject', 's3:DeleteObject', 's3:AbortMultipartUpload'],
          [staging],
        ),
        allow(
          'ListStagingBucket',
          ['s3:ListBucket', 's3:ListBucketMultipartUploads'],
          [targets.stagingBucketArn],
        ),
        allow('WriteOutputObjects', ['s3:PutObject', 's3:AbortMultipartUpload'], [output]),
        allow('ListOutputUploads', ['s3:ListBucketMultipartUploads'], [targets.outputBucketArn]),
        allow('ConsumeMergeQueue', CONSUME, [q.merge]),
        ...kms,
      ];
  }
}
