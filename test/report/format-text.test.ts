import { describe, expect, it } from 'vitest';
import { formatReport } from '../../src/index.js';
import { shouldColor } from '../../src/report/color.js';
import { inSyncReport, sampleReport } from './sample-report.js';

const ESC = '\u001b[';

describe('text format', () => {
  const text = formatReport(sampleReport(), 'text', { color: false });

  it('starts with a summary line of the counts', () => {
    expect(text.split('\n')[0]).toBe(
      'Drift detected: 2 drifted, 1 missing, 1 unknown, 1 unsupported, 1 in sync, 1 unmanaged (6 resources, coverage 66.7%).',
    );
  });

  it('prints each change like terraform plan', () => {
    expect(text).toContain('  ~ aws_s3_bucket.logs["eu"] id=logs-eu');
    expect(text).toContain('    ~ /versioning/0/enabled: true → false');
    expect(text).toContain('    + /tags_all/Owner: "bob"');
    expect(text).toContain('    - /acl: "private"');
    expect(text).toContain('    ~ /password: "(sensitive)" → "(sensitive)"');
    expect(text).toContain('not checked: /policy');
  });

  it('has missing, unknown (with reason), unsupported, unmanaged and alert sections', () => {
    expect(text).toMatch(
      /Missing \(in state, not found live\):\n {2}- aws_instance\.web id=i-0abc/,
    );
    expect(text).toContain('? aws_iam_role.ci id=ci: AccessDenied: not authorized to GetRole');
    expect(text).toContain('google_storage_bucket.assets');
    expect(text).toMatch(
      /Unmanaged \(live, not in any state\):\n {2}\+ aws_s3_bucket stray-bucket \(eu-west-1\)/,
    );
    expect(text).toContain(
      '! declared-not-in-state: aws_sqs_queue.jobs is declared but not in state',
    );
  });

  it('says so when there is no drift, and lists no sections', () => {
    const out = formatReport(inSyncReport(3), 'text', { color: false });
    expect(out).toBe(
      'No drift: 0 drifted, 0 missing, 0 unknown, 0 unsupported, 3 in sync (3 resources, coverage 100%).\n' +
        'Checked 3 in full, 0 partially, 0 not checked.\n',
    );
  });

  it('colours only when asked', () => {
    expect(text).not.toContain(ESC);
    const coloured = formatReport(sampleReport(), 'text', { color: true });
    expect(coloured).toContain(`${ESC}33m~${ESC}39m`);
    expect(coloured.replace(new RegExp(`${ESC.replace('[', '\\[')}\\d+m`, 'g'), '')).toBe(text);
  });

  it('cuts long values unless verbose, which also prints the patch', () => {
    const report = sampleReport();
    const long = 'y'.repeat(500);
    report.resources[1]!.changes[0]!.actual = long;
    expect(formatReport(report, 'text', { color: false })).not.toContain(long);
    const verbose = formatReport(report, 'text', { color: false, verbose: true });
    expect(verbose).toContain(long);
    expect(verbose).toContain('patch (RFC 6902, state → live):');
    expect(verbose).toContain('error: AccessDenied: not authorized to GetRole');
    expect(verbose).toContain('details: {"changedBy":"alice","apiToken":"(sensitive)"}');
  });
});

describe('colour decision', () => {
  it('uses the TTY when nothing is set', () => {
    expect(shouldColor({}, true)).toBe(true);
    expect(shouldColor({}, false)).toBe(false);
    expect(shouldColor({}, undefined)).toBe(false);
  });
  it('respects NO_COLOR (non-empty) and FORCE_COLOR', () => {
    expect(shouldColor({ NO_COLOR: '1' }, true)).toBe(false);
    expect(shouldColor({ NO_COLOR: '' }, true)).toBe(true);
    expect(shouldColor({ FORCE_COLOR: '1' }, false)).toBe(true);
    expect(shouldColor({ FORCE_COLOR: '0' }, true)).toBe(false);
    expect(shouldColor({ FORCE_COLOR: '1', NO_COLOR: '1' }, false)).toBe(true);
  });
});

describe('text format, messages', () => {
  it('folds a multi-line read error onto one line', () => {
    const report = sampleReport();
    report.resources[3]!.error = {
      code: 'TERRAFORM_FAILED',
      message: 'exit 1:\n  Error: boom\n\n  at x',
      retryable: false,
    };
    const line = formatReport(report, 'text', { color: false })
      .split('\n')
      .find((l) => l.includes('aws_iam_role.ci'));
    expect(line).toBe('  ? aws_iam_role.ci id=ci: TERRAFORM_FAILED: exit 1: Error: boom at x');
  });
});
