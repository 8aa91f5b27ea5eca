import { describe, expect, it } from 'vitest';
import { createRouter } from '../../../src/detect/route.js';
import { routeInstances } from '../../../src/detect/stages/route-instances.js';
import { defineProvider } from '../../../src/providers/define-provider.js';
import { snapshotProvider } from '../../../src/providers/snapshot-provider.js';
import { exampleInstances, exampleSnapshot } from './stage-inputs.js';

const networks = defineProvider({
  name: 'networks',
  supports: ['aws_vpc', 'aws_subnet'],
  read: (batch) =>
    Promise.resolve(batch.map((i) => ({ address: i.address, status: 'not-found' as const }))),
});

describe('stage: route to readers', () => {
  it('gives each instance to the first provider that supports it, in order', async () => {
    const managed = await exampleInstances();
    const snapshot = snapshotProvider({ file: exampleSnapshot });
    const routing = routeInstances(managed, createRouter([networks, snapshot]));
    expect([...routing.byProvider.keys()].map((p) => p.name).sort()).toEqual([
      'networks',
      'snapshot',
    ]);
    const byName = (name: string) =>
      [...routing.byProvider].find(([p]) => p.name === name)?.[1].map((i) => i.address) ?? [];
    expect(byName('networks')).toEqual(
      managed.filter((i) => i.type === 'aws_vpc' || i.type === 'aws_subnet').map((i) => i.address),
    );
    expect(byName('snapshot')).toEqual(
      managed.filter((i) => i.type !== 'aws_vpc' && i.type !== 'aws_subnet').map((i) => i.address),
    );
    expect(routing.unsupported).toEqual([]);
  });

  it('leaves unsupported the instances no provider reads, and a throwing predicate supports nothing', async () => {
    const managed = await exampleInstances();
    const broken = defineProvider({
      name: 'broken',
      supports: () => {
        throw new Error('bug');
      },
      read: () => Promise.resolve([]),
    });
    const routing = routeInstances(managed, createRouter([broken, networks]));
    expect([...routing.byProvider.keys()]).toEqual([networks]);
    expect(routing.unsupported.map((i) => i.type)).not.toContain('aws_vpc');
    expect(routing.unsupported.length + (routing.byProvider.get(networks)?.length ?? 0)).toBe(
      managed.length,
    );
  });
});
