/**
 * The `html` format: one self-contained page (inline CSS, JS and SVG; a Content-Security-Policy
 * that forbids every fetch) with the summary, a chart of statuses, filters by status, type and
 * text, and each resource's changes with state and live values side by side. Everything is
 * rendered on the server side; the script only hides what the filters exclude.
 */
import type { FormatReportOptions } from './format-report.js';
import { changeValue, safeDetails } from './redact.js';
import { escapeMarkup, renderValue, toJson } from './render-value.js';
import type { DriftReport, ResourceReport, ResourceStatus } from './types.js';

const STATUSES: readonly { status: ResourceStatus; label: string; color: string }[] = [
  { status: 'drifted', label: 'Drifted', color: '#d97706' },
  { status: 'missing', label: 'Missing', color: '#dc2626' },
  { status: 'unknown', label: 'Unknown', color: '#7c3aed' },
  { status: 'unsupported', label: 'Unsupported', color: '#6b7280' },
  { status: 'in-sync', label: 'In sync', color: '#16a34a' },
];

const e = escapeMarkup;

const CSS = `
body{font:14px/1.45 system-ui,sans-serif;margin:0;padding:24px;color:#111;background:#fafafa}
h1{font-size:22px;margin:0 0 12px}
.stats{display:flex;gap:12px;flex-wrap:wrap;margin:0 0 12px;padding:0}
.stat{background:#fff;border:1px solid #ddd;border-radius:6px;padding:8px 14px;min-width:90px}
.stat dt{font-size:12px;color:#555}.stat dd{margin:0;font-size:22px;font-weight:600}
.filters{display:flex;gap:12px;align-items:center;margin:16px 0;flex-wrap:wrap}
.resource{background:#fff;border:1px solid #ddd;border-left:5px solid var(--c);border-radius:6px;margin:10px 0;padding:10px 14px}
.resource h3{margin:0;font-size:15px;font-family:ui-monospace,monospace;word-break:break-all}
.badge{display:inline-block;font-size:12px;padding:1px 8px;border-radius:10px;color:#fff;background:var(--c);margin-left:8px;font-family:system-ui}
.meta{color:#555;font-size:12px;margin:4px 0}
table{border-collapse:collapse;width:100%;margin-top:8px;table-layout:fixed}
th,td{border:1px solid #e5e5e5;padding:4px 8px;text-align:left;vertical-align:top}
th{background:#f3f3f3;font-weight:600}
td pre{margin:0;white-space:pre-wrap;word-break:break-all;font:12px ui-monospace,monospace}
td.path{font-family:ui-monospace,monospace;font-size:12px;word-break:break-all;width:28%}
td.expected{background:#fff5f5}td.actual{background:#f3fbf3}
.sensitive{color:#888;font-style:italic}
[hidden]{display:none!important}
`;

/** Filtering: hide resources that the selected status, type and text exclude. */
const SCRIPT = `
(function(){
  var status=document.getElementById('filter-status');
  var type=document.getElementById('filter-type');
  var text=document.getElementById('filter-text');
  var shown=document.getElementById('shown-count');
  function apply(){
    var s=status.value,t=type.value,q=text.value.trim().toLowerCase(),n=0;
    var items=document.querySelectorAll('.resource');
    for(var i=0;i<items.length;i++){
      var el=items[i];
      var ok=(s===''||el.getAttribute('data-status')===s)&&(t===''||el.getAttribute('data-type')===t)&&(q===''||el.getAttribute('data-address').toLowerCase().indexOf(q)>=0);
      el.hidden=!ok;if(ok)n++;
    }
    shown.textContent=String(n);
  }
  status.addEventListener('change',apply);type.addEventListener('change',apply);text.addEventListener('input',apply);
  apply();
})();
`;

/** The colour of a status. */
function colorOf(status: ResourceStatus): string {
  return STATUSES.find((s) => s.status === status)?.color ?? '#6b7280';
}

/** A horizontal stacked bar of the statuses, with a legend. */
function chart(report: DriftReport): string {
  const width = 600;
  const total = report.summary.total;
  let x = 0;
  const bars: string[] = [];
  const legend: string[] = [];
  STATUSES.forEach(({ status, label, color }, i) => {
    const n = report.resources.filter((r) => r.status === status).length;
    const w = total === 0 ? 0 : (n / total) * width;
    if (w > 0) {
      bars.push(
        `<rect x="${x.toFixed(2)}" y="0" width="${w.toFixed(2)}" height="24" fill="${color}" data-status="${status}"><title>${label}: ${n}</title></rect>`,
      );
    }
    x += w;
    legend.push(
      `<g transform="translate(${i * 120},36)"><rect width="12" height="12" fill="${color}"/><text x="16" y="11" font-size="12">${label} (${n})</text></g>`,
    );
  });
  if (total === 0) bars.push(`<rect width="${width}" height="24" fill="#e5e5e5"/>`);
  return `<svg id="chart" role="img" aria-label="Resources by status" width="${width}" height="56" viewBox="0 0 ${width} 56" xmlns="http://www.w3.org/2000/svg">${bars.join('')}${legend.join('')}</svg>`;
}

/** The summary numbers. */
function stats(report: DriftReport): string {
  const s = report.summary;
  const items: [string, string, number | string][] = [
    ['total', 'Total', s.total],
    ['drifted', 'Drifted', s.drifted],
    ['missing', 'Missing', s.missing],
    ['unknown', 'Unknown', s.unknown],
    ['unsupported', 'Unsupported', s.unsupported],
    ['in-sync', 'In sync', s.inSync],
    ['unmanaged', 'Unmanaged', s.unmanaged],
    ['coverage', 'Coverage', `${Math.round(s.coverage * 1000) / 10}%`],
    ['checked', 'Checked in full', s.checked],
    ['partially-checked', 'Partially checked', s.partiallyChecked],
    ['not-checked', 'Not checked', s.notChecked],
    ['not-checked-attributes', 'Attributes not compared', s.notCheckedAttributes],
  ];
  return `<dl class="stats" id="summary">${items
    .map(
      ([key, label, n]) =>
        `<div class="stat"><dt>${label}</dt><dd data-count="${key}">${n}</dd></div>`,
    )
    .join('')}</dl>`;
}

/** A value cell: pretty JSON, or a redaction note. */
function valueCell(
  kind: 'expected' | 'actual',
  value: unknown,
  present: boolean,
  sensitive: boolean,
): string {
  if (!present) return `<td class="${kind}"></td>`;
  if (sensitive)
    return `<td class="${kind}"><span class="sensitive">${e(String(value))}</span></td>`;
  return `<td class="${kind}"><pre>${e(renderValue(value, true))}</pre></td>`;
}

/** The side-by-side change table of a resource. */
function changesTable(r: ResourceReport, reveal: boolean): string {
  if (r.changes.length === 0) return '';
  const rows = r.changes.map((c) => {
    const hidden = c.sensitive && !reveal;
    return `<tr data-op="${c.op}"><td class="path">${e(c.op)} ${e(c.path)}</td>${valueCell('expected', changeValue(c, 'expected', reveal), c.op !== 'add', hidden)}${valueCell('actual', changeValue(c, 'actual', reveal), c.op !== 'remove', hidden)}</tr>`;
  });
  return `<table class="changes"><thead><tr><th>Path</th><th>State (expected)</th><th>Live (actual)</th></tr></thead><tbody>${rows.join('')}</tbody></table>`;
}

/** One resource's card. */
function resourceCard(r: ResourceReport, reveal: boolean): string {
  const meta = [
    `type ${e(r.type)}`,
    `provider ${e(r.provider)}`,
    ...(r.id === undefined ? [] : [`id ${e(r.id)}`]),
    ...(r.deposed === undefined ? [] : [`deposed ${e(r.deposed)}`]),
    ...(r.source === undefined ? [] : [`state ${e(r.source)}`]),
  ].join(' · ');
  const error =
    r.error === undefined
      ? ''
      : `<p class="meta">${e(r.error.code)}: ${e(r.error.message)}${r.error.retryable ? ' (retryable)' : ''}</p>`;
  const details = safeDetails(r.details);
  const detailLine = details === undefined ? '' : `<p class="meta">${e(toJson(details))}</p>`;
  const notChecked =
    r.notChecked !== undefined && r.notChecked.length > 0
      ? `<p class="meta">Not checked: ${e(r.notChecked.join(', '))}</p>`
      : '';
  return `<section class="resource" style="--c:${colorOf(r.status)}" data-status="${r.status}" data-type="${e(r.type)}" data-address="${e(r.address)}"><h3>${e(r.address)}<span class="badge">${r.status}</span></h3><p class="meta">${meta}</p>${error}${detailLine}${notChecked}${changesTable(r, reveal)}</section>`;
}

/** Unmanaged resources and alerts. */
function extras(report: DriftReport): string {
  const unmanaged =
    report.unmanaged.length === 0
      ? ''
      : `<h2>Unmanaged (live, not in state)</h2><table id="unmanaged"><thead><tr><th>Type</th><th>Id</th><th>Name</th><th>Location</th></tr></thead><tbody>${report.unmanaged
          .map(
            (u) =>
              `<tr><td>${e(u.type)}</td><td>${e(u.id)}</td><td>${e(u.name ?? '')}</td><td>${e(u.location ?? '')}</td></tr>`,
          )
          .join('')}</tbody></table>`;
  const alerts =
    report.alerts.length === 0
      ? ''
      : `<h2>Alerts</h2><ul id="alerts">${report.alerts.map((a) => `<li><code>${e(a.code)}</code> ${e(a.message)}</li>`).join('')}</ul>`;
  return unmanaged + alerts;
}

/** The report as one self-contained HTML page. @internal */
export function formatHtml(report: DriftReport, options: FormatReportOptions): string {
  const reveal = options.revealSensitive === true;
  const title = options.title ?? 'tfdrift drift report';
  const types = [...new Set(report.resources.map((r) => r.type))].sort();
  const statusOptions = STATUSES.map((s) => `<option value="${s.status}">${s.label}</option>`).join(
    '',
  );
  const typeOptions = types.map((t) => `<option value="${e(t)}">${e(t)}</option>`).join('');
  const states = report.states.map((s) => e(s.source)).join(', ');
  return `<!doctype html>
<html lang="en">
<head>
<meta charset="utf-8">
<meta http-equiv="Content-Security-Policy" content="default-src 'none'; style-src 'unsafe-inline'; script-src 'unsafe-inline'; img-src data:">
<meta name="viewport" content="width=device-width, initial-scale=1">
<title>${e(title)}</title>
<style>${CSS}</style>
</head>
<body>
<h1>${e(title)}</h1>
<p class="meta">Scanned ${e(report.generatedAt)} in ${report.durationMs} ms${states === '' ? '' : ` · ${states}`}</p>
${stats(report)}
${chart(report)}
<div class="filters">
<label>Status <select id="filter-status"><option value="">All</option>${statusOptions}</select></label>
<label>Type <select id="filter-type"><option value="">All</option>${typeOptions}</select></label>
<label>Address <input id="filter-text" type="search" placeholder="filter by address"></label>
<span>Showing <span id="shown-count">${report.resources.length}</span> of ${report.resources.length}</span>
</div>
<main id="resources">${report.resources.map((r) => resourceCard(r, reveal)).join('\n')}</main>
${extras(report)}
<script>${SCRIPT}</script>
</body>
</html>
`;
}
