/**
 * The `text` format: what a person reads in a terminal, in the spirit of `terraform plan`.
 */
import { palette, shouldColor } from './color.js';
import type { Palette } from './color.js';
import type { FormatReportOptions } from './format-report.js';
import { changeValue, redactedPatch, safeDetails } from './redact.js';
import { oneLine, renderValue, toJson } from './render-value.js';
import type { Change, DriftReport, ResourceReport } from './types.js';
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
    renderValue(changeValue(change, side, reveal), verbose);
  switch (change.op) {
    case 'add':
      return `    ${p.green('+')} ${change.path}: ${show('actual')}`;
    case 'remove':
      return `    ${p.red('-')} ${change.path}: ${show('expected')}`;
    default:
      return `    ${p.yellow('~')} ${change.path}: ${show('expected')} ${p.dim('→')} ${show('actual')}`;
  }
}

/** The header line of a resource. */
function resourceHeading(r: ResourceReport, p: Palette): string {
  const deposed = r.deposed === undefined ? '' : ` (deposed ${r.deposed})`;
  const id = r.id === undefined ? '' : p.dim(` id=${r.id}`);
  return `${p.bold(r.address)}${deposed}${id}`;
}

/** A drifted resource with its changes. */
function driftedBlock(r: ResourceReport, ctx: TextContext): string[] {
  const lines = [`  ${ctx.p.yellow('~')} ${resourceHeading(r, ctx.p)}`];
  lines.push(...r.changes.map((c) => changeLine(c, ctx)));
  if (r.notChecked !== undefined && r.notChecked.length > 0) {
    lines.push(`    ${ctx.p.dim(`not checked: ${r.notChecked.join(', ')}`)}`);
  }
  return lines;
}

/** The full account of one resource, for `verbose` (what `tfdrift explain` prints). */
function verboseBlock(r: ResourceReport, ctx: TextContext): string[] {
  const { p } = ctx;
  const lines = [p.bold(r.address)];
  const field = (name: string, value: string | undefined): void => {
    if (value !== undefined) lines.push(`  ${name}: ${value}`);
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
    lines.push(`  changes (${r.changes.length}):`);
    lines.push(...r.changes.map((c) => changeLine(c, ctx)));
    lines.push('  patch (RFC 6902, state → live):');
    lines.push(
      ...toJson(redactedPatch(r, ctx.reveal), 2)
        .split('\n')
        .map((l) => `    ${l}`),
    );
  } else {
    lines.push('  changes: none');
  }
  if (r.notChecked !== undefined && r.notChecked.length > 0) {
    lines.push(`  not checked: ${r.notChecked.join(', ')}`);
  }
  return lines;
}

/** A titled section, or nothing when it has no lines. */
function section(title: string, body: string[]): string[] {
  return body.length === 0 ? [] : ['', title, ...body];
}

/**
 * The report as text. @internal
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

  if (ctx.verbose) {
    const blocks = report.resources.map((r) => verboseBlock(r, ctx).join('\n'));
    return `${blocks.join('\n\n')}\n`;
  }

  const lines = summaryLines(report, p);
  lines.push(
    ...section(
      p.bold('Drifted (live differs from state):'),
      by('drifted').flatMap((r) => driftedBlock(r, ctx)),
    ),
  );
  lines.push(
    ...section(
      p.bold('Missing (in state, not found live):'),
      by('missing').map((r) => `  ${p.red('-')} ${resourceHeading(r, p)}`),
    ),
  );
  lines.push(
    ...section(
      p.bold('Unknown (could not be read):'),
      by('unknown').map((r) => {
        const why =
          r.error === undefined
            ? 'no reason given'
            : `${r.error.code}: ${oneLine(r.error.message)}`;
        return `  ${p.cyan('?')} ${resourceHeading(r, p)}: ${why}`;
      }),
    ),
  );
  lines.push(
    ...section(
      p.bold('Unsupported (no provider reads the type):'),
      by('unsupported').map((r) => `  ${p.dim('·')} ${resourceHeading(r, p)}`),
    ),
  );
  lines.push(
    ...section(
      p.bold('Unmanaged (live, not in any state):'),
      report.unmanaged.map((u) => {
        const where = u.location === undefined ? '' : p.dim(` (${u.location})`);
        const name = u.name === undefined || u.name === u.id ? '' : ` ${u.name}`;
        return `  ${p.green('+')} ${u.type} ${u.id}${name}${where}`;
      }),
    ),
  );
  lines.push(
    ...section(
      p.bold('Alerts:'),
      report.alerts.map((a) => `  ${p.yellow('!')} ${a.code}: ${a.message}`),
    ),
  );
  return `${lines.join('\n')}\n`;
}
