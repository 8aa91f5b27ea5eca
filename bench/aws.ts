/**
 * AWS provider benchmark: scans 1,000 instances, 1,000 security groups and 200 buckets
 * through the local fake EC2 and S3 servers, each answering after a simulated 50 ms, and
 * prints the API calls per type/operation and the wall time. The peer is the same provider
 * forced to one resource per read (`maxBatchSize: 1`), i.e. one API call per resource.
 *
 * Run: `node --expose-gc --import tsx bench/aws.ts` (TFDRIFT_BENCH_SCALE=0.1 to scale down).
 */
import { pathToFileURL } from 'node:url';
import { awsProvider } from '../src/aws.js';
import type { AwsProviderOptions } from '../src/aws.js';
import { detectDrift } from '../src/index.js';
import type { Provider } from '../src/providers/types.js';
import type { ResourceInstance } from '../src/state/types.js';
import {
  fakeInstance,
  instanceDefaultAttributes,
  securityGroupRule,
} from '../test/aws/fixtures.js';
import { instance, state } from '../test/aws/helpers.js';
import { emptyEc2Model, OWNER, startEc2Server } from '../test/aws/servers/ec2-server.js';
import { startS3ConfigServer } from '../test/aws/servers/s3-config-server.js';

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
    s3.buckets.set(name, { tags: { Team: 'bench' } });
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

async function measure(
  label: string,
  env: Awaited<ReturnType<typeof setUp>>,
  options: AwsProviderOptions,
  wrap: (p: Provider) => Provider = (p) => p,
): Promise<Measured> {
  env.ec2.calls.clear();
  env.s3.calls.clear();
  const provider = awsProvider({
    region: 'us-east-1',
    accountId: OWNER,
    credentials: { accessKeyId: 'AKIDBENCH', secretAccessKey: 'bench' },
    endpoints: { ec2: env.ec2.url, s3: env.s3.url },
    ...options,
  });
  const start = performance.now();
  const report = await detectDrift({ state: env.state, providers: [wrap(provider)] });
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
    // Warm-up: SDK module loading and first connections are not part of a scan's cost.
    await measure('warm-up', env, unlimited);
    const results = [
      await measure('batched, default rate limits', env, {}),
      await measure('batched, no rate limit', env, unlimited),
      await measure(
        'one call per resource (maxBatchSize 1), no rate limit',
        env,
        unlimited,
        (p) => ({
          name: p.name,
          supports: p.supports,
          rules: p.rules,
          read: p.read.bind(p),
          maxBatchSize: 1,
        }),
      ),
    ];
    const base = results[1]!.ms;
    const operations = [...new Set(results.flatMap((r) => [...r.calls.keys()]))].sort();
    console.log(`| variant | ${operations.join(' | ')} | total calls | wall ms | vs batched |`);
    console.log(`|---|${operations.map(() => '---:').join('|')}|---:|---:|---:|`);
    for (const r of results) {
      const total = [...r.calls.values()].reduce((a, b) => a + b, 0);
      console.log(
        `| ${r.label} | ${operations.map((op) => r.calls.get(op) ?? 0).join(' | ')} | ${total} | ${r.ms.toFixed(0)} | ${(r.ms / base).toFixed(2)}x |`,
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
