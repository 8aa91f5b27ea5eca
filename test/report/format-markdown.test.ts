import { marked } from 'marked';
import { describe, expect, it } from 'vitest';
import { formatReport } from '../../src/index.js';
import {
  HTML_PAYLOAD,
  MARKDOWN_PAYLOAD,
  TERMINAL_PAYLOAD,
  hostileReport,
} from './hostile-report.js';
import { decodeReferences } from './rendered.js';
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
    const logs = decodeReferences(blocks.find((b) => decodeReferences(b).includes('logs["eu"]'))!);
    expect(logs).toContain('<summary><code>aws_s3_bucket.logs["eu"]</code> · 3 changes</summary>');
    expect(logs).toContain(
      '| replace | <code>/versioning/0/enabled</code> | <code>true</code> | <code>false</code> |',
    );
    const patch = JSON.parse(/```json\n([\s\S]*?)\n```/.exec(logs)![1]!);
    expect(patch).toEqual(sampleReport().resources[1]!.patch);
  });

  it('lists the other statuses', () => {
    expect(decodeReferences(md)).toContain(
      '### Missing (not found live)\n\n- <code>aws_instance.web</code> (id <code>i-0abc</code>)',
    );
    expect(decodeReferences(md)).toContain(
      '<code>AccessDenied</code> <code>not authorized to GetRole</code>',
    );
    expect(md).toContain('### Unmanaged (live, not in state)');
  });

  it('escapes pipes and markup in values', () => {
    const report = sampleReport();
    report.resources[1]!.changes[0]!.actual = 'a|b<script>';
    const out = formatReport(report, 'markdown');
    expect(out).toContain('<code>&#34;a&#124;b&#60;script&#62;&#34;</code>');
    expect(decodeReferences(out)).toContain('<code>"a|b<script>"</code>');
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

describe('markdown format, hostile values (rendered by a real GFM renderer)', () => {
  const payload = MARKDOWN_PAYLOAD + HTML_PAYLOAD + TERMINAL_PAYLOAD;
  const md = formatReport(hostileReport(payload), 'markdown', {
    revealSensitive: true,
    title: `Drift ${payload}`,
  });
  const html = marked.parse(md, { async: false, gfm: true });

  it('makes no link, image, raw HTML element or emphasis from a value', () => {
    expect(html).not.toMatch(/<a[\s>]/);
    expect(html).not.toMatch(/<img[\s>]/);
    expect(html).not.toMatch(/<(?:script|svg|b|em|del)[\s>]/);
    expect(html).not.toMatch(/<!--/);
    expect([...html.matchAll(/<strong>(.*?)<\/strong>/g)].map((m) => m[1])).toEqual(['Total', '6']);
  });

  it('makes no heading from a value: only the report’s own headings render', () => {
    const headings = [...html.matchAll(/<h(\d)[^>]*>/g)].map((m) => m[1]);
    expect(headings).toEqual(['2', '3', '3', '3', '3', '3', '3']);
    expect(html).not.toContain('Injected heading</h');
  });

  it('keeps every table row to its columns (no pipe splits a cell)', () => {
    const rows = [...html.matchAll(/<tr>([\s\S]*?)<\/tr>/g)].map(
      (m) => (m[1]!.match(/<t[dh][\s>]/g) ?? []).length,
    );
    // Two change tables: a header and three changes each.
    expect(rows.filter((n) => n === 4).length).toBe(8);
    expect(rows.every((n) => n === 2 || n === 4)).toBe(true);
  });

  it('shows the values literally, control characters as escapes', () => {
    const text = decodeReferences(md);
    expect(text).toContain('[click](https://evil.example/x) ![img](https://evil.example/i.png)');
    expect(text).toContain('\\n# Injected heading\\r\\r## Also');
    expect(text).toContain('\\u001b]52;c;');
    // eslint-disable-next-line no-control-regex
    expect(md).not.toMatch(/[\u0000-\u0009\u000b-\u001f\u007f-\u009f\u202a-\u202e\u2066-\u2069]/);
  });

  it('keeps the patch valid JSON inside its fence', () => {
    const fence = /```json\n([\s\S]*?)\n```/.exec(md)![1]!;
    const ops = JSON.parse(fence) as { path: string }[];
    expect(ops.at(-1)!.path).toBe(`/tags/${payload}${payload}`);
  });
});

describe('markdown format at scale', () => {
  it('finds the fence length of a patch with 200,000 backtick runs', () => {
    const report = bigDriftReport(1, 1);
    report.resources[0]!.patch = [{ op: 'add', path: '/x', value: '`a'.repeat(200_000) }];
    const out = formatReport(report, 'markdown', { maxLength: 10_000_000 });
    expect(out).toContain('```json\n');
  });
});
