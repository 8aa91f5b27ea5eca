import { describe, expect, it } from 'vitest';
import { selectInstances } from '../../../src/detect/stages/select-instances.js';
import { ConfigParseError } from '../../../src/errors.js';
import { exampleInstances } from './stage-inputs.js';

describe('stage: select and shard', () => {
  it('keeps every instance, in order, when nothing is ignored or sharded', async () => {
    const managed = await exampleInstances();
    const selected = selectInstances(managed, {});
    expect(selected.instances).toEqual(managed);
    expect(selected.ignorePaths.size).toBe(0);
    expect(selected.alerts).toEqual([]);
  });

  it('splits the instances into disjoint shards that cover them all', async () => {
    const managed = await exampleInstances();
    const shards = [0, 1, 2].map(
      (index) => selectInstances(managed, { shard: { index, count: 3 } }).instances,
    );
    const all = shards.flat();
    expect(all).toHaveLength(managed.length);
    expect(new Set(all)).toEqual(new Set(managed));
    expect(shards.filter((s) => s.length > 0).length).toBeGreaterThan(1);
  });

  it('skips instances ignored whole with an alert, and keeps the paths of partial rules', async () => {
    const managed = await exampleInstances();
    const selected = selectInstances(managed, {
      ignore: 'aws_s3_bucket.*\naws_instance.web /tags/*\n',
    });
    const addresses = selected.instances.map((i) => i.address);
    expect(addresses.some((a) => a.startsWith('aws_s3_bucket.'))).toBe(false);
    expect(addresses).toContain('aws_instance.web');
    expect(selected.alerts).toEqual([
      {
        code: 'ignored',
        message: 'Resources skipped entirely by ignore rules',
        addresses: ['aws_s3_bucket.access_logs', 'aws_s3_bucket.assets'],
      },
    ]);
    const web = selected.instances.find((i) => i.address === 'aws_instance.web');
    expect(web && selected.ignorePaths.get(web)).toEqual(['/tags/*']);
  });

  it('adds the configuration ignore_changes paths after the ignore rules', async () => {
    const managed = await exampleInstances();
    const selected = selectInstances(managed, {
      ignore: 'aws_instance.web /tags/*\n',
      config: {
        ignorePathsFor: (i) => (i.type === 'aws_instance' || i.type === 'aws_vpc' ? ['/ami'] : []),
      },
    });
    const paths = Object.fromEntries(
      [...selected.ignorePaths].map(([instance, p]) => [instance.address, p]),
    );
    expect(paths).toEqual({ 'aws_instance.web': ['/tags/*', '/ami'], 'aws_vpc.main': ['/ami'] });
  });

  it('throws a ConfigParseError with the line of an invalid ignore rule', async () => {
    const managed = await exampleInstances();
    expect(() => selectInstances(managed, { ignore: 'aws_instance.web\n[broken' })).toThrow(
      ConfigParseError,
    );
  });
});
