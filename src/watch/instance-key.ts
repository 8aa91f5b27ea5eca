/**
 * The identity of a watched instance across scans, re-checks and restarts: its state source
 * (only when several states are watched, as reports carry it), its address and deposed key.
 */

/** What identifies an instance or its report. */
interface Identified {
  address: string;
  deposed?: string;
  source?: string;
}

/** The key of an instance or of its report (both carry `source` only when several states are scanned). @internal */
export function instanceKey(item: Identified): string {
  const source = item.source === undefined ? '' : `${item.source}|`;
  const deposed = item.deposed === undefined ? '' : `#deposed:${item.deposed}`;
  return `${source}${item.address}${deposed}`;
}

/** The key of an unmanaged live object. @internal */
export function unmanagedKey(type: string, id: string): string {
  return `unmanaged:${type}:${id}`;
}
