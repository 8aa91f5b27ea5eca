/**
 * IP protocol spellings AWS and Terraform use interchangeably: numbers from the IANA table
 * and names, and `all`/`*` for "every protocol", which AWS stores as `-1`. One table for the
 * diff's `ip-protocol` comparator, the security group atoms and the AWS reader's alignment
 * of inline rules, so all three agree on which spellings are the same protocol.
 */
const PROTOCOL_ALIASES: Record<string, string> = {
  '6': 'tcp',
  '17': 'udp',
  '1': 'icmp',
  '58': 'icmpv6',
  '50': 'esp',
  '51': 'ah',
  all: '-1',
  '*': '-1',
};

/**
 * The canonical spelling of a protocol (`"6"` → `"tcp"`, `"all"` → `"-1"`).
 * @internal
 */
export function canonicalProtocol(text: string): string {
  const s = text.trim().toLowerCase();
  return PROTOCOL_ALIASES[s] ?? s;
}

/**
 * The canonical protocol of an attribute value; a missing protocol means every protocol.
 * @internal
 */
export function protocolOf(value: unknown): string {
  return typeof value === 'string' || typeof value === 'number'
    ? canonicalProtocol(String(value))
    : '-1';
}
