import { describe, expect, it } from 'vitest';
import { diffOutcome } from '../../../src/detect/stages/diff-outcome.js';
import { snapshotProvider } from '../../../src/providers/snapshot-provider.js';
import { makeInstance } from '../../../src/testing/make-instance.js';
import { scanContext } from './stage-inputs.js';

const provider = snapshotProvider({ data: { resources: {} } });
const secret = 'hunter2-very-secret-value';
const db = makeInstance({
  type: 'aws_db_instance',
  name: 'main',
  attributes: {
    id: 'db-1',
    instance_class: 'db.t3.micro',
    password: secret,
    tags: { env: 'prod' },
  },
  sensitivePaths: ['/password'],
});

describe('stage: diff', () => {
  it('is in-sync when the live side equals the state under the rules', () => {
    const scan = scanContext([provider], [db]);
    const r = diffOutcome(db, provider, { kind: 'found', attributes: { ...db.attributes } }, scan);
    expect(r).toMatchObject({
      address: 'aws_db_instance.main',
      status: 'in-sync',
      patch: [],
      provider: 'snapshot',
    });
  });

  it('is drifted with the patch from state to live, secrets redacted', () => {
    const scan = scanContext([provider], [db]);
    const live = {
      ...db.attributes,
      instance_class: 'db.t3.large',
      password: 'changed-secret-value',
    };
    const r = diffOutcome(db, provider, { kind: 'found', attributes: live }, scan);
    expect(r.status).toBe('drifted');
    expect(r.patch).toContainEqual({
      op: 'replace',
      path: '/instance_class',
      value: 'db.t3.large',
    });
    expect(JSON.stringify(r)).not.toContain(secret);
    expect(JSON.stringify(r)).not.toContain('changed-secret-value');
  });

  it('leaves out the ignore paths and adds what the configuration expects', () => {
    const scan = scanContext([provider], [db], {
      ignorePaths: new Map([[db, ['/instance_class']]]),
      config: {
        expectedAttributes: () => ({ tags: { env: 'prod', team: 'data' } }),
      } as never,
    });
    const live = { ...db.attributes, instance_class: 'db.t3.large' };
    const r = diffOutcome(db, provider, { kind: 'found', attributes: live }, scan);
    expect(r.patch).toEqual([{ op: 'remove', path: '/tags/team' }]);
  });

  it('is missing when not found, and unknown with a scrubbed message when the read failed', () => {
    const scan = scanContext([provider], [db]);
    expect(diffOutcome(db, provider, { kind: 'not-found' }, scan).status).toBe('missing');
    const r = diffOutcome(
      db,
      provider,
      {
        kind: 'error',
        error: { code: 'AccessDenied', message: `denied for ${secret}`, retryable: false },
      },
      scan,
    );
    expect(r.status).toBe('unknown');
    expect(r.error?.code).toBe('AccessDenied');
    expect(r.error?.message).not.toContain(secret);
  });

  it('is unknown with DIFF_FAILED, never a throw, when the diff fails', () => {
    const scan = scanContext([provider], [db]);
    const hostile = Object.defineProperty({ id: 'db-1' }, 'instance_class', {
      enumerable: true,
      get() {
        throw new Error(`cannot read ${secret}`);
      },
    });
    const r = diffOutcome(db, provider, { kind: 'found', attributes: hostile }, scan);
    expect(r.status).toBe('unknown');
    expect(r.error).toMatchObject({ code: 'DIFF_FAILED', retryable: false });
    expect(r.error?.message).not.toContain(secret);
  });
});
