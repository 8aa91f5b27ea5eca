/**
 * Canonical spellings of IP addresses and CIDR blocks, so `2001:0DB8:0000::/32` and
 * `2001:db8::/32` compare equal. Host bits are kept: `10.0.0.1/8` is not `10.0.0.0/8`,
 * because the provider stores what it was given and a change there is a real change.
 */

function canonicalIpv4(address: string): string | null {
  const parts = address.split('.');
  if (parts.length !== 4) return null;
  const octets: number[] = [];
  for (const part of parts) {
    if (!/^\d{1,3}$/.test(part)) return null;
    const n = Number(part);
    if (n > 255) return null;
    octets.push(n);
  }
  return octets.join('.');
}

function parseIpv6Groups(address: string): number[] | null {
  let text = address.toLowerCase();
  const zone = text.indexOf('%');
  if (zone !== -1) text = text.slice(0, zone);
  const tail: number[] = [];
  // An embedded IPv4 tail (`::ffff:10.0.0.1`) counts as two groups.
  const lastColon = text.lastIndexOf(':');
  const last = text.slice(lastColon + 1);
  if (last.includes('.')) {
    const v4 = canonicalIpv4(last);
    if (v4 === null) return null;
    const o = v4.split('.').map(Number) as [number, number, number, number];
    tail.push(o[0] * 256 + o[1], o[2] * 256 + o[3]);
    text = text.slice(0, lastColon + 1);
    if (!text.endsWith('::')) text = text.slice(0, -1);
  }
  const halves = text.split('::');
  if (halves.length > 2) return null;
  const parse = (s: string): number[] | null => {
    if (s === '') return [];
    const out: number[] = [];
    for (const g of s.split(':')) {
      if (!/^[0-9a-f]{1,4}$/.test(g)) return null;
      out.push(parseInt(g, 16));
    }
    return out;
  };
  const head = parse(halves[0] ?? '');
  const rest = halves.length === 2 ? parse(halves[1] ?? '') : [];
  if (head === null || rest === null) return null;
  const total = head.length + rest.length + tail.length;
  if (halves.length === 1) return total === 8 ? [...head, ...tail] : null;
  if (total > 7) return null;
  return [...head, ...new Array<number>(8 - total).fill(0), ...rest, ...tail];
}

function formatIpv6(groups: readonly number[]): string {
  // RFC 5952: the longest run (first on a tie) of two or more zero groups becomes `::`.
  let bestStart = -1;
  let bestLength = 1;
  for (let i = 0; i < 8;) {
    if (groups[i] !== 0) {
      i++;
      continue;
    }
    let j = i;
    while (j < 8 && groups[j] === 0) j++;
    if (j - i > bestLength) {
      bestStart = i;
      bestLength = j - i;
    }
    i = j;
  }
  const hex = groups.map((g) => g.toString(16));
  if (bestStart === -1) return hex.join(':');
  return `${hex.slice(0, bestStart).join(':')}::${hex.slice(bestStart + bestLength).join(':')}`;
}

const CANONICAL_IPV4_CIDR =
  /^(?:(?:25[0-5]|2[0-4]\d|1\d\d|[1-9]?\d)\.){3}(?:25[0-5]|2[0-4]\d|1\d\d|[1-9]?\d)(?:\/(?:3[0-2]|[12]?\d))?$/;

/**
 * The canonical form of an IP address or CIDR block; any other string comes back trimmed.
 * @internal
 */
export function canonicalCidr(value: string): string {
  // The common case, already canonical: no splitting.
  if (CANONICAL_IPV4_CIDR.test(value)) return value;
  const text = value.trim();
  const slash = text.indexOf('/');
  const address = slash === -1 ? text : text.slice(0, slash);
  const prefix = slash === -1 ? null : text.slice(slash + 1);
  if (prefix !== null && !/^\d{1,3}$/.test(prefix)) return text;
  const suffix = prefix === null ? '' : `/${Number(prefix)}`;
  if (address.includes(':')) {
    const groups = parseIpv6Groups(address);
    return groups === null ? text : formatIpv6(groups) + suffix;
  }
  const v4 = canonicalIpv4(address);
  return v4 === null ? text : v4 + suffix;
}
