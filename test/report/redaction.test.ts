import { describe, expect, it } from 'vitest';
import {
  REPORT_FORMATS,
  detectDrift,
  formatReport,
  parseState,
  snapshotProvider,
} from '../../src/index.js';
import type { DriftReport } from '../../src/index.js';
import { SECRET, sampleReport } from './sample-report.js';

const STATE_SECRET = 'state-side-Pa55w0rd-77aa';

/** A state whose `secret_value` is marked sensitive, and a live snapshot where it changed. */
function stateAndSnapshot() {
  const state = {
    version: 4,
    terraform_version: '1.9.8',
    serial: 3,
    lineage: 'c0ffee',
    outputs: {},
    resources: [
      {
        mode: 'managed',
        type: 'example_secret',
        name: 'main',
        provider: 'provider["registry.terraform.io/example/example"]',
        instances: [
          {
            schema_version: 0,
            attributes: { id: 's-1', secret_value: STATE_SECRET, size: 1 },
            sensitive_attributes: [[{ type: 'get_attr', value: 'secret_value' }]],
          },
        ],
      },
    ],
  };
  const snapshot = {
    resources: {
      'example_secret.main': { attributes: { id: 's-1', secret_value: SECRET, size: 2 } },
    },
  };
  return { state, snapshot };
}

async function realReport(revealSensitive = false): Promise<DriftReport> {
  const { state, snapshot } = stateAndSnapshot();
  return detectDrift({
    state: parseState(JSON.stringify(state)),
    providers: [snapshotProvider({ data: snapshot })],
    revealSensitive,
  });
}

describe('every format redacts sensitive values', () => {
  it('a real detectDrift report with a sensitive path leaks in no format', async () => {
    const report = await realReport();
    const secretChange = report.resources[0]!.changes.find((c) => c.path === '/secret_value');
    expect(secretChange?.sensitive).toBe(true);
    for (const format of REPORT_FORMATS) {
      const out = formatReport(report, format, { color: false });
      expect(out, format).not.toContain(SECRET);
      expect(out, format).not.toContain(STATE_SECRET);
      expect(out, format).toContain('/secret_value');
    }
  });

  it('the search finds the secret when revealing is asked for (so the checks above can fail)', async () => {
    const report = await realReport(true);
    expect(formatReport(report, 'json', { revealSensitive: true })).toContain(SECRET);
    expect(formatReport(report, 'text', { revealSensitive: true, color: false })).toContain(SECRET);
  });

  // A report made with revealSensitive holds secrets in clear, marked sensitive: the formatters
  // still redact them unless asked.
  it('a hand-built report with secrets in changes, patch, details and unmanaged attributes leaks in no format', () => {
    const report = sampleReport();
    for (const format of REPORT_FORMATS) {
      const out = formatReport(report, format, { color: false, verbose: true });
      expect(out, format).not.toContain(SECRET);
      expect(out, format).not.toContain('old-pass');
    }
    expect(formatReport(report, 'json', { revealSensitive: true })).toContain(SECRET);
  });
});
