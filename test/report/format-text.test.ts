/* eslint-disable no-control-regex -- these tests are about control characters */
import { describe, expect, it } from 'vitest';
import { formatReport } from '../../src/index.js';
import { shouldColor } from '../../src/report/color.js';
import { TERMINAL_PAYLOAD, hostileReport } from './hostile-report.js';
import { bigDriftReport, inSyncReport, sampleReport } from './sample-report.js';

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

describe('text format, hostile values', () => {
  /** Any character that can drive a terminal or reorder text, except the line feed. */
  const LIVE_CONTROL =
    /[\u0000-\u0009\u000b-\u001f\u007f-\u009f\u061c\u200e\u200f\u2028\u2029\u202a-\u202e\u2066-\u2069]/;
  /** The colour codes the palette itself writes. */
  const OWN_SGR = /\u001b\[(?:1|2|22|31|32|33|36|39)m/g;
  const report = hostileReport(TERMINAL_PAYLOAD);

  it.each([
    ['plain', { color: false }],
    ['coloured', { color: true }],
    ['verbose', { color: false, verbose: true }],
    ['verbose, coloured, revealing', { color: true, verbose: true, revealSensitive: true }],
  ])('writes no control character from any field (%s)', (_name, options) => {
    const out = formatReport(report, 'text', options);
    const stray = out.replace(OWN_SGR, '').match(LIVE_CONTROL);
    expect(stray?.[0].codePointAt(0)?.toString(16)).toBeUndefined();
  });

  it('shows the characters as escapes instead', () => {
    const out = formatReport(report, 'text', { color: false, verbose: true });
    expect(out).toContain('aws_iam_role.ci\\u001b]52;c;cm0gLXJmIH4=\\u0007\\u001b]0;pwned\\u0007');
    expect(out).toContain('\\u001b[2J\\u009b31m\\rOK\\u202eevil\\u2066x\\u2069\\u0000');
    // The patch stays valid JSON after escaping, with the same values.
    const patch = /patch \(RFC 6902, state → live\):\n((?: {4}.*\n)+)/.exec(
      out.slice(0, out.indexOf('\n\n')),
    )![1]!;
    const ops = JSON.parse(patch) as { path: string }[];
    expect(ops.at(-1)!.path).toBe(`/tags/${TERMINAL_PAYLOAD}${TERMINAL_PAYLOAD}`);
  });

  it('escapes pointers, error codes, unmanaged fields and alerts in the short form', () => {
    const lines = formatReport(report, 'text', { color: false }).split('\n');
    const has = (start: string) => lines.some((l) => l.trimStart().startsWith(start));
    expect(has('~ /tags/\\u001b]52;c;')).toBe(true);
    expect(lines.find((l) => l.includes('? aws_iam_role.ci'))).toContain(
      ': AccessDenied\\u001b]52;c;',
    );
    expect(has('+ aws_s3_bucket\\u001b]52')).toBe(true);
    expect(has('! declared-not-in-state\\u001b]52')).toBe(true);
  });
});

describe('text format at scale', () => {
  // Spreading more than about 120,000 items into one call overflows the stack.
  const MANY = 150_000;

  it('prints 150,000 missing resources', () => {
    const base = inSyncReport(MANY);
    for (const r of base.resources) r.status = 'missing';
    base.summary = { ...base.summary, inSync: 0, missing: MANY, coverage: 1 };
    const out = formatReport(base, 'text', { color: false });
    // Two summary lines (verdict, what was compared), a blank, the title, the resources, a newline.
    expect(out.split('\n')).toHaveLength(MANY + 5);
  });

  it('prints one resource with 150,000 changes, short and verbose', () => {
    const report = bigDriftReport(1, MANY);
    expect(formatReport(report, 'text', { color: false }).split('\n')).toHaveLength(MANY + 6);
    const verbose = formatReport(report, 'text', { color: false, verbose: true });
    expect(verbose).toContain(`changes (${MANY}):`);
  });
});
