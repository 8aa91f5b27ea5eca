/**
 * What the agreement suite applies and then does out of band, resource by resource. Every
 * scenario runs in the same single apply and the same single refresh, so adding one costs
 * seconds, not a Terraform run.
 *
 * Scenarios: `in-sync` (left alone), `changed` (a managed value changed with the AWS SDK),
 * `deleted` (the object deleted with the AWS SDK), `rewritten` (the same value written again:
 * a no-op write must not read as drift).
 *
 * What the emulators cannot serve, and so is not covered here (wire-level fakes cover the
 * read side in test/aws instead):
 * - dynalite has no DynamoDB Streams (a `stream_enabled = true` table never shows a stream,
 *   so the real provider fails its apply), no UpdateTimeToLive (a `ttl { enabled = true }`
 *   block cannot be applied), no deletion protection and no point-in-time recovery; it
 *   ignores tags passed to CreateTable (tags set on creation never exist), though it does
 *   serve TagResource and ListTagsOfResource.
 * - s3rver answers NotImplemented for versioning, encryption, tagging, policy and public
 *   access block; test/agreement/s3-overlay.ts keeps those documents as the provider PUTs
 *   them. Lifecycle, logging, replication, ACLs, object lock, acceleration and request
 *   payment are served by neither and not applied.
 */
import type { DynamoDBClient } from '@aws-sdk/client-dynamodb';
import {
  DeleteTableCommand,
  TagResourceCommand,
  UntagResourceCommand,
  UpdateTableCommand,
} from '@aws-sdk/client-dynamodb';
import type { CORSRule, S3Client } from '@aws-sdk/client-s3';
import {
  DeleteBucketCommand,
  DeleteBucketCorsCommand,
  PutBucketCorsCommand,
  PutBucketEncryptionCommand,
  PutBucketPolicyCommand,
  PutBucketTaggingCommand,
  PutBucketVersioningCommand,
  PutPublicAccessBlockCommand,
} from '@aws-sdk/client-s3';

/** What was done to a resource out of band. */
export type Scenario = 'in-sync' | 'changed' | 'deleted' | 'rewritten';

/** A verdict as the report spells it. */
export type Verdict = 'in-sync' | 'drifted' | 'missing';

/** One resource of the suite and what every reader should say about it. */
export interface Case {
  address: string;
  scenario: Scenario;
  /** What tfdrift (both providers) must say. */
  expected: Verdict;
  /** Where Terraform's refresh-only plan says otherwise by design: its verdict, and why. */
  terraformDiffers?: { verdict: Verdict; why: string };
}

export interface Clients {
  s3: S3Client;
  dynamodb: DynamoDBClient;
}

const OWNED =
  'tfdrift reports a part owned by a separate resource on that resource only; Terraform also shows it on the bucket';
const PRINCIPAL =
  'tfdrift treats "Principal": "*" and {"AWS": "*"} as equal (AWS documents them as equivalent); Terraform does not';

/** A bucket policy in HCL: `Principal` may read the bucket's objects. */
function readPolicyHcl(bucket: string, principal: string): string {
  return `jsonencode({
    Version   = "2012-10-17"
    Statement = [{ Sid = "Read", Effect = "Allow", Principal = { AWS = "${principal}" }, Action = "s3:GetObject", Resource = "arn:aws:s3:::${bucket}/*" }]
  })`;
}

/** The resources the suite applies, in HCL (the provider block is added by the suite). */
export const RESOURCES_TF = `
resource "aws_s3_bucket" "plain_in_sync" {
  bucket = "agree-plain-in-sync"
}

resource "aws_s3_bucket" "plain_deleted" {
  bucket = "agree-plain-deleted"
}

resource "aws_s3_bucket" "tags_changed" {
  bucket = "agree-tags-changed"
  tags   = { team = "blue" }
}

resource "aws_s3_bucket" "tags_rewritten" {
  bucket = "agree-tags-rewritten"
  tags   = { team = "blue" }
}

resource "aws_s3_bucket" "inline_versioning_changed" {
  bucket = "agree-inline-versioning"
  versioning {
    enabled = true
  }
}

resource "aws_s3_bucket" "inline_sse_changed" {
  bucket = "agree-inline-sse"
  server_side_encryption_configuration {
    rule {
      apply_server_side_encryption_by_default {
        sse_algorithm = "AES256"
      }
    }
  }
}

resource "aws_s3_bucket" "inline_cors_changed" {
  bucket = "agree-inline-cors"
  cors_rule {
    allowed_methods = ["GET"]
    allowed_origins = ["https://example.com"]
  }
}

resource "aws_s3_bucket" "inline_policy_changed" {
  bucket = "agree-inline-policy"
  policy = ${readPolicyHcl('agree-inline-policy', 'arn:aws:iam::123456789012:root')}
}

resource "aws_s3_bucket" "owner" {
  bucket = "agree-owner"
}

resource "aws_s3_bucket_versioning" "changed" {
  bucket = aws_s3_bucket.owner.id
  versioning_configuration {
    status = "Enabled"
  }
}

resource "aws_s3_bucket_server_side_encryption_configuration" "rewritten" {
  bucket = aws_s3_bucket.owner.id
  rule {
    apply_server_side_encryption_by_default {
      sse_algorithm = "AES256"
    }
  }
}

resource "aws_s3_bucket_cors_configuration" "changed" {
  bucket = aws_s3_bucket.owner.id
  cors_rule {
    allowed_methods = ["GET", "PUT"]
    allowed_origins = ["https://app.example.com"]
    allowed_headers = ["*"]
    max_age_seconds = 300
  }
}

resource "aws_s3_bucket" "cors_owner" {
  bucket = "agree-cors-owner"
}

resource "aws_s3_bucket_cors_configuration" "deleted" {
  bucket = aws_s3_bucket.cors_owner.id
  cors_rule {
    allowed_methods = ["GET"]
    allowed_origins = ["*"]
  }
}

resource "aws_s3_bucket" "cors_rewrite_owner" {
  bucket = "agree-cors-rewrite-owner"
}

resource "aws_s3_bucket_cors_configuration" "rewritten" {
  bucket = aws_s3_bucket.cors_rewrite_owner.id
  cors_rule {
    allowed_methods = ["GET"]
    allowed_origins = ["https://example.com"]
  }
}

resource "aws_s3_bucket" "guarded" {
  bucket = "agree-guarded"
}

resource "aws_s3_bucket_public_access_block" "changed" {
  bucket                  = aws_s3_bucket.guarded.id
  block_public_acls       = true
  block_public_policy     = true
  ignore_public_acls      = true
  restrict_public_buckets = true
}

resource "aws_s3_bucket" "policy_owner" {
  bucket = "agree-policy-owner"
}

resource "aws_s3_bucket_policy" "principal_star" {
  bucket = aws_s3_bucket.policy_owner.id
  policy = ${readPolicyHcl('agree-policy-owner', '*')}
}

resource "aws_s3_bucket" "policy_changed_owner" {
  bucket = "agree-policy-changed-owner"
}

resource "aws_s3_bucket_policy" "changed" {
  bucket = aws_s3_bucket.policy_changed_owner.id
  policy = ${readPolicyHcl('agree-policy-changed-owner', 'arn:aws:iam::123456789012:root')}
}

resource "aws_dynamodb_table" "in_sync" {
  name         = "agree-in-sync"
  billing_mode = "PAY_PER_REQUEST"
  hash_key     = "pk"
  range_key    = "sk"
  attribute {
    name = "pk"
    type = "S"
  }
  attribute {
    name = "sk"
    type = "N"
  }
  attribute {
    name = "gsi_pk"
    type = "S"
  }
  global_secondary_index {
    name               = "by-gsi"
    hash_key           = "gsi_pk"
    projection_type    = "INCLUDE"
    non_key_attributes = ["b", "a"]
  }
}

resource "aws_dynamodb_table" "stream_off" {
  name             = "agree-stream-off"
  billing_mode     = "PAY_PER_REQUEST"
  hash_key         = "pk"
  stream_enabled   = false
  stream_view_type = "NEW_AND_OLD_IMAGES"
  attribute {
    name = "pk"
    type = "S"
  }
}

resource "aws_dynamodb_table" "tags_changed" {
  name         = "agree-tags-changed"
  billing_mode = "PAY_PER_REQUEST"
  hash_key     = "pk"
  attribute {
    name = "pk"
    type = "S"
  }
}

resource "aws_dynamodb_table" "capacity_changed" {
  name           = "agree-capacity-changed"
  billing_mode   = "PROVISIONED"
  read_capacity  = 1
  write_capacity = 1
  hash_key       = "pk"
  attribute {
    name = "pk"
    type = "S"
  }
}

resource "aws_dynamodb_table" "deleted" {
  name         = "agree-deleted"
  billing_mode = "PAY_PER_REQUEST"
  hash_key     = "pk"
  attribute {
    name = "pk"
    type = "S"
  }
}

resource "aws_dynamodb_table" "rewritten" {
  name         = "agree-rewritten"
  billing_mode = "PAY_PER_REQUEST"
  hash_key     = "pk"
  attribute {
    name = "pk"
    type = "S"
  }
}
`;

type Act = (clients: Clients) => Promise<unknown>;

/** Out-of-band writes, one builder per S3 document, as a console or script would make them. */
const s3Put = {
  tags:
    (Bucket: string, team: string): Act =>
    ({ s3 }) =>
      s3.send(
        new PutBucketTaggingCommand({
          Bucket,
          Tagging: { TagSet: [{ Key: 'team', Value: team }] },
        }),
      ),
  versioning:
    (Bucket: string, Status: 'Enabled' | 'Suspended'): Act =>
    ({ s3 }) =>
      s3.send(new PutBucketVersioningCommand({ Bucket, VersioningConfiguration: { Status } })),
  encryption:
    (Bucket: string, SSEAlgorithm: 'AES256' | 'aws:kms'): Act =>
    ({ s3 }) =>
      s3.send(
        new PutBucketEncryptionCommand({
          Bucket,
          ServerSideEncryptionConfiguration: {
            Rules: [{ ApplyServerSideEncryptionByDefault: { SSEAlgorithm } }],
          },
        }),
      ),
  cors:
    (Bucket: string, rule: CORSRule): Act =>
    ({ s3 }) =>
      s3.send(new PutBucketCorsCommand({ Bucket, CORSConfiguration: { CORSRules: [rule] } })),
  /** A one-statement policy allowing `Action` on the bucket's objects to `Principal`. */
  policy:
    (Bucket: string, Principal: unknown, Action: string | string[]): Act =>
    ({ s3 }) =>
      s3.send(
        new PutBucketPolicyCommand({
          Bucket,
          Policy: JSON.stringify({
            Version: '2012-10-17',
            Statement: [
              {
                Sid: 'Read',
                Effect: 'Allow',
                Principal,
                Action,
                Resource: `arn:aws:s3:::${Bucket}/*`,
              },
            ],
          }),
        }),
      ),
};

const tableArn = (name: string) => `arn:aws:dynamodb:us-east-1:000000000000:table/${name}`;

/** Every case, with what the SDK does to it (nothing for `in-sync`). */
export const CASES: (Case & { act?: Act })[] = [
  { address: 'aws_s3_bucket.plain_in_sync', scenario: 'in-sync', expected: 'in-sync' },
  {
    address: 'aws_s3_bucket.plain_deleted',
    scenario: 'deleted',
    expected: 'missing',
    act: ({ s3 }) => s3.send(new DeleteBucketCommand({ Bucket: 'agree-plain-deleted' })),
  },
  {
    address: 'aws_s3_bucket.tags_changed',
    scenario: 'changed',
    expected: 'drifted',
    act: s3Put.tags('agree-tags-changed', 'red'),
  },
  {
    address: 'aws_s3_bucket.tags_rewritten',
    scenario: 'rewritten',
    expected: 'in-sync',
    act: s3Put.tags('agree-tags-rewritten', 'blue'),
  },
  {
    address: 'aws_s3_bucket.inline_versioning_changed',
    scenario: 'changed',
    expected: 'drifted',
    act: s3Put.versioning('agree-inline-versioning', 'Suspended'),
  },
  {
    address: 'aws_s3_bucket.inline_sse_changed',
    scenario: 'changed',
    expected: 'drifted',
    act: s3Put.encryption('agree-inline-sse', 'aws:kms'),
  },
  {
    address: 'aws_s3_bucket.inline_cors_changed',
    scenario: 'changed',
    expected: 'drifted',
    act: s3Put.cors('agree-inline-cors', {
      AllowedMethods: ['GET'],
      AllowedOrigins: ['https://evil.example'],
    }),
  },
  {
    address: 'aws_s3_bucket.inline_policy_changed',
    scenario: 'changed',
    expected: 'drifted',
    act: s3Put.policy('agree-inline-policy', { AWS: 'arn:aws:iam::123456789012:root' }, [
      's3:GetObject',
      's3:PutObject',
    ]),
  },
  {
    address: 'aws_s3_bucket.owner',
    scenario: 'in-sync',
    expected: 'in-sync',
    terraformDiffers: { verdict: 'drifted', why: OWNED },
  },
  {
    address: 'aws_s3_bucket_versioning.changed',
    scenario: 'changed',
    expected: 'drifted',
    act: s3Put.versioning('agree-owner', 'Suspended'),
  },
  {
    address: 'aws_s3_bucket_server_side_encryption_configuration.rewritten',
    scenario: 'rewritten',
    expected: 'in-sync',
    act: s3Put.encryption('agree-owner', 'AES256'),
  },
  {
    address: 'aws_s3_bucket_cors_configuration.changed',
    scenario: 'changed',
    expected: 'drifted',
    act: s3Put.cors('agree-owner', {
      AllowedMethods: ['GET', 'PUT', 'DELETE'],
      AllowedOrigins: ['https://app.example.com'],
      AllowedHeaders: ['*'],
      MaxAgeSeconds: 300,
    }),
  },
  {
    address: 'aws_s3_bucket.cors_owner',
    scenario: 'in-sync',
    expected: 'in-sync',
    terraformDiffers: { verdict: 'drifted', why: OWNED },
  },
  {
    address: 'aws_s3_bucket_cors_configuration.deleted',
    scenario: 'deleted',
    expected: 'missing',
    act: ({ s3 }) => s3.send(new DeleteBucketCorsCommand({ Bucket: 'agree-cors-owner' })),
  },
  { address: 'aws_s3_bucket.cors_rewrite_owner', scenario: 'in-sync', expected: 'in-sync' },
  {
    address: 'aws_s3_bucket_cors_configuration.rewritten',
    scenario: 'rewritten',
    expected: 'in-sync',
    act: s3Put.cors('agree-cors-rewrite-owner', {
      AllowedMethods: ['GET'],
      AllowedOrigins: ['https://example.com'],
    }),
  },
  { address: 'aws_s3_bucket.guarded', scenario: 'in-sync', expected: 'in-sync' },
  {
    address: 'aws_s3_bucket_public_access_block.changed',
    scenario: 'changed',
    expected: 'drifted',
    act: ({ s3 }) =>
      s3.send(
        new PutPublicAccessBlockCommand({
          Bucket: 'agree-guarded',
          PublicAccessBlockConfiguration: {
            BlockPublicAcls: true,
            BlockPublicPolicy: false,
            IgnorePublicAcls: true,
            RestrictPublicBuckets: true,
          },
        }),
      ),
  },
  {
    address: 'aws_s3_bucket.policy_owner',
    scenario: 'in-sync',
    expected: 'in-sync',
    terraformDiffers: { verdict: 'drifted', why: `${OWNED}; ${PRINCIPAL}` },
  },
  {
    address: 'aws_s3_bucket_policy.principal_star',
    scenario: 'rewritten',
    expected: 'in-sync',
    terraformDiffers: { verdict: 'drifted', why: PRINCIPAL },
    act: s3Put.policy('agree-policy-owner', '*', 's3:GetObject'),
  },
  {
    address: 'aws_s3_bucket.policy_changed_owner',
    scenario: 'in-sync',
    expected: 'in-sync',
    terraformDiffers: { verdict: 'drifted', why: OWNED },
  },
  {
    address: 'aws_s3_bucket_policy.changed',
    scenario: 'changed',
    expected: 'drifted',
    act: s3Put.policy(
      'agree-policy-changed-owner',
      { AWS: 'arn:aws:iam::210987654321:root' },
      's3:GetObject',
    ),
  },
  { address: 'aws_dynamodb_table.in_sync', scenario: 'in-sync', expected: 'in-sync' },
  { address: 'aws_dynamodb_table.stream_off', scenario: 'in-sync', expected: 'in-sync' },
  {
    address: 'aws_dynamodb_table.tags_changed',
    scenario: 'changed',
    expected: 'drifted',
    act: ({ dynamodb }) =>
      dynamodb.send(
        new TagResourceCommand({
          ResourceArn: tableArn('agree-tags-changed'),
          Tags: [{ Key: 'owner', Value: 'console' }],
        }),
      ),
  },
  {
    address: 'aws_dynamodb_table.capacity_changed',
    scenario: 'changed',
    expected: 'drifted',
    act: ({ dynamodb }) =>
      dynamodb.send(
        new UpdateTableCommand({
          TableName: 'agree-capacity-changed',
          ProvisionedThroughput: { ReadCapacityUnits: 5, WriteCapacityUnits: 5 },
        }),
      ),
  },
  {
    address: 'aws_dynamodb_table.deleted',
    scenario: 'deleted',
    expected: 'missing',
    act: ({ dynamodb }) => dynamodb.send(new DeleteTableCommand({ TableName: 'agree-deleted' })),
  },
  {
    address: 'aws_dynamodb_table.rewritten',
    scenario: 'rewritten',
    expected: 'in-sync',
    act: ({ dynamodb }) =>
      dynamodb.send(
        new UntagResourceCommand({
          ResourceArn: tableArn('agree-rewritten'),
          TagKeys: ['never-set'],
        }),
      ),
  },
];
