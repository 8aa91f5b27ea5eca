/**
 * Reports whose every string carries an attack: terminal escape sequences, markdown link and
 * image syntax, HTML that runs script. Live systems choose ids, map keys, names and messages,
 * and a shard report read back from disk can hold anything, so every formatter must render
 * these inert.
 */
import type { DriftReport } from '../../src/index.js';
import { sampleReport } from './sample-report.js';

/** Terminal attacks: OSC 52 (clipboard), OSC 0 (title), CSI 2J, C1 CSI, CR, bidi overrides. */
export const TERMINAL_PAYLOAD =
  '\u001b]52;c;cm0gLXJmIH4=\u0007\u001b]0;pwned\u0007\u001b[2J\u009b31m\rOK\u202eevil\u2066x\u2069\u0000';

/** Markdown attacks: a link, a remote image, an autolink, a heading after a line break, raw HTML. */
export const MARKDOWN_PAYLOAD =
  '[click](https://evil.example/x) ![img](https://evil.example/i.png) https://evil.example www.evil.example a@evil.example\n# Injected heading\r\r## Also <img src=https://evil.example/p.png> <b>bold</b> *em* `tick` | pipe';

/** HTML attacks: closing the element or script, event handlers, a script in JSON context. */
export const HTML_PAYLOAD =
  '"\'><img src=x onerror="window.__pwned=1"></script><script>window.__pwned=1</script><!--<svg onload=window.__pwned=1>';

/** Appends `payload` to every string in `value`, keys of nested values included. */
function poison(value: unknown, payload: string, keys: boolean): unknown {
  if (typeof value === 'string') return value + payload;
  if (Array.isArray(value)) return value.map((v) => poison(v, payload, keys));
  if (value !== null && typeof value === 'object') {
    return Object.fromEntries(
      Object.entries(value).map(([k, v]) => [keys ? k + payload : k, poison(v, payload, keys)]),
    );
  }
  return value;
}

/** The fields whose values are free text (the others are the report's own shape). */
const FREE_TEXT_KEYS = new Set(['expected', 'actual', 'value', 'details', 'attributes']);

/** Poisons the free-text values of the report shape (and, with `enums`, its enums too). */
function poisonReport(value: unknown, payload: string, enums: boolean): unknown {
  if (typeof value === 'string') return value + payload;
  if (Array.isArray(value)) return value.map((v) => poisonReport(v, payload, enums));
  if (value === null || typeof value !== 'object') return value;
  const out: Record<string, unknown> = {};
  for (const [k, v] of Object.entries(value)) {
    if (FREE_TEXT_KEYS.has(k)) out[k] = poison(v, payload, true);
    else if (!enums && (k === 'status' || k === 'op' || k === 'schemaVersion')) out[k] = v;
    else if (enums && typeof v === 'number') out[k] = `${v}${payload}`;
    else out[k] = poisonReport(v, payload, enums);
  }
  return out;
}

/**
 * The sample report with `payload` appended to every string: addresses, ids, pointers (map
 * keys), values and their keys, error codes and messages, details, unmanaged fields, alerts,
 * states. With `enums`, also to statuses, ops and numbers, as an unvalidated JSON file could.
 */
export function hostileReport(payload: string, enums = false): DriftReport {
  const report = sampleReport();
  const first = report.resources[0]!;
  first.changes.push({
    op: 'replace',
    path: `/tags/${payload}`,
    expected: { [payload]: payload },
    actual: [payload],
    sensitive: false,
  });
  first.patch.push({ op: 'replace', path: `/tags/${payload}`, value: [payload] });
  first.notChecked = [`/policy/${payload}`];
  report.unmanaged[0]!.name = 'stray';
  report.unmanaged[0]!.importBlock = 'import {\n  to = aws_s3_bucket.stray\n  id = "stray"\n}';
  report.resources[3]!.deposed = 'dep';
  report.resources[3]!.source = 'envs/prod';
  return poisonReport(report, payload, enums) as DriftReport;
}
