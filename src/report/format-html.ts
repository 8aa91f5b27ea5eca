/**
 * The `html` format: one self-contained page (inline CSS, JS and SVG; a Content-Security-Policy
 * that forbids every fetch and runs only the page's own script) that leads with what needs
 * action. The summary, chart and alerts are rendered here; resources and unmanaged objects
 * travel as JSON in a `<script type="application/json">` block and a small script renders them
 * a page at a time, so a report of 100,000 resources opens as fast as one of ten. The script
 * only ever sets `textContent`: no value from the report is parsed as HTML.
 */
import { createHash } from 'node:crypto';
import { importBlock, suggestName } from '../detect/import-block.js';
import { escapeControls, escapeControlsKeepingLines } from '../shared/escape-controls.js';
import type { FormatReportOptions } from './format-report.js';
import { REDACTED, changeValue, redactedPatch, safeDetails } from './redact.js';
import { escapeMarkup, renderValue, toJson } from './render-value.js';
import type { DriftReport, Remediation, ResourceReport, ResourceStatus } from './types.js';
import { headline } from './verdict.js';

/** The statuses in the order the page lists them: what needs action first. */
const STATUSES: readonly { status: ResourceStatus; label: string; color: string }[] = [
  { status: 'drifted', label: 'Drifted', color: '#c2410c' },
  { status: 'missing', label: 'Missing', color: '#dc2626' },
  { status: 'unknown', label: 'Unknown', color: '#7c3aed' },
  { status: 'unsupported', label: 'Unsupported', color: '#6b7280' },
  { status: 'in-sync', label: 'In sync', color: '#16a34a' },
];

/** Escapes any value for HTML text or a quoted attribute (numbers from an unchecked report too). */
function e(value: unknown): string {
  return escapeMarkup(escapeControls(String(value)));
}

/**
 * A report value as the page shows it: control and bidirectional characters as visible escapes
 * (a right-to-left override would otherwise reorder an address on screen).
 */
function str(value: unknown): string {
  return escapeControls(String(value));
}

/** A count with thousands separators (anything else escaped as it is). */
function count(value: unknown): string {
  return typeof value === 'number' ? value.toLocaleString('en-US') : e(value);
}

const CSS = `
:root{--fg:#1f2328;--muted:#59636e;--line:#d1d9e0;--bg:#f6f8fa;--card:#fff}
*{box-sizing:border-box}
body{font:14px/1.5 system-ui,-apple-system,"Segoe UI",sans-serif;margin:0;color:var(--fg);background:var(--bg)}
header.top{background:#24292f;color:#fff;padding:18px 28px}
header.top h1{font-size:20px;margin:0 0 4px}
header.top .meta{color:#d0d7de;margin:0}
.wrap{max-width:1200px;margin:0 auto;padding:20px 28px 60px}
h2{font-size:17px;margin:28px 0 10px;padding-bottom:6px;border-bottom:1px solid var(--line)}
h2 .count{color:var(--muted);font-weight:400}
.meta{color:var(--muted);font-size:12.5px;margin:2px 0}
.verdict{font-size:16px;font-weight:600;margin:0 0 12px}
.verdict.bad{color:#b42318}.verdict.good{color:#1a7f37}
.stats{display:flex;gap:10px;flex-wrap:wrap;margin:0 0 14px;padding:0}
.stat{background:var(--card);border:1px solid var(--line);border-top:4px solid var(--c,#8c959f);border-radius:8px;padding:8px 14px;min-width:104px}
.stat dt{font-size:12px;color:var(--muted)}.stat dd{margin:0;font-size:22px;font-weight:650}
button.linkish{all:unset;cursor:pointer}
button.linkish:focus-visible{outline:2px solid #0969da;outline-offset:2px}
nav.jump{margin:6px 0 0;font-size:13px}
nav.jump a{color:#0969da;margin-right:14px}
.filters{display:flex;gap:14px;align-items:end;flex-wrap:wrap;background:var(--card);border:1px solid var(--line);border-radius:8px;padding:10px 14px;margin:0 0 10px}
.filters label{display:flex;flex-direction:column;font-size:12px;color:var(--muted);gap:2px}
.filters select,.filters input{font:inherit;padding:4px 6px;border:1px solid var(--line);border-radius:6px;min-width:180px;max-width:340px;color:var(--fg);background:#fff}
.filters .shown{margin-left:auto;color:var(--muted);font-size:13px;align-self:center}
.resource{background:var(--card);border:1px solid var(--line);border-left:5px solid var(--c);border-radius:8px;margin:10px 0;padding:10px 16px}
.resource h3{margin:0;font-size:14.5px;font-family:ui-monospace,SFMono-Regular,Menlo,monospace;word-break:break-all;display:flex;gap:8px;align-items:center;flex-wrap:wrap}
.badge{display:inline-block;font:600 11.5px system-ui,sans-serif;padding:1px 9px;border-radius:10px;color:#fff;background:var(--c)}
.error{background:#fbefff;border:1px solid #e3c6f5;border-radius:6px;padding:6px 10px;margin:6px 0;font-size:13px;word-break:break-word}
.error code{font-weight:600}
table{border-collapse:collapse;width:100%;margin-top:8px;table-layout:fixed}
th,td{border:1px solid #e4e8ec;padding:4px 8px;text-align:left;vertical-align:top}
th{background:#f6f8fa;font-weight:600;font-size:12.5px}
td pre,pre.block{margin:0;white-space:pre-wrap;word-break:break-all;font:12px/1.45 ui-monospace,SFMono-Regular,Menlo,monospace}
td.path{font-family:ui-monospace,SFMono-Regular,Menlo,monospace;font-size:12px;word-break:break-all;width:30%}
td.path .op{display:inline-block;min-width:58px;font-weight:600}
td.expected{background:#fff5f5}td.actual{background:#f0fbf2}
.sensitive{color:#6e7781;font-style:italic}
details.patch{margin-top:8px}
details.patch summary{cursor:pointer;color:#0969da;font-size:12.5px}
pre.block{background:#f6f8fa;border:1px solid #e4e8ec;border-radius:6px;padding:8px 10px;margin-top:6px}
.more{display:block;margin:14px auto;padding:7px 18px;font:inherit;border:1px solid var(--line);border-radius:6px;background:var(--card);cursor:pointer}
.more:hover{background:#f3f4f6}
.empty{background:var(--card);border:1px dashed var(--line);border-radius:8px;padding:18px;text-align:center;color:var(--muted)}
#unmanaged-table{background:var(--card)}
#unmanaged-table td{font-size:12.5px;word-break:break-all}
#unmanaged-table th:last-child{width:38%}
#unmanaged-table td.import pre{white-space:pre;word-break:normal;overflow-x:auto}
.fix{background:#ddf4ff;border:1px solid #b6e3ff;border-radius:6px;padding:6px 10px;margin:8px 0 0;font-size:13px}
.fix b{margin-right:6px}
.fix pre{margin:4px 0 0;white-space:pre-wrap;word-break:break-all;font:12px/1.45 ui-monospace,SFMono-Regular,Menlo,monospace}
ul.alerts{padding:0;list-style:none;margin:0}
ul.alerts li{background:#fff8c5;border:1px solid #eed888;border-radius:6px;padding:6px 10px;margin:6px 0;word-break:break-word}
ul.alerts .addresses{color:var(--muted);font-size:12px;font-family:ui-monospace,monospace}
[hidden]{display:none!important}
`;

/**
 * Renders the resources and unmanaged objects from the embedded JSON, one page at a time,
 * with filters. Builds the DOM with `textContent` only.
 */
const SCRIPT = `
(function(){
  'use strict';
  var D=JSON.parse(document.getElementById('report-data').textContent);
  var STATUS=${JSON.stringify(STATUSES.map((s) => s.status))};
  var LABEL=${JSON.stringify(STATUSES.map((s) => s.label))};
  var COLOR=${JSON.stringify(STATUSES.map((s) => s.color))};
  var PAGE=50;
  function $(id){return document.getElementById(id);}
  function el(tag,cls,text){var n=document.createElement(tag);if(cls)n.className=cls;if(text!==undefined&&text!==null)n.textContent=String(text);return n;}
  function debounce(f){var t;return function(){clearTimeout(t);t=setTimeout(f,120);};}
  function pager(list,more,count,render){
    var items=[],shown=0;
    function page(){
      var end=Math.min(shown+PAGE,items.length),frag=document.createDocumentFragment();
      for(var i=shown;i<end;i++)frag.appendChild(render(items[i]));
      list.appendChild(frag);shown=end;
      var left=items.length-shown;
      more.hidden=left<=0;
      more.textContent='Show '+Math.min(PAGE,left)+' more ('+left+' not shown)';
    }
    more.addEventListener('click',page);
    return function(next){items=next;shown=0;list.textContent='';count.textContent=String(items.length);page();};
  }
  function valueCell(kind,v){
    var td=el('td',kind);
    if(v===null)return td;
    if(v[1]){td.appendChild(el('span','sensitive',v[0]));}else{td.appendChild(el('pre',null,v[0]));}
    return td;
  }
  function fixBox(f){
    var d=el('div','fix');d.setAttribute('data-action',f[0]);
    d.appendChild(el('b',null,'Fix ('+f[0]+')'));d.appendChild(document.createTextNode(f[1]));
    if(f[2]!==null){var c=el('pre','command',f[2]);d.appendChild(c);}
    if(f[3]!==null)d.appendChild(el('pre','code',f[3]));
    return d;
  }
  function card(r){
    var s=r[1],x=r[5]||{},sec=el('section','resource');
    sec.style.setProperty('--c',COLOR[s]);
    sec.setAttribute('data-status',STATUS[s]);sec.setAttribute('data-address',r[0]);
    var h=el('h3',null,r[0]);var b=el('span','badge',LABEL[s]);h.appendChild(b);sec.appendChild(h);
    var meta=['type '+D.types[r[2]],'provider '+D.providers[r[3]]];
    if(r[4]!==null)meta.push('id '+r[4]);
    if(x.deposed!==undefined)meta.push('deposed '+x.deposed);
    if(x.source!==undefined)meta.push('state '+x.source);
    sec.appendChild(el('p','meta',meta.join(' \\u00b7 ')));
    if(x.error){var er=el('div','error');er.appendChild(el('code',null,x.error[0]));er.appendChild(document.createTextNode(': '+x.error[1]+(x.error[2]?' (retryable)':'')));sec.appendChild(er);}
    if(x.details!==undefined)sec.appendChild(el('p','meta','details '+x.details));
    if(x.notChecked)sec.appendChild(el('p','meta','Not checked: '+x.notChecked.join(', ')));
    if(x.changes&&x.changes.length){
      var t=el('table','changes'),th=el('thead'),hr=el('tr');
      ['Path','State (expected)','Live (actual)'].forEach(function(l){hr.appendChild(el('th',null,l));});
      th.appendChild(hr);t.appendChild(th);var tb=el('tbody');
      x.changes.forEach(function(c){
        var tr=el('tr');tr.setAttribute('data-op',c[0]);
        var p=el('td','path');p.appendChild(el('span','op',c[0]));p.appendChild(document.createTextNode(' '+c[1]));tr.appendChild(p);
        tr.appendChild(valueCell('expected',c[2]));tr.appendChild(valueCell('actual',c[3]));tb.appendChild(tr);
      });
      t.appendChild(tb);sec.appendChild(t);
    }
    if(x.fix)sec.appendChild(fixBox(x.fix));
    if(x.patch!==undefined){
      var d=el('details','patch');d.appendChild(el('summary',null,'JSON Patch (RFC 6902, state \\u2192 live)'));
      d.addEventListener('toggle',function(){if(d.open&&d.childNodes.length===1)d.appendChild(el('pre','block',x.patch));});
      sec.appendChild(d);
    }
    return sec;
  }
  var ACTION={0:1,1:1,2:1};
  var fs=$('filter-status'),ft=$('filter-type'),fq=$('filter-text');
  var showResources=pager($('resources'),$('resources-more'),$('shown-count'),card);
  function applyResources(){
    var s=fs.value,t=ft.value===''?-1:Number(ft.value),q=fq.value.trim().toLowerCase(),out=[],R=D.resources;
    for(var i=0;i<R.length;i++){
      var r=R[i];
      if(s==='action'?!ACTION[r[1]]:(s!==''&&STATUS[r[1]]!==s))continue;
      if(t>=0&&r[2]!==t)continue;
      if(q!==''&&r[0].toLowerCase().indexOf(q)<0&&(r[4]===null||r[4].toLowerCase().indexOf(q)<0))continue;
      out.push(r);
    }
    $('resources-empty').hidden=out.length>0;
    showResources(out);
  }
  fs.addEventListener('change',applyResources);ft.addEventListener('change',applyResources);fq.addEventListener('input',debounce(applyResources));
  var stats=document.querySelectorAll('[data-filter]');
  for(var i=0;i<stats.length;i++)stats[i].addEventListener('click',function(ev){fs.value=ev.currentTarget.getAttribute('data-filter');applyResources();$('resources-section').scrollIntoView();});
  function unmanagedRow(u){
    var tr=el('tr');
    tr.appendChild(el('td',null,u[0]));tr.appendChild(el('td',null,u[1]));tr.appendChild(el('td',null,u[2]));tr.appendChild(el('td',null,u[3]));
    var td=el('td','import');td.appendChild(el('pre',null,u[4]));if(u[5])td.appendChild(fixBox([u[5][0],u[5][1],u[5][2],null]));tr.appendChild(td);return tr;
  }
  if(D.unmanaged.length>0){
    var ut=$('filter-unmanaged-type'),uq=$('filter-unmanaged-text');
    var showUnmanaged=pager($('unmanaged-rows'),$('unmanaged-more'),$('unmanaged-shown'),unmanagedRow);
    var applyUnmanaged=function(){
      var t=ut.value,q=uq.value.trim().toLowerCase(),out=[],U=D.unmanaged;
      for(var i=0;i<U.length;i++){
        var u=U[i];
        if(t!==''&&u[0]!==t)continue;
        if(q!==''&&(u[1]+'\\n'+u[2]+'\\n'+u[3]).toLowerCase().indexOf(q)<0)continue;
        out.push(u);
      }
      showUnmanaged(out);
      var all=$('unmanaged-imports');if(all.open)all.lastChild.textContent=out.map(function(u){return u[4];}).join('\\n\\n');
    };
    ut.addEventListener('change',applyUnmanaged);uq.addEventListener('input',debounce(applyUnmanaged));
    $('unmanaged-imports').addEventListener('toggle',function(ev){if(ev.currentTarget.open)applyUnmanaged();});
    applyUnmanaged();
  }
  applyResources();
  document.documentElement.setAttribute('data-ready','true');
})();
`;

/** The script's hash, for a CSP that runs this script and nothing else. */
const SCRIPT_HASH = createHash('sha256').update(SCRIPT).digest('base64');

/** A horizontal stacked bar of the statuses, with a legend. */
function chart(counts: ReadonlyMap<ResourceStatus, number>, total: number): string {
  const width = 640;
  let x = 0;
  const bars: string[] = [];
  const legend: string[] = [];
  STATUSES.forEach(({ status, label, color }, i) => {
    const n = counts.get(status) ?? 0;
    const w = total === 0 ? 0 : (n / total) * width;
    if (w > 0) {
      bars.push(
        `<rect x="${x.toFixed(2)}" y="0" width="${w.toFixed(2)}" height="22" rx="2" fill="${color}" data-status="${status}"><title>${label}: ${n}</title></rect>`,
      );
    }
    x += w;
    legend.push(
      `<g transform="translate(${i * 128},34)"><rect width="12" height="12" rx="2" fill="${color}"/><text x="17" y="11" font-size="12" fill="#59636e">${label} (${n})</text></g>`,
    );
  });
  if (total === 0) bars.push(`<rect width="${width}" height="22" fill="#e5e7eb"/>`);
  return `<svg id="chart" role="img" aria-label="Resources by status" width="${width}" height="52" viewBox="0 0 ${width} 52" xmlns="http://www.w3.org/2000/svg">${bars.join('')}${legend.join('')}</svg>`;
}

/** The summary numbers; each status card filters the list below. */
function stats(report: DriftReport): string {
  const s = report.summary;
  const color = (status: ResourceStatus): string =>
    STATUSES.find((x) => x.status === status)?.color ?? '#8c959f';
  const items: [string, string, unknown, string, string | undefined][] = [
    ['total', 'Total', s.total, '#8c959f', ''],
    ['drifted', 'Drifted', s.drifted, color('drifted'), 'drifted'],
    ['missing', 'Missing', s.missing, color('missing'), 'missing'],
    ['unknown', 'Unknown', s.unknown, color('unknown'), 'unknown'],
    ['unsupported', 'Unsupported', s.unsupported, color('unsupported'), 'unsupported'],
    ['in-sync', 'In sync', s.inSync, color('in-sync'), 'in-sync'],
    ['unmanaged', 'Unmanaged', s.unmanaged, '#0969da', undefined],
    [
      'coverage',
      'Coverage',
      `${Math.round(Number(s.coverage) * 1000) / 10}%`,
      '#8c959f',
      undefined,
    ],
    ['checked', 'Checked in full', s.checked, '#8c959f', undefined],
    ['partially-checked', 'Partially checked', s.partiallyChecked, '#8c959f', undefined],
    ['not-checked', 'Not checked', s.notChecked, '#8c959f', undefined],
    [
      'not-checked-attributes',
      'Attributes not compared',
      s.notCheckedAttributes,
      '#8c959f',
      undefined,
    ],
  ];
  return `<dl class="stats" id="summary">${items
    .map(([key, label, n, c, filter]) => {
      const value = `<dt>${label}</dt><dd data-count="${key}">${count(n)}</dd>`;
      const body =
        filter === undefined
          ? value
          : `<button type="button" class="linkish" data-filter="${filter}" title="Show ${label.toLowerCase()} resources">${value}</button>`;
      return `<div class="stat" style="--c:${c}">${body}</div>`;
    })
    .join('')}</dl>`;
}

/** A change's value for the page: its text, and whether it is a redaction note. */
type CellValue = [text: string, redacted: boolean] | null;

/** What the script needs of one resource beyond its address, status, type, provider and id. */
interface ResourceExtra {
  deposed?: string;
  source?: string;
  error?: [code: string, message: string, retryable: boolean];
  details?: string;
  notChecked?: string[];
  changes?: [op: string, path: string, expected: CellValue, actual: CellValue][];
  patch?: string;
  fix?: FixRow;
}

/** A remediation as the script reads it: `[action, summary, command, code]`. */
type FixRow = [action: string, summary: string, command: string | null, code: string | null];

/** A remediation for the page: every part made inert on screen. */
function fixRow(fix: Remediation): FixRow {
  return [
    str(fix.action),
    str(fix.summary),
    fix.command === undefined ? null : str(fix.command),
    fix.code === undefined ? null : escapeControlsKeepingLines(fix.code),
  ];
}

/** One resource as the script reads it: `[address, status, type, provider, id, extra]`. */
type ResourceRow = [string, number, number, number, string | null, ResourceExtra | 0];

/** A side of a change, redacted unless revealing. */
function cell(
  r: ResourceReport,
  index: number,
  side: 'expected' | 'actual',
  reveal: boolean,
): CellValue {
  const c = r.changes[index]!;
  if (side === 'expected' ? c.op === 'add' : c.op === 'remove') return null;
  if (c.sensitive && !reveal) return [REDACTED, true];
  return [escapeControlsKeepingLines(renderValue(changeValue(c, side, reveal), true)), false];
}

/** The parts of a resource beyond its identity (0 when there are none, as for most in-sync ones). */
function extraOf(r: ResourceReport, reveal: boolean): ResourceExtra | 0 {
  const x: ResourceExtra = {};
  if (r.deposed !== undefined) x.deposed = str(r.deposed);
  if (r.source !== undefined) x.source = str(r.source);
  if (r.error !== undefined)
    x.error = [str(r.error.code), str(r.error.message), r.error.retryable === true];
  const details = safeDetails(r.details);
  if (details !== undefined) x.details = str(toJson(details));
  if (r.notChecked !== undefined && r.notChecked.length > 0) x.notChecked = r.notChecked.map(str);
  if (r.changes.length > 0) {
    x.changes = r.changes.map((c, i) => [
      str(c.op),
      str(c.path),
      cell(r, i, 'expected', reveal),
      cell(r, i, 'actual', reveal),
    ]);
  }
  if (r.patch.length > 0) x.patch = escapeControlsKeepingLines(toJson(redactedPatch(r, reveal), 2));
  if (r.remediation !== undefined) x.fix = fixRow(r.remediation);
  return Object.keys(x).length === 0 ? 0 : x;
}

/** Indexes of a list of names, for compact rows. */
function indexer(): { names: string[]; of: (name: string) => number } {
  const names: string[] = [];
  const index = new Map<string, number>();
  return {
    names,
    of(name) {
      let i = index.get(name);
      if (i === undefined) {
        i = names.length;
        names.push(name);
        index.set(name, i);
      }
      return i;
    },
  };
}

/** The data the script renders: resources in the page's order (what needs action first). */
function pageData(report: DriftReport, reveal: boolean) {
  const types = indexer();
  const providers = indexer();
  const rank = new Map(STATUSES.map((s, i) => [s.status, i]));
  const resources: ResourceRow[] = [];
  for (const [i] of STATUSES.entries()) {
    for (const r of report.resources) {
      if ((rank.get(r.status) ?? 3) !== i) continue;
      resources.push([
        str(r.address),
        i,
        types.of(str(r.type)),
        providers.of(str(r.provider)),
        r.id === undefined ? null : str(r.id),
        extraOf(r, reveal),
      ]);
    }
  }
  const unmanaged = report.unmanaged.map((u) => [
    str(u.type),
    str(u.id),
    u.name === undefined ? '' : str(u.name),
    u.location === undefined ? '' : str(u.location),
    escapeControlsKeepingLines(
      u.importBlock ?? importBlock(String(u.type), suggestName(u.name, String(u.id)), String(u.id)),
    ),
    u.remediation === undefined ? 0 : fixRow(u.remediation),
  ]);
  return { types: types.names, providers: providers.names, resources, unmanaged };
}

/**
 * JSON that is safe inside a `<script>` element: `<`, `>` and `&` as `\u` escapes (no
 * `</script>` or `<!--` can appear), and the two line separators JavaScript once rejected.
 */
function scriptJson(value: unknown): string {
  return toJson(value).replace(
    /[<>&\u2028\u2029]/g,
    (c) => `\\u${c.charCodeAt(0).toString(16).padStart(4, '0')}`,
  );
}

/** The alerts, which concern the scan as a whole. */
function alerts(report: DriftReport): string {
  if (report.alerts.length === 0) return '';
  const items = report.alerts.map((a) => {
    const addresses =
      a.addresses !== undefined && a.addresses.length > 0
        ? `<div class="addresses">${e(a.addresses.slice(0, 20).join(', '))}${a.addresses.length > 20 ? ` … ${a.addresses.length - 20} more` : ''}</div>`
        : '';
    return `<li><code>${e(a.code)}</code> ${e(a.message)}${addresses}</li>`;
  });
  return `<section id="alerts-section"><h2>Alerts <span class="count">(${report.alerts.length})</span></h2><ul class="alerts" id="alerts">${items.join('')}</ul></section>`;
}

/** The unmanaged section: filters, a paged table and every import block of the matches. */
function unmanagedSection(report: DriftReport): string {
  if (report.unmanaged.length === 0) return '';
  const types = [...new Set(report.unmanaged.map((u) => str(u.type)))].sort();
  const options = types.map((t) => `<option value="${e(t)}">${e(t)}</option>`).join('');
  return `<section id="unmanaged-section"><h2>Unmanaged <span class="count">(live, in no scanned state: ${report.unmanaged.length})</span></h2>
<div class="filters">
<label>Type <select id="filter-unmanaged-type"><option value="">All types</option>${options}</select></label>
<label>Id, name or location <input id="filter-unmanaged-text" type="search" placeholder="filter"></label>
<span class="shown">Showing <span id="unmanaged-shown">0</span> of ${report.unmanaged.length}</span>
</div>
<table id="unmanaged-table"><thead><tr><th>Type</th><th>Id</th><th>Name</th><th>Location</th><th>Import block and fix</th></tr></thead><tbody id="unmanaged-rows"></tbody></table>
<button type="button" class="more" id="unmanaged-more" hidden></button>
<details id="unmanaged-imports" class="patch"><summary>Every import block of the filtered resources, to paste into a <code>.tf</code> file</summary><pre class="block"></pre></details>
</section>`;
}

/** The report as one self-contained HTML page. @internal */
export function formatHtml(report: DriftReport, options: FormatReportOptions): string {
  const reveal = options.revealSensitive === true;
  const title = options.title ?? 'tfdrift drift report';
  const counts = new Map<ResourceStatus, number>();
  for (const r of report.resources) counts.set(r.status, (counts.get(r.status) ?? 0) + 1);
  const data = pageData(report, reveal);
  const typeOptions = data.types
    .map((t, i) => [t, i] as const)
    .sort(([a], [b]) => (a < b ? -1 : a > b ? 1 : 0))
    .map(([t, i]) => `<option value="${i}">${e(t)}</option>`)
    .join('');
  const statusOptions = STATUSES.map((s) => `<option value="${s.status}">${s.label}</option>`).join(
    '',
  );
  const needAction =
    (counts.get('drifted') ?? 0) + (counts.get('missing') ?? 0) + (counts.get('unknown') ?? 0);
  const unmanaged = report.unmanaged.length;
  const plural = (n: number, one: string, many: string): string => `${n} ${n === 1 ? one : many}`;
  // "No drift" only when every instance was read (see verdict.ts).
  const head = headline(report.summary);
  const verdict =
    needAction > 0
      ? `<p class="verdict bad">${plural(needAction, 'resource needs', 'resources need')} action (drifted, missing or unreadable)${unmanaged > 0 ? `, and ${plural(unmanaged, 'live resource is', 'live resources are')} unmanaged` : ''}.</p>`
      : `<p class="verdict ${unmanaged > 0 || !head.complete ? 'bad' : 'good'}">${e(head.text)}${unmanaged > 0 ? `, but ${plural(unmanaged, 'live resource is', 'live resources are')} unmanaged` : ''}${head.complete ? `: ${plural(counts.get('in-sync') ?? 0, 'resource is', 'resources are')} in sync` : ''}.</p>`;
  const states = report.states.map((s) => e(s.source)).join(', ');
  const jump = [
    '<a href="#resources-section">Resources</a>',
    report.unmanaged.length > 0
      ? `<a href="#unmanaged-section">Unmanaged (${report.unmanaged.length})</a>`
      : '',
    report.alerts.length > 0
      ? `<a href="#alerts-section">Alerts (${report.alerts.length})</a>`
      : '',
  ].join('');
  return `<!doctype html>
<html lang="en">
<head>
<meta charset="utf-8">
<meta http-equiv="Content-Security-Policy" content="default-src 'none'; style-src 'unsafe-inline'; script-src 'sha256-${SCRIPT_HASH}'; img-src data:">
<meta name="viewport" content="width=device-width, initial-scale=1">
<title>${e(title)}</title>
<style>${CSS}</style>
</head>
<body>
<header class="top"><h1>${e(title)}</h1><p class="meta">Scanned ${e(report.generatedAt)} in ${e(report.durationMs)} ms${states === '' ? '' : ` · ${states}`}</p></header>
<div class="wrap">
${verdict}
${stats(report)}
${chart(counts, report.resources.length)}
<nav class="jump">${jump}</nav>
${alerts(report)}
<section id="resources-section"><h2>Resources</h2>
<div class="filters">
<label>Status <select id="filter-status"><option value="action" selected>Needs action (drifted, missing, unknown)</option><option value="">All statuses</option>${statusOptions}</select></label>
<label>Type <select id="filter-type"><option value="">All types</option>${typeOptions}</select></label>
<label>Address or id <input id="filter-text" type="search" placeholder="filter"></label>
<span class="shown">Showing <span id="shown-count">0</span> of ${report.resources.length}</span>
</div>
<noscript><p class="empty">This page lists resources with JavaScript. The summary above is complete; use <code>--format text</code> or <code>json</code> for a list without it.</p></noscript>
<p class="empty" id="resources-empty" hidden>No resource matches. Choose <b>All statuses</b> to see the resources in sync.</p>
<main id="resources"></main>
<button type="button" class="more" id="resources-more" hidden></button>
</section>
${unmanagedSection(report)}
</div>
<script type="application/json" id="report-data">${scriptJson(data)}</script>
<script>${SCRIPT}</script>
</body>
</html>
`;
}
