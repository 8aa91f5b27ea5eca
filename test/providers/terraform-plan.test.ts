import { readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import { ProviderError } from '../../src/errors.js';
import { planKey, readRefreshedPlan } from '../../src/providers/terraform-plan.js';
import { corpusFiles, corpusPath, hasCorpus } from '../helpers/corpus.js';

describe('readRefreshedPlan', () => {
  it('walks child modules, keys deposed objects, skips data sources, and reads delete drift', () => {
    const plan = readRefreshedPlan({
      format_version: '1.2',
      prior_state: {
        values: {
          root_module: {
            resources: [
              { address: 'data.aws_ami.ubuntu', mode: 'data', values: { id: 'ami-1' } },
              { address: 'aws_instance.web', mode: 'managed', values: { id: 'i-new' } },
              {
                address: 'aws_instance.web',
                mode: 'managed',
                deposed_key: '0badf00d',
                values: { id: 'i-old' },
              },
            ],
            child_modules: [
              {
                resources: [
                  {
                    address: 'module.net.aws_subnet.a[0]',
                    mode: 'managed',
                    values: { id: 'subnet-1' },
                  },
                ],
              },
            ],
          },
        },
      },
      resource_drift: [
        { address: 'aws_s3_bucket.gone', change: { actions: ['delete'] } },
        { address: 'aws_s3_bucket.changed', change: { actions: ['update'] } },
      ],
    });
    expect([...plan.values.keys()]).toEqual([
      'aws_instance.web',
      planKey('aws_instance.web', '0badf00d'),
      'module.net.aws_subnet.a[0]',
    ]);
    expect(plan.values.get(planKey('aws_instance.web', '0badf00d'))).toEqual({ id: 'i-old' });
    expect([...plan.deleted]).toEqual(['aws_s3_bucket.gone']);
    expect(plan.errored).toBe(false);
  });

  it('keys the deletion of a deposed object apart from the current object', () => {
    const plan = readRefreshedPlan({
      format_version: '1.2',
      prior_state: { values: { root_module: { resources: [] } } },
      resource_drift: [
        { address: 'aws_instance.web', deposed: '0badf00d', change: { actions: ['delete'] } },
      ],
    });
    expect(plan.deleted.has(planKey('aws_instance.web', '0badf00d'))).toBe(true);
    // The current object is not in the plan: no evidence it is gone.
    expect(plan.deleted.has('aws_instance.web')).toBe(false);
  });

  it('rejects documents that are not plans', () => {
    expect(() => readRefreshedPlan({ version: 4 })).toThrow(/not a plan document/);
    expect(() => readRefreshedPlan(null)).toThrow(ProviderError);
  });

  it.skipIf(!hasCorpus)('reads every corpus plan without throwing', () => {
    const files = corpusFiles('plan').filter(
      (f) => f.endsWith('.plan.json') && !f.startsWith('bad-'),
    );
    expect(files.length).toBeGreaterThan(0);
    let read = 0;
    for (const file of files) {
      const plan = readRefreshedPlan(JSON.parse(readFileSync(corpusPath('plan', file), 'utf8')));
      for (const values of plan.values.values()) {
        expect(typeof values).toBe('object');
        read++;
      }
    }
    expect(read).toBeGreaterThan(0);
  });
});
