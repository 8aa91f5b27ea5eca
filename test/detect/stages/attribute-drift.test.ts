import { describe, expect, it } from 'vitest';
import { makeReport } from '../../../src/detect/resource-report.js';
import { attributeDrift } from '../../../src/detect/stages/attribute-drift.js';
import { defineProvider } from '../../../src/providers/define-provider.js';
import type { AttributionTarget, Provider } from '../../../src/providers/types.js';
import { makeInstance } from '../../../src/testing/make-instance.js';
import { scanContext } from './stage-inputs.js';

const secret = 'sk-live-attribution-secret-0001';
const web = makeInstance({
  type: 'aws_instance',
  name: 'web',
  id: 'i-1',
  attributes: { id: 'i-1', user_data: secret },
  sensitivePaths: ['/user_data'],
});
const db = makeInstance({ type: 'aws_db_instance', name: 'db', id: 'db-1' });

function auditor(attribute: Provider['attribute']): Provider & { asked: AttributionTarget[][] } {
  const asked: AttributionTarget[][] = [];
  const provider = defineProvider({
    name: 'audited',
    supports: ['*'],
    read: () => Promise.resolve([]),
    attribute: (targets, ctx) => {
      asked.push(targets);
      return (attribute as NonNullable<Provider['attribute']>)(targets, ctx);
    },
  });
  return Object.assign(provider, { asked });
}

function checked(provider: string) {
  return [
    { instance: web, report: makeReport(web, provider, 'drifted', false) },
    { instance: db, report: makeReport(db, provider, 'in-sync', false) },
  ];
}

describe('stage: attribute', () => {
  it('asks once about the drifted entries it read and merges the scrubbed answers into details', async () => {
    const provider = auditor((targets) =>
      Promise.resolve(
        targets.map((t) => ({
          address: t.report.address,
          details: { changedBy: `alice (${secret})` },
        })),
      ),
    );
    const entries = checked('audited');
    const alerts = await attributeDrift([provider], entries, scanContext([provider], [web, db]));
    expect(alerts).toEqual([]);
    expect(provider.asked.map((targets) => targets.map((t) => t.instance.address))).toEqual([
      ['aws_instance.web'],
    ]);
    expect(entries[0]?.report.details?.changedBy).toMatch(/^alice \(/);
    expect(JSON.stringify(entries.map((e) => e.report))).not.toContain(secret);
    expect(entries[1]?.report.details).toBeUndefined();
  });

  it('turns a failure into an attribution-failed alert without the secret', async () => {
    const provider = auditor(() => Promise.reject(new Error(`CloudTrail said no to ${secret}`)));
    const entries = checked('audited');
    const alerts = await attributeDrift([provider], entries, scanContext([provider], [web, db]));
    expect(alerts).toHaveLength(1);
    expect(alerts[0]?.code).toBe('attribution-failed');
    expect(alerts[0]?.message).toContain('Provider audited could not attribute drift');
    expect(alerts[0]?.message).not.toContain(secret);
    expect(entries[0]?.report.details).toBeUndefined();
  });

  it('asks nobody once the scan is aborted, nor about entries another provider read', async () => {
    const provider = auditor(() => Promise.resolve([]));
    const controller = new AbortController();
    controller.abort();
    await attributeDrift(
      [provider],
      checked('audited'),
      scanContext([provider], [web, db], { signal: controller.signal }),
    );
    await attributeDrift([provider], checked('someone-else'), scanContext([provider], [web, db]));
    expect(provider.asked).toEqual([]);
  });
});
