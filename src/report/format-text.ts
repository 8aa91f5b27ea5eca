/**
 * The `text` format: what a person reads in a terminal, in the spirit of `terraform plan`.
 */
import { palette, shouldColor } from './color.js';
import type { Palette } from './color.js';
import type { FormatReportOptions } from './format-report.js';
import { changeValue, redactedPatch, safeDetails } from './redact.js';
import { escapeControls as v } from '../shared/escape-controls.js';
import { oneLine, renderValue, toJson } from './render-value.js';
import type { Change, DriftReport, Remediation, ResourceReport } from './types.js';
import { comparedLine, headline } from './verdict.js';

interface TextContext {
  readonly p: Palette;
  readonly reveal: boolean;
  readonly verbose: boolean;
}

/** The percentage shown for coverage. */
function percent(share: number): string {
  return `${Math.round(share * 1000) / 10}%`;
}

/** The summary: the verdict with the counts, then how much was compared. */
function summaryLines(report: DriftReport, p: Palette): string[] {
  const s = report.summary;
  if (s.total === 0 && s.unmanaged === 0) return ['No resources in state.'];
  const parts = [
    s.drifted > 0 ? p.yellow(`${s.drifted} drifted`) : `${s.drifted} drifted`,
    s.missing > 0 ? p.red(`${s.missing} missing`) : `${s.missing} missing`,
    `${s.unknown} unknown`,
    `${s.unsupported} unsupported`,
    `${s.inSync} in sync`,
  ];
  const unmanaged = s.unmanaged > 0 ? `, ${s.unmanaged} unmanaged` : '';
  const head = headline(s);
  const verdict = head.drift
    ? p.bold(`${head.text}: `)
    : head.complete
      ? p.bold(p.green(`${head.text}: `))
      : p.bold(p.yellow(`${head.text}. `));
  return [
    `${verdict}${parts.join(', ')}${unmanaged} (${s.total} resource${s.total === 1 ? '' : 's'}, coverage ${percent(s.coverage)}).`,
    comparedLine(s),
  ];
}

/** One change as `~ path: old → new` (`+ path: new`, `- path: old`). */
function changeLine(change: Change, ctx: TextContext): string {
  const { p, reveal, verbose } = ctx;
  const show = (side: 'expected' | 'actual'): string =>
    v(renderValue(changeValue(change, side, reveal), verbose));
  const path = v(change.path);
  switch (change.op) {
    case 'add':
      return `    ${p.green('+')} ${path}: ${show('actual')}`;
    case 'remove':
      return `    ${p.red('-')} ${path}: ${show('expected')}`;
    default:
      return `    ${p.yellow('~')} ${path}: ${show('expected')} ${p.dim('→')} ${show('actual')}`;
  }
}

/** The header line of a resource. */
function resourceHeading(r: ResourceReport, p: Palette): string {
  const deposed = r.deposed === undefined ? '' : ` (deposed ${v(r.deposed)})`;
  const id = r.id === undefined ? '' : p.dim(` id=${v(r.id)}`);
  return `${p.bold(v(r.address))}${deposed}${id}`;
}

/** The pointers that could not be compared, as one list. */
function notCheckedList(r: ResourceReport): string | undefined {
  return r.notChecked !== undefined && r.notChecked.length > 0
    ? r.notChecked.map(v).join(', ')
    : undefined;
}

/**
 * Appends what to do: the summary, the command to run (`$ …`) and any code to add, indented.
 * The command is already one shell word per value; escaping only makes a hostile caller's
 * remediation inert.
 */
function fixLines(out: string[], fix: Remediation | undefined, p: Palette, indent: string): void {
  if (fix === undefined) return;
  out.push(`${indent}${p.cyan('fix:')} ${v(fix.summary)}`);
  if (fix.command !== undefined) out.push(`${indent}  $ ${v(fix.command)}`);
  if (fix.code !== undefined) {
    for (const line of fix.code.split('\n')) out.push(`${indent}  ${p.dim(v(line))}`);
  }
}

/** Appends a drifted resource with its changes. */
function driftedBlock(out: string[], r: ResourceReport, ctx: TextContext): void {
  out.push(`  ${ctx.p.yellow('~')} ${resourceHeading(r, ctx.p)}`);
  for (const c of r.changes) out.push(changeLine(c, ctx));
  const notChecked = notCheckedList(r);
  if (notChecked !== undefined) out.push(`    ${ctx.p.dim(`not checked: ${notChecked}`)}`);
  fixLines(out, r.remediation, ctx.p, '    ');
}

/** Appends the full account of one resource, for `verbose` (what `tfdrift explain` prints). */
function verboseBlock(out: string[], r: ResourceReport, ctx: TextContext): void {
  const { p } = ctx;
  out.push(p.bold(v(r.address)));
  const field = (name: string, value: string | undefined): void => {
    if (value !== undefined) out.push(`  ${name}: ${v(value)}`);
  };
  field('status', r.status);
  field('type', r.type);
  field('provider', r.provider);
  field('id', r.id);
  field('deposed', r.deposed);
  field('source', r.source);
  if (r.error !== undefined) {
    field('error', `${r.error.code}: ${r.error.message}${r.error.retryable ? ' (retryable)' : ''}`);
  }
  const details = safeDetails(r.details);
  if (details !== undefined) field('details', toJson(details));
  if (r.changes.length > 0) {
    out.push(`  changes (${r.changes.length}):`);
    for (const c of r.changes) out.push(changeLine(c, ctx));
    out.push('  patch (RFC 6902, state → live):');
    // Pretty JSON breaks lines only between tokens (strings escape their own newlines), so
    // escaping line by line keeps it valid JSON.
    for (const line of toJson(redactedPatch(r, ctx.reveal), 2).split('\n'))
      out.push(`    ${v(line)}`);
  } else {
    out.push('  changes: none');
  }
  const notChecked = notCheckedList(r);
  if (notChecked !== undefined) out.push(`  not checked: ${notChecked}`);
  fixLines(out, r.remediation, p, '  ');
}

/**
 * Appends a titled section with one entry per item, or nothing when there are none. Items
 * are appended one by one: spreading a large array into `push` overflows the call stack.
 */
function section<T>(
  out: string[],
  title: string,
  items: readonly T[],
  render: (out: string[], item: T) => void,
): void {
  if (items.length === 0) return;
  out.push('', title);
  for (const item of items) render(out, item);
}

/**
 * The report as text. Every value from the report passes through {@link escapeControls}:
 * ids, map keys and provider messages come from live systems and must not drive the terminal.
 * @internal
 */
export function formatText(report: DriftReport, options: FormatReportOptions): string {
  const color = options.color ?? shouldColor(process.env, process.stdout.isTTY);
  const ctx: TextContext = {
    p: palette(color),
    reveal: options.revealSensitive === true,
    verbose: options.verbose === true,
  };
  const { p } = ctx;
  const by = (status: ResourceReport['status']): ResourceReport[] =>
    report.resources.filter((r) => r.status === status);
  const lines: string[] = [];

  if (ctx.verbose) {
    report.resources.forEach((r, i) => {
      if (i > 0) lines.push('');
      verboseBlock(lines, r, ctx);
    });
    return `${lines.join('\n')}\n`;
  }

  lines.push(...summaryLines(report, p));
  section(lines, p.bold('Drifted (live differs from state):'), by('drifted'), (out, r) =>
    driftedBlock(out, r, ctx),
  );
  section(lines, p.bold('Missing (in state, not found live):'), by('missing'), (out, r) => {
    out.push(`  ${p.red('-')} ${resourceHeading(r, p)}`);
    fixLines(out, r.remediation, p, '    ');
  });
  section(lines, p.bold('Unknown (could not be read):'), by('unknown'), (out, r) => {
    const why =
      r.error === undefined
        ? 'no reason given'
        : `${v(oneLine(r.error.code))}: ${v(oneLine(r.error.message))}`;
    out.push(`  ${p.cyan('?')} ${resourceHeading(r, p)}: ${why}`);
  });
  section(lines, p.bold('Unsupported (no provider reads the type):'), by('unsupported'), (out, r) =>
    out.push(`  ${p.dim('·')} ${resourceHeading(r, p)}`),
  );
  section(lines, p.bold('Unmanaged (live, not in any state):'), report.unmanaged, (out, u) => {
    const where = u.location === undefined ? '' : p.dim(` (${v(u.location)})`);
    const name = u.name === undefined || u.name === u.id ? '' : ` ${v(u.name)}`;
    out.push(`  ${p.green('+')} ${v(u.type)} ${v(u.id)}${name}${where}`);
    fixLines(out, u.remediation, p, '    ');
  });
  section(lines, p.bold('Alerts:'), report.alerts, (out, a) =>
    out.push(`  ${p.yellow('!')} ${v(a.code)}: ${v(a.message)}`),
  );
  return `${lines.join('\n')}\n`;
}
