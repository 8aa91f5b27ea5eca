/**
 * Real states from the shared corpus: their AWS resources are staged into the fake servers
 * (by the mapping of corpus-model.ts) and a scan through the real SDK clients must find every
 * one in-sync. A false positive here means the provider's mapping does not invert the staging
 * for some value a real state holds; the fakes' wire shapes are the fakes' own, not AWS's.
 */
import { readFileSync } from 'node:fs';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { detectDrift, parseState } from '../../src/index.js';
import { corpusPath, hasCorpus } from '../helpers/corpus.js';
import { stage } from './corpus-model.js';
import { startAwsEnvironment } from './environment.js';
import type { AwsEnvironment } from './environment.js';

// Every v4 state of the corpus with staged AWS types, except the pruned one (ids only).
const STATES = [
  'v4-1.15-aws-ecs-fargate.tfstate',
  'v4-1.13-aws-modules-sensitive.tfstate',
  'v4-1.11-aws-ecs-serial205.tfstate',
  'v4-1.11-aws-ecs-serial234.tfstate',
  'v4-1.11-aws-errored-sensitive-output-var-checks.tfstate',
  'v4-1.13-module-scoped-provider-identity-errored.tfstate',
  'v4-1.7-aws-large-modules.tfstate.backup',
  'v4-1.6-aws-errored-keyed-modules.tfstate',
  'v4-1.4-aws-modules-count-cbd.tfstate',
  'v4-1.4-aws-tainted.tfstate',
  'v4-1.1-databricks-aws-provider-alias.tfstate',
  'tofu-1.6-aws-modules.tfstate',
  'tofu-1.7-aws-eks-nested-keyed-modules.tfstate.backup',
];

describe.skipIf(!hasCorpus)('real states from the corpus', () => {
  let env: AwsEnvironment;
  beforeAll(async () => {
    env = await startAwsEnvironment();
  });
  afterAll(async () => env.close());

  for (const file of STATES) {
    it(`${file}: every staged AWS resource reads in-sync`, async () => {
      const state = parseState(readFileSync(corpusPath('state', file), 'utf8'));
      env.ec2.model.instances.clear();
      env.ec2.model.groups.clear();
      env.ec2.model.vpcs.clear();
      env.ec2.model.subnets.clear();
      env.ec2.model.rules = [];
      env.iam.model.roles.clear();
      env.iam.model.policies.clear();
      env.rds.dbs.clear();
      env.lambda.functions.clear();
      env.s3.buckets.clear();
      const staged = stage(state.resources, {
        ec2: env.ec2.model,
        iam: env.iam.model,
        dbs: env.rds.dbs,
        functions: env.lambda.functions,
        buckets: env.s3.buckets,
      });
      expect(staged.length).toBeGreaterThan(0);
      const provider = env.provider();
      const report = await detectDrift({
        state: { ...state, resources: staged },
        providers: [provider],
      });
      await provider.close?.();
      const notInSync = report.resources
        .filter((r) => r.status !== 'in-sync')
        .map((r) => ({ address: r.address, status: r.status, changes: r.changes, error: r.error }));
      expect(notInSync).toEqual([]);
      expect(report.summary.inSync).toBe(staged.length);
    });
  }
});
