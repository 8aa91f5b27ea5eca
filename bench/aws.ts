/**
 * AWS provider benchmark: a scan of 1,000 instances, 1,000 security groups and 200 buckets
 * (times TFDRIFT_BENCH_SCALE) through the real AWS SDK clients against local fake EC2 and S3
 * APIs, each request answered after a simulated 50 ms. 5% of the instances and buckets have
 * drifted and 2% of the groups are gone, so both sides report drift, not only in-sync.
 *
 * tfdrift's `awsProvider` (batched reads, with its default rate limits and without) against
 * a per-resource peer (bench/per-resource-peer.ts): one resource at a time with its own API
 * calls, at Terraform's default parallelism of 10, returning the same `read` lists. Prints the
 * API calls per operation, the wall time and each side's statuses (which must agree).
 *
 * Run: `node --expose-gc --import tsx bench/aws.ts` (TFDRIFT_BENCH_SCALE=0.1 to scale down).
 */
import { pathToFileURL } from 'node:url';
import { awsProvider } from '../src/aws.js';
import type { AwsProviderOptions } from '../src/aws.js';
import { detectDrift } from '../src/index.js';
import type { Provider } from '../src/providers/types.js';
import type { ResourceInstance } from '../src/model/state.js';
import {
  fakeInstance,
  instanceDefaultAttributes,
  securityGroupRule,
} from '../test/aws/fixtures.js';
import { instance, state } from '../test/aws/helpers.js';
import { emptyEc2Model, OWNER, startEc2Server } from '../test/aws/servers/ec2-server.js';
import { startS3ConfigServer } from '../test/aws/servers/s3-config-server.js';
import { PEER_PARALLELISM, perResourcePeer } from './per-resource-peer.js';

// The SDK's eight-line Node 20 support notice is not part of the measurement.
process.env.AWS_SDK_JS_NODE_VERSION_SUPPORT_WARNING_DISABLED ??= 'true';

const LATENCY_MS = 50;
const scale = Number(process.env.TFDRIFT_BENCH_SCALE ?? '1') || 1;
const INSTANCES = Math.max(1, Math.round(1000 * scale));
const GROUPS = Math.max(1, Math.round(1000 * scale));
const BUCKETS = Math.max(1, Math.round(200 * scale));

async function setUp() {
  const ec2 = await startEc2Server(emptyEc2Model(), LATENCY_MS);
  const s3 = await startS3ConfigServer(undefined, LATENCY_MS);
  const resources: ResourceInstance[] = [];
  for (let i = 0; i < GROUPS; i++) {
    const id = `sg-${i.toString(16).padStart(8, '0')}`;
    // 2% deleted out of band: the state still holds them.
    if (i % 50 !== 49)
      ec2.model.groups.set(id, {
        groupId: id,
        groupName: `g${i}`,
        description: 'bench',
        vpcId: 'vpc-1',
        tags: { Name: `g${i}` },
      });
    ec2.model.rules.push({
      ruleId: `sgr-${i}`,
      groupId: id,
      isEgress: false,
      ipProtocol: 'tcp',
      fromPort: 443,
      toPort: 443,
      cidrIpv4: '10.0.0.0/8',
    });
    resources.push(
      instance('aws_security_group', `g${i}`, {
        id,
        name: `g${i}`,
        description: 'bench',
        vpc_id: 'vpc-1',
        owner_id: OWNER,
        tags_all: { Name: `g${i}` },
        egress: [],
        ingress: [
          securityGroupRule({
            cidr_blocks: ['10.0.0.0/8'],
            from_port: 443,
            protocol: 'tcp',
            to_port: 443,
          }),
        ],
      }),
    );
  }
  for (let i = 0; i < INSTANCES; i++) {
    const id = `i-${i.toString(16).padStart(17, '0')}`;
    const group = `sg-${(i % GROUPS).toString(16).padStart(8, '0')}`;
    ec2.model.instances.set(
      id,
      fakeInstance(id, {
        // 5% resized out of band.
        ...(i % 20 === 19 ? { instanceType: 't3.large' } : {}),
        privateIpAddress: '10.0.0.1',
        groupIds: [group],
        tags: { Name: `i${i}` },
      }),
    );
    resources.push(
      instance('aws_instance', `i${i}`, {
        id,
        ami: 'ami-1',
        instance_type: 't3.micro',
        availability_zone: 'us-east-1a',
        subnet_id: 'subnet-1',
        vpc_security_group_ids: [group],
        private_ip: '10.0.0.1',
        ...instanceDefaultAttributes(),
        tags_all: { Name: `i${i}` },
      }),
    );
  }
  for (let i = 0; i < BUCKETS; i++) {
    const name = `bench-bucket-${i}`;
    // 5% re-tagged out of band.
    s3.buckets.set(name, { tags: { Team: i % 20 === 19 ? 'someone-else' : 'bench' } });
    resources.push(
      instance('aws_s3_bucket', `b${i}`, {
        id: name,
        bucket: name,
        arn: `arn:aws:s3:::${name}`,
        tags_all: { Team: 'bench' },
      }),
    );
  }
  return { ec2, s3, state: { ...state(resources), lineage: 'bench' } };
}

/** Which operations read which resource type. */
const CALLS_BY_TYPE: Record<string, string[]> = {
  aws_instance: ['DescribeInstances'],
  aws_security_group: ['DescribeSecurityGroups'],
  aws_s3_bucket: ['ListBuckets', 'HeadBucket', 'GetBucketTagging'],
};

interface Measured {
  label: string;
  ms: number;
  calls: Map<string, number>;
  statuses: Record<string, number>;
}

const CREDENTIALS = { accessKeyId: 'AKIDBENCH', secretAccessKey: 'bench' };

function awsOptions(env: Awaited<ReturnType<typeof setUp>>): AwsProviderOptions {
  return {
    region: 'us-east-1',
    accountId: OWNER,
    credentials: CREDENTIALS,
    endpoints: { ec2: env.ec2.url, s3: env.s3.url },
  };
}

async function measure(
  label: string,
  env: Awaited<ReturnType<typeof setUp>>,
  makeProvider: () => Provider & { close?: () => unknown },
  concurrency?: number,
): Promise<Measured> {
  env.ec2.calls.clear();
  env.s3.calls.clear();
  const provider = makeProvider();
  const start = performance.now();
  const report = await detectDrift({
    state: env.state,
    providers: [provider],
    ...(concurrency === undefined ? {} : { concurrency }),
  });
  const ms = performance.now() - start;
  await provider.close?.();
  const statuses: Record<string, number> = {};
  for (const r of report.resources) statuses[r.status] = (statuses[r.status] ?? 0) + 1;
  const calls = new Map([...env.ec2.calls, ...env.s3.calls]);
  return { label, ms, calls, statuses };
}

/** Runs the benchmark and prints its table. */
export async function run(): Promise<void> {
  const env = await setUp();
  try {
    console.log(
      `aws: ${INSTANCES} instances, ${GROUPS} security groups, ${BUCKETS} buckets; ${LATENCY_MS} ms per request`,
    );
    const unlimited = { rateLimits: { ec2: 10_000, s3: 10_000 } };
    const tfdrift =
      (extra: Partial<AwsProviderOptions> = {}) =>
      () =>
        awsProvider({ ...awsOptions(env), ...extra });
    const peer = () =>
      perResourcePeer({
        region: 'us-east-1',
        credentials: CREDENTIALS,
        endpoints: { ec2: env.ec2.url, s3: env.s3.url },
      });
    // Warm-up: SDK module loading and first connections are not part of a scan's cost.
    await measure('warm-up', env, tfdrift(unlimited));
    await measure('warm-up', env, peer, PEER_PARALLELISM);
    const results = [
      await measure(
        `per-resource peer (parallelism ${PEER_PARALLELISM}, no rate limit)`,
        env,
        peer,
        PEER_PARALLELISM,
      ),
      await measure('tfdrift awsProvider, batched, default rate limits', env, tfdrift()),
      await measure('tfdrift awsProvider, batched, no rate limit', env, tfdrift(unlimited)),
    ];
    const base = results[0]!.ms;
    const operations = [...new Set(results.flatMap((r) => [...r.calls.keys()]))].sort();
    console.log(
      'What this measures: the wall time and API calls of reading every resource of a state ' +
        'from AWS and diffing it, with the latency of a real API; ratio = peer time / this time.',
    );
    console.log(
      `| variant | ${operations.join(' | ')} | total calls | wall ms | × faster than peer |`,
    );
    console.log(`|---|${operations.map(() => '---:').join('|')}|---:|---:|---:|`);
    for (const r of results) {
      const total = [...r.calls.values()].reduce((a, b) => a + b, 0);
      console.log(
        `| ${r.label} | ${operations.map((op) => r.calls.get(op) ?? 0).join(' | ')} | ${total} | ${r.ms.toFixed(0)} | ${(base / r.ms).toFixed(2)} |`,
      );
    }
    console.log('\nAPI calls per resource type:');
    console.log(`| variant | ${Object.keys(CALLS_BY_TYPE).join(' | ')} |`);
    console.log(
      `|---|${Object.keys(CALLS_BY_TYPE)
        .map(() => '---:')
        .join('|')}|`,
    );
    for (const r of results) {
      const byType = Object.values(CALLS_BY_TYPE).map((ops) =>
        ops.reduce((sum, op) => sum + (r.calls.get(op) ?? 0), 0),
      );
      console.log(`| ${r.label} | ${byType.join(' | ')} |`);
    }
    for (const r of results) console.log(`  ${r.label}: ${JSON.stringify(r.statuses)}`);
  } finally {
    await env.ec2.close();
    await env.s3.close();
  }
}

if (import.meta.url === pathToFileURL(process.argv[1] ?? '').href) await run();
