/**
 * The peer of the AWS benchmark: a drift reader built the way per-resource tools read AWS
 * (Terraform's refresh, driftctl, a hand-written script): one resource at a time, each with
 * its own API calls, no batching across resources and no client-side rate limit, at
 * Terraform's default parallelism of 10.
 *
 * - `aws_instance`: one DescribeInstances filtered on the instance id.
 * - `aws_security_group`: one DescribeSecurityGroups filtered on the group id.
 * - `aws_s3_bucket`: HeadBucket (existence and region), then GetBucketTagging.
 *
 * It uses the same AWS SDK clients, maps answers with tfdrift's own attribute mappings and
 * reports the same `read` lists as tfdrift's AWS provider, so both sides do the same diff
 * work afterwards and the comparison isolates how the reads are made.
 */
import {
  DescribeInstancesCommand,
  DescribeSecurityGroupsCommand,
  EC2Client,
} from '@aws-sdk/client-ec2';
import type { Instance } from '@aws-sdk/client-ec2';
import { GetBucketTaggingCommand, HeadBucketCommand, S3Client } from '@aws-sdk/client-s3';
import { defineProvider } from '../src/providers/define-provider.js';
import type { Provider, ReadResult } from '../src/providers/types.js';
import { ec2InstanceHandler, instanceAttributes } from '../src/providers/aws/ec2-instances.js';
import { s3BucketHandler } from '../src/providers/aws/s3-buckets.js';
import {
  securityGroupAttributes,
  securityGroupHandler,
} from '../src/providers/aws/security-groups.js';
import { tagMap } from '../src/providers/aws/tags.js';
import type { ResourceInstance } from '../src/model/state.js';

/** Where the peer reads from. */
export interface PeerOptions {
  region: string;
  credentials: { accessKeyId: string; secretAccessKey: string };
  endpoints: { ec2: string; s3: string };
}

/** Terraform's default `-parallelism`. */
export const PEER_PARALLELISM = 10;

const errorName = (error: unknown): string =>
  typeof error === 'object' && error !== null ? String((error as { name?: unknown }).name) : '';

/** A per-resource reader of instances, security groups and buckets. */
export function perResourcePeer(options: PeerOptions): Provider & { close: () => void } {
  const ec2 = new EC2Client({
    region: options.region,
    credentials: options.credentials,
    endpoint: options.endpoints.ec2,
  });
  const s3 = new S3Client({
    region: options.region,
    credentials: options.credentials,
    endpoint: options.endpoints.s3,
    forcePathStyle: true,
  });

  async function readOne(instance: ResourceInstance, signal: AbortSignal): Promise<ReadResult> {
    const { address } = instance;
    const id = String(instance.attributes.id);
    const found = (attributes: Record<string, unknown>, read: string[]): ReadResult => ({
      address,
      status: 'found',
      attributes,
      read,
    });
    const notFound: ReadResult = { address, status: 'not-found' };
    switch (instance.type) {
      case 'aws_instance': {
        const out = await ec2.send(
          new DescribeInstancesCommand({ Filters: [{ Name: 'instance-id', Values: [id] }] }),
          { abortSignal: signal },
        );
        const reservation = out.Reservations?.[0];
        const live: Instance | undefined = reservation?.Instances?.[0];
        if (live === undefined || live.State?.Name === 'terminated') return notFound;
        return found(
          instanceAttributes({ instance: live, owner: reservation?.OwnerId }, options.region),
          ec2InstanceHandler.reads,
        );
      }
      case 'aws_security_group': {
        const out = await ec2.send(
          new DescribeSecurityGroupsCommand({ Filters: [{ Name: 'group-id', Values: [id] }] }),
          { abortSignal: signal },
        );
        const group = out.SecurityGroups?.[0];
        if (group === undefined) return notFound;
        return found(
          securityGroupAttributes(group, options.region, instance.attributes),
          securityGroupHandler.reads,
        );
      }
      case 'aws_s3_bucket': {
        let region: string | undefined;
        try {
          const head = await s3.send(new HeadBucketCommand({ Bucket: id }), {
            abortSignal: signal,
          });
          region = head.BucketRegion;
        } catch (error) {
          if (['NotFound', 'NoSuchBucket'].includes(errorName(error))) return notFound;
          throw error;
        }
        let tags: Record<string, string> = {};
        try {
          const out = await s3.send(new GetBucketTaggingCommand({ Bucket: id }), {
            abortSignal: signal,
          });
          tags = tagMap(out.TagSet);
        } catch (error) {
          if (errorName(error) !== 'NoSuchTagSet') throw error;
        }
        const attributes = {
          id,
          bucket: id,
          arn: `arn:aws:s3:::${id}`,
          ...(region === undefined ? {} : { region }),
          tags_all: tags,
        };
        const read =
          region === undefined ? s3BucketHandler.reads : [...s3BucketHandler.reads, 'region'];
        return found(attributes, read);
      }
      default:
        throw new Error(`per-resource peer: ${instance.type} is not read`);
    }
  }

  const provider = defineProvider({
    name: 'per-resource peer',
    supports: ['aws_instance', 'aws_security_group', 'aws_s3_bucket'],
    maxBatchSize: 1,
    concurrency: PEER_PARALLELISM,
    async read(batch: ResourceInstance[], ctx): Promise<ReadResult[]> {
      return Promise.all(batch.map((instance) => readOne(instance, ctx.signal)));
    },
  });
  return Object.assign(provider, {
    close: () => {
      ec2.destroy();
      s3.destroy();
    },
  });
}
