/**
 * The small pure parts of continuous detection: the ledger's rules, the CLI's --events and
 * --listen parsing, and the Prometheus rendering.
 */
import { describe, expect, it } from 'vitest';
import { parseEventsSpec } from '../../src/cli/watch-events.js';
import { WatchMetrics } from '../../src/cli/watch-metrics.js';
import { parseListen } from '../../src/cli/watch-server.js';
import type { ResourceReport } from '../../src/model/report.js';
import { DriftLedger } from '../../src/watch/drift-ledger.js';
import { indexTargets } from '../../src/watch/event-targets.js';
import { makeInstance } from '../../src/testing/make-instance.js';

const report = (extra: Partial<ResourceReport>): ResourceReport => ({
  address: 'aws_instance.web',
  type: 'aws_instance',
  provider: 'aws',
  id: 'i-1',
  status: 'drifted',
  patch: [{ op: 'replace', path: '/instance_type', value: 't3.large' }],
  changes: [
    {
      op: 'replace',
      path: '/instance_type',
      expected: 't3.micro',
      actual: 't3.large',
      sensitive: false,
    },
  ],
  ...extra,
});
const seen = { trigger: 'scan' as const, at: '2026-12-05T10:00:00.000Z' };

describe('DriftLedger', () => {
  it('carries the remediation into the opened drift and drops it on resolution', () => {
    const ledger = new DriftLedger({});
    const remediation = {
      action: 'replace' as const,
      summary: 'Replace aws_instance.web from code',
      command: "terraform apply -replace='aws_instance.web'",
    };
    const opened = ledger.judge(report({ remediation }), seen, true);
    expect(opened).toMatchObject({ kind: 'event', event: { type: 'drift-opened', remediation } });
    const resolved = ledger.judge(
      report({ status: 'in-sync', patch: [], changes: [] }),
      seen,
      true,
    );
    expect(resolved.kind === 'event' && resolved.event.remediation).toBe(undefined);
    expect(resolved).toMatchObject({
      kind: 'event',
      event: { type: 'drift-resolved', status: 'in-sync' },
    });
  });

  it('an unknown read neither opens nor resolves; a new drift not yet confirmed is a candidate', () => {
    const ledger = new DriftLedger({});
    expect(ledger.judge(report({}), seen, false)).toEqual({
      kind: 'candidate',
      key: 'aws_instance.web',
    });
    ledger.judge(report({}), seen, true);
    expect(ledger.judge(report({ status: 'unknown', patch: [], changes: [] }), seen, true)).toEqual(
      { kind: 'none' },
    );
    expect(ledger.open.size).toBe(1);
  });

  it('opens an unmanaged object once and resolves it when a complete listing no longer has it', () => {
    const ledger = new DriftLedger({});
    const listed = [
      {
        type: 'aws_s3_bucket',
        id: 'rogue',
        importBlock: 'import {\n  to = aws_s3_bucket.rogue\n  id = "rogue"\n}',
      },
    ];
    expect(ledger.judgeUnmanaged(listed, seen).map((e) => e.type)).toEqual(['drift-opened']);
    expect(ledger.judgeUnmanaged(listed, seen)).toEqual([]);
    const gone = ledger.judgeUnmanaged([], seen);
    expect(gone.map((e) => [e.type, e.key])).toEqual([
      ['drift-resolved', 'unmanaged:aws_s3_bucket:rogue'],
    ]);
  });
});

describe('indexTargets', () => {
  it('maps ARNs to the arn attribute or an ARN id, and ignores malformed resources', () => {
    const role = makeInstance({
      type: 'aws_iam_role',
      name: 'r',
      id: 'r',
      attributes: { arn: 'arn:aws:iam::1:role/r' },
    });
    const policy = makeInstance({
      type: 'aws_iam_policy',
      name: 'p',
      id: 'arn:aws:iam::1:policy/p',
    });
    const index = indexTargets(
      new Map([
        ['aws_iam_role.r', role],
        ['aws_iam_policy.p', policy],
      ]),
    );
    expect([...index.targetsOf([{ arn: 'arn:aws:iam::1:role/r' }])]).toEqual(['aws_iam_role.r']);
    expect([...index.targetsOf([{ arn: 'arn:aws:iam::1:policy/p' }])]).toEqual([
      'aws_iam_policy.p',
    ]);
    expect([...index.targetsOf([null as never, { id: 42 } as never, { arn: 'arn:nope' }])]).toEqual(
      [],
    );
    expect([...index.targetsOf('junk' as never)]).toEqual([]);
  });
});

describe('tfdrift watch options', () => {
  it('parses --events', () => {
    expect(parseEventsSpec('sqs://sqs.eu-west-1.amazonaws.com/123456789012/q')).toEqual({
      kind: 'sqs',
      queueUrl: 'https://sqs.eu-west-1.amazonaws.com/123456789012/q',
    });
    expect(parseEventsSpec('sqs+http://127.0.0.1:9324/000000000000/q')).toEqual({
      kind: 'sqs',
      queueUrl: 'http://127.0.0.1:9324/000000000000/q',
      endpoint: 'http://127.0.0.1:9324',
    });
    expect(parseEventsSpec('cloudtrail')).toEqual({ kind: 'cloudtrail' });
    expect(() => parseEventsSpec('kafka://x')).toThrow(/--events takes/);
  });

  it('parses --listen', () => {
    expect(parseListen('9090')).toEqual({ host: '127.0.0.1', port: 9090 });
    expect(parseListen(':9090')).toEqual({ host: '127.0.0.1', port: 9090 });
    expect(parseListen('0.0.0.0:0')).toEqual({ host: '0.0.0.0', port: 0 });
    expect(parseListen('[::1]:80')).toEqual({ host: '::1', port: 80 });
    expect(() => parseListen('host:99999')).toThrow(/--listen/);
    expect(() => parseListen('nope')).toThrow(/--listen/);
  });

  it('renders Prometheus metrics from events', () => {
    const metrics = new WatchMetrics();
    metrics.observe({
      type: 'scan-completed',
      at: '',
      durationMs: 1500,
      openDrift: 2,
      summary: {
        total: 5,
        inSync: 3,
        drifted: 1,
        missing: 1,
        unknown: 0,
        unsupported: 0,
        unmanaged: 0,
        coverage: 1,
        checked: 5,
        partiallyChecked: 0,
        notChecked: 0,
        notCheckedAttributes: 0,
      },
    });
    metrics.observe({
      type: 'sink-failed',
      at: '',
      sink: 's',
      key: 'k',
      attempts: 1,
      message: 'x',
    });
    const text = metrics.render();
    expect(text).toMatch(/^tfdrift_resources\{status="in-sync"\} 3$/m);
    expect(text).toMatch(/^tfdrift_open_drift 2$/m);
    expect(text).toMatch(/^tfdrift_scan_duration_seconds 1.5$/m);
    expect(text).toMatch(/^tfdrift_sink_failures_total 1$/m);
    expect(text).toContain('# TYPE tfdrift_scans_total counter');
  });
});
