/**
 * What formatters print straight from a provider: `details` strings (scrubbed of recognisable
 * credentials before they are cut to 200 characters) and unmanaged resources' attributes
 * (secret names, `{ name, value }` pairs and credential shapes redacted).
 */
import { describe, expect, it } from 'vitest';
import { REPORT_FORMATS, formatReport } from '../../src/index.js';
import { sampleReport } from './sample-report.js';

const TOKEN = 'tfc-TOKEN-abcdefgh12345678';

describe('values that come straight from a provider', () => {
  it('a token straddling the 200-character detail cut leaves no prefix in any format', () => {
    const report = sampleReport();
    const drifted = report.resources[0];
    if (drifted === undefined) throw new Error('sample report has no resources');
    // The token starts 6 characters before the cut: a cut-then-scrub would keep "tfc-TO".
    drifted.details = { note: `${'x'.repeat(186)} Bearer ${TOKEN} and more` };
    for (const format of REPORT_FORMATS) {
      expect(formatReport(report, format), format).not.toContain(TOKEN.slice(0, 6));
    }
  });

  it('unmanaged attributes: secret pairs and credential shapes are redacted in the JSON report', () => {
    const report = sampleReport();
    report.unmanaged = [
      {
        type: 'aws_ecs_task_definition',
        id: 'td-1',
        provider: 'aws',
        attributes: {
          ContainerDefinitions: [
            {
              Environment: [
                { Name: 'DB_PASSWORD', Value: 'pair-secret-value-123' },
                { Name: 'LOG_LEVEL', Value: 'info' },
              ],
              Command: [`curl -H "Authorization: Bearer ${TOKEN}" https://x`],
            },
          ],
          STRIPE_KEY: 'sk-planted-stripe-00',
        },
      },
    ];
    const json = formatReport(report, 'json');
    for (const secret of ['pair-secret-value-123', TOKEN, 'sk-planted-stripe-00']) {
      expect(json).not.toContain(secret);
    }
    expect(json).toContain('LOG_LEVEL');
    expect(json).toContain('info');
  });
});
