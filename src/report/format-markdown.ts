/**
 * The `markdown` format: a pull-request comment. A summary table first, then one collapsible
 * block per drifted resource with its changes and patch, then the other statuses as lists. It
 * never exceeds `maxLength` (GitHub's 65,536-character comment limit by default): entries that
 * do not fit are left out and a note says how many.
 *
 * Every value from the report (addresses, ids, pointers, values, messages) is live data: it is
 * rendered so that a markdown renderer shows it literally. `<code>` alone does not do that
 * (markdown inside inline HTML is still parsed: links, images, autolinks, emphasis), so the
 * characters that make markdown or HTML structure become character references, which
 * CommonMark never reads as structure, and control characters become visible escapes.
 */
import type { FormatReportOptions } from './format-report.js';
import { changeValue, redactedPatch } from './redact.js';
import { escapeControls, escapeControlsKeepingLines } from '../shared/escape-controls.js';
import { oneLine, renderValue, toJson } from './render-value.js';
import type { DriftReport, Remediation, ResourceReport } from './types.js';
import { comparedLine, headline } from './verdict.js';

/** GitHub's limit for an issue or pull-request comment body. */
const GITHUB_COMMENT_LIMIT = 65_536;

/** Room kept for the truncation note. */
const NOTE_RESERVE = 400;

/** Changed paths listed in a compact block when the full one does not fit. */
const COMPACT_PATHS = 20;

/**
 * Characters that open markdown, GitHub-flavoured markdown or HTML structure inline: HTML and
 * entities, table pipes, backslash escapes, code spans, emphasis and strikethrough, links and
 * images, autolinks (`<`, `:` of a scheme, `@` of an address or mention), references (`#`),
 * math (`$`), and the dot of a `www.` autolink.
 */
const MARKDOWN_SPECIAL = /[&<>"'|\\`*_~[\]()!$:@#]|(?<=www)\./gi;

/**
 * `text` as markdown that renders literally, on one line: control characters (line breaks
 * included, so no value can end a block and start a heading) as visible escapes, and every
 * structural character as a numeric character reference.
 */
function literal(text: string): string {
  return escapeControls(text).replace(MARKDOWN_SPECIAL, (c) => `&#${c.charCodeAt(0)};`);
}

/** A value as inline code that renders literally (GitHub also skips mentions and references in code). */
function code(text: string): string {
  return `<code>${literal(text)}</code>`;
}

/** The longest run of backticks in `text` (a loop: a spread of every run can overflow the stack). */
function longestBacktickRun(text: string): number {
  let longest = 0;
  for (const run of text.matchAll(/`+/g)) longest = Math.max(longest, run[0].length);
  return longest;
}

/**
 * A fenced code block whose fence is longer than any backtick run inside. Nothing inside a
 * fence is markdown; control and bidirectional characters are still made visible (the JSON
 * inside stays valid: the escapes are JSON's own).
 */
function fenced(lang: string, text: string): string {
  const fence = '`'.repeat(Math.max(3, longestBacktickRun(text) + 1));
  return `${fence}${lang}\n${escapeControlsKeepingLines(text)}\n${fence}`;
}

/** The summary table and the scan facts. */
function header(report: DriftReport, title: string): string {
  const s = report.summary;
  const head = headline(s);
  const icon = head.drift ? '⚠️' : head.complete ? '✅' : '❔';
  const rows: [string, number][] = [
    ['Drifted', s.drifted],
    ['Missing', s.missing],
    ['Unknown', s.unknown],
    ['Unsupported', s.unsupported],
    ['In sync', s.inSync],
    ['Unmanaged', s.unmanaged],
  ];
  const states = report.states.map((st) => code(st.source)).join(', ');
  return [
    `## ${icon} ${literal(title)}: ${head.text.charAt(0).toLowerCase() + head.text.slice(1)}`,
    '',
    '| Status | Resources |',
    '| --- | ---: |',
    ...rows.map(([label, n]) => `| ${label} | ${n} |`),
    `| **Total** | **${s.total}** |`,
    '',
    // Our own words and the summary's numbers: nothing to escape.
    comparedLine(s),
    '',
    `Coverage ${Math.round(s.coverage * 1000) / 10}% · scanned ${code(report.generatedAt)}` +
      (states === '' ? '' : ` · ${states}`),
  ].join('\n');
}

/** What to do, as a block: the summary, then the command and any code in fences. */
function fixBlock(fix: Remediation | undefined): string {
  if (fix === undefined) return '';
  const parts = [`**Fix (${literal(fix.action)}):** ${literal(fix.summary)}`];
  if (fix.command !== undefined) parts.push(fenced('sh', fix.command));
  if (fix.code !== undefined) parts.push(fenced('hcl', fix.code));
  return `\n${parts.join('\n\n')}\n`;
}

/**
 * What to do, for a list item: the command (or the summary when there is none) on the item's
 * line, and any code as a fenced block inside the item (indented under it).
 */
function fixInline(fix: Remediation | undefined): string {
  if (fix === undefined) return '';
  const line = ` · fix: ${fix.command === undefined ? literal(fix.summary) : code(fix.command)}`;
  if (fix.code === undefined) return line;
  return `${line}\n\n${fenced('hcl', fix.code).replace(/^/gm, '  ')}\n`;
}

/** The collapsible block of a drifted resource: a change table and the patch. */
function driftedBlock(r: ResourceReport, reveal: boolean): string {
  const rows = r.changes.map((c) => {
    const expected = c.op === 'add' ? '' : code(renderValue(changeValue(c, 'expected', reveal)));
    const actual = c.op === 'remove' ? '' : code(renderValue(changeValue(c, 'actual', reveal)));
    return `| ${literal(c.op)} | ${code(c.path)} | ${expected} | ${actual} |`;
  });
  const notChecked =
    r.notChecked !== undefined && r.notChecked.length > 0
      ? `\nNot checked: ${r.notChecked.map(code).join(', ')}\n`
      : '';
  return [
    '<details>',
    `<summary>${code(r.address)} · ${r.changes.length} change${r.changes.length === 1 ? '' : 's'}</summary>`,
    '',
    '| Op | Path | Expected (state) | Actual (live) |',
    '| --- | --- | --- | --- |',
    ...rows,
    notChecked,
    fenced('json', toJson(redactedPatch(r, reveal), 2)),
    fixBlock(r.remediation),
    '</details>',
  ].join('\n');
}

/** A drifted resource without values, for when the full block does not fit. */
function compactBlock(r: ResourceReport): string {
  const paths = r.changes.slice(0, COMPACT_PATHS).map((c) => `- ${literal(c.op)} ${code(c.path)}`);
  const more = r.changes.length - paths.length;
  return [
    '<details>',
    `<summary>${code(r.address)} · ${r.changes.length} changes (values left out for length)</summary>`,
    '',
    ...paths,
    ...(more > 0 ? [`- … ${more} more`] : []),
    fixBlock(r.remediation === undefined ? undefined : { ...r.remediation, code: undefined }),
    '</details>',
  ].join('\n');
}

/** One list item per resource of a status. */
function listItem(r: ResourceReport): string {
  const id = r.id === undefined ? '' : ` (id ${code(r.id)})`;
  const why =
    r.error === undefined ? '' : `: ${code(r.error.code)} ${code(oneLine(r.error.message))}`;
  return `- ${code(r.address)}${id}${why}${fixInline(r.remediation)}`;
}

interface Entry {
  /** Heading to print before the first entry of its group. */
  heading: string;
  /** The entry, and a shorter form to try when it does not fit (rendered only when reached). */
  text: () => string;
  compact?: () => string;
}

/** The statuses listed after the header, in reading order, with their headings. */
const LISTED: readonly [ResourceReport['status'], string][] = [
  ['drifted', '### Drifted'],
  ['missing', '### Missing (not found live)'],
  ['unknown', '### Unknown (could not be read)'],
  ['unsupported', '### Unsupported'],
];

/**
 * Every entry after the header, in reading order, made as it is reached: a comment holds a
 * few hundred entries, and a report may have a million resources.
 */
function* entries(report: DriftReport, reveal: boolean): Generator<Entry> {
  for (const [status, heading] of LISTED) {
    for (const r of report.resources) {
      if (r.status !== status) continue;
      yield status === 'drifted'
        ? { heading, text: () => driftedBlock(r, reveal), compact: () => compactBlock(r) }
        : { heading, text: () => listItem(r) };
    }
  }
  for (const u of report.unmanaged) {
    yield {
      heading: '### Unmanaged (live, not in state)',
      text: () =>
        `- ${code(u.type)} ${code(u.id)}${u.location === undefined ? '' : ` (${code(u.location)})`}` +
        fixInline(u.remediation),
    };
  }
  for (const a of report.alerts) {
    yield { heading: '### Alerts', text: () => `- ${code(a.code)} ${code(oneLine(a.message))}` };
  }
}

/** How many entries {@link entries} yields. */
function entryCount(report: DriftReport): number {
  const listed = new Set(LISTED.map(([status]) => status));
  let n = report.unmanaged.length + report.alerts.length;
  for (const r of report.resources) if (listed.has(r.status)) n += 1;
  return n;
}

/** The report as a pull-request comment. @internal */
export function formatMarkdown(report: DriftReport, options: FormatReportOptions): string {
  const limit = options.maxLength ?? GITHUB_COMMENT_LIMIT;
  const budget = limit - NOTE_RESERVE;
  let out = header(report, options.title ?? 'tfdrift drift report');
  let heading = '';
  let shown = 0;
  for (const entry of entries(report, options.revealSensitive === true)) {
    const separator = entry.compact === undefined ? '\n' : '\n\n';
    const prefix = entry.heading === heading ? separator : `\n\n${entry.heading}\n\n`;
    const fitsIn = (t: string): boolean => out.length + prefix.length + t.length + 1 <= budget;
    let fits: string | undefined = entry.text();
    if (!fitsIn(fits)) fits = entry.compact?.();
    if (fits !== undefined && !fitsIn(fits)) fits = undefined;
    if (fits === undefined) break;
    out += prefix + fits;
    heading = entry.heading;
    shown += 1;
  }
  const total = entryCount(report);
  const left = total - shown;
  if (left > 0) {
    out +=
      `\n\n> **Truncated:** ${left} of ${total} entries are not shown, to stay under ` +
      `${limit.toLocaleString('en-US')} characters. Run \`tfdrift scan --format html\` or ` +
      '`--format json` for the full report.';
  }
  out += '\n';
  // A tiny custom limit cannot hold even the header: cut hard rather than exceed it.
  return out.length <= limit ? out : `${out.slice(0, Math.max(0, limit - 2))}…\n`;
}
