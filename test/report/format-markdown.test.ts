import { describe, expect, it } from 'vitest';
import { formatReport } from '../../src/index.js';
import { bigDriftReport, inSyncReport, sampleReport } from './sample-report.js';

describe('markdown format', () => {
  const md = formatReport(sampleReport(), 'markdown');

  it('has a heading and a summary table', () => {
    expect(md.startsWith('## ⚠️ tfdrift drift report: drift detected\n')).toBe(true);
    expect(md).toContain(
      '| Status | Resources |\n| --- | ---: |\n| Drifted | 2 |\n| Missing | 1 |',
    );
    expect(md).toContain('| **Total** | **6** |');
    expect(md).toContain('Coverage 66.7%');
  });

  it('puts each drifted resource in a details block with its changes and patch', () => {
    const blocks = md.match(/<details>[\s\S]*?<\/details>/g) ?? [];
    expect(blocks).toHaveLength(2);
    const logs = blocks.find((b) => b.includes('logs[&quot;eu&quot;]'))!;
    expect(logs).toContain(
      '<summary><code>aws_s3_bucket.logs[&quot;eu&quot;]</code> · 3 changes</summary>',
    );
    expect(logs).toContain(
      '| replace | <code>/versioning/0/enabled</code> | <code>true</code> | <code>false</code> |',
    );
    const patch = JSON.parse(/```json\n([\s\S]*?)\n```/.exec(logs)![1]!);
    expect(patch).toEqual(sampleReport().resources[1]!.patch);
  });

  it('lists the other statuses', () => {
    expect(md).toContain(
      '### Missing (not found live)\n\n- <code>aws_instance.web</code> (id <code>i-0abc</code>)',
    );
    expect(md).toContain('<code>AccessDenied</code> not authorized to GetRole');
    expect(md).toContain('### Unmanaged (live, not in state)');
  });

  it('escapes pipes and markup in values', () => {
    const report = sampleReport();
    report.resources[1]!.changes[0]!.actual = 'a|b<script>';
    const out = formatReport(report, 'markdown');
    expect(out).toContain('<code>&quot;a&#124;b&lt;script&gt;&quot;</code>');
    expect(out).not.toContain('<script>');
  });

  it('reports no drift with a check mark', () => {
    expect(formatReport(inSyncReport(2), 'markdown')).toMatch(
      /^## ✅ tfdrift drift report: no drift/,
    );
  });

  it('stays under 65,536 characters with a note saying what was left out', () => {
    const report = bigDriftReport(400, 30);
    const out = formatReport(report, 'markdown');
    expect(out.length).toBeLessThanOrEqual(65_536);
    const note = /\*\*Truncated:\*\* (\d+) of 400 entries are not shown/.exec(out);
    expect(note).not.toBeNull();
    const shown = (out.match(/<details>/g) ?? []).length;
    expect(shown + Number(note![1])).toBe(400);
    expect(shown).toBeGreaterThan(0);
  });

  it('falls back to a compact block for a resource too large to show in full', () => {
    const report = bigDriftReport(1, 3000);
    const out = formatReport(report, 'markdown');
    expect(out.length).toBeLessThanOrEqual(65_536);
    expect(out).toContain('3000 changes (values left out for length)');
    expect(out).toContain('- … 2980 more');
  });

  it('honours a custom maxLength', () => {
    const out = formatReport(bigDriftReport(50, 5), 'markdown', { maxLength: 5000 });
    expect(out.length).toBeLessThanOrEqual(5000);
    expect(out).toContain('**Truncated:**');
  });
});
