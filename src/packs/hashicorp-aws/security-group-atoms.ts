/**
 * Security group rules as atoms. AWS identifies one rule by its direction, protocol, port
 * range and a single source (a CIDR block, a prefix list, a group or the group itself), while
 * Terraform's inline `ingress`/`egress` elements bundle several sources sharing a protocol,
 * ports and description. A separate rule resource owns atoms, so an inline element may be
 * owned in part; these helpers split elements into atoms and take atoms out of them.
 */
import { canonicalCidr } from '../common/cidr.js';
import type { AtomCodec } from '../types.js';
import { protocolOf } from './ip-protocol.js';

type Attrs = Record<string, unknown>;

function portOf(value: unknown): string {
  if (typeof value === 'number') return String(value);
  if (typeof value !== 'string' || value.trim() === '') return '';
  const n = Number(value);
  return Number.isFinite(n) ? String(n) : value;
}

/** The protocol-and-ports part of an atom; ports mean nothing for protocol `-1`. */
function headerOf(protocol: unknown, from: unknown, to: unknown): string {
  const p = protocolOf(protocol);
  return p === '-1' ? '-1|*|*' : `${p}|${portOf(from)}|${portOf(to)}`;
}

function strings(value: unknown): string[] {
  if (typeof value === 'string') return value === '' ? [] : [value];
  return Array.isArray(value)
    ? value.filter((v): v is string => typeof v === 'string' && v !== '')
    : [];
}

/** A group reference, `sg-1` or `123456789012/sg-1` across accounts, by its group id. */
function groupSource(reference: string, ownGroup: string | undefined): string {
  const id = reference.slice(reference.lastIndexOf('/') + 1);
  return ownGroup !== undefined && id === ownGroup ? 'self' : `sg:${id}`;
}

const cidrSource = (value: string): string => `cidr:${canonicalCidr(value)}`;
const prefixListSource = (value: string): string => `pl:${value}`;

// Source lists of an inline element, with how each value becomes an atom source.
const INLINE_SOURCES: readonly [string, (value: string, group: string | undefined) => string][] = [
  ['cidr_blocks', cidrSource],
  ['ipv6_cidr_blocks', cidrSource],
  ['prefix_list_ids', prefixListSource],
  ['security_groups', groupSource],
];

/**
 * The atom keys (`protocol|from|to|source`, without direction) an `aws_security_group_rule`
 * owns.
 * @internal
 */
export function securityGroupRuleAtoms(rule: Attrs): string[] {
  const header = headerOf(rule.protocol, rule.from_port, rule.to_port);
  const group = typeof rule.security_group_id === 'string' ? rule.security_group_id : undefined;
  const sources = [
    ...strings(rule.cidr_blocks).map(cidrSource),
    ...strings(rule.ipv6_cidr_blocks).map(cidrSource),
    ...strings(rule.prefix_list_ids).map(prefixListSource),
    ...strings(rule.source_security_group_id).map((s) => groupSource(s, group)),
  ];
  if (rule.self === true) sources.push('self');
  return sources.map((s) => `${header}|${s}`);
}

/**
 * The atom key an `aws_vpc_security_group_ingress_rule` / `_egress_rule` owns (one source
 * each), or none when it names no source.
 * @internal
 */
export function vpcSecurityGroupRuleAtoms(rule: Attrs): string[] {
  const header = headerOf(rule.ip_protocol, rule.from_port, rule.to_port);
  const group = typeof rule.security_group_id === 'string' ? rule.security_group_id : undefined;
  const sources = [
    ...strings(rule.cidr_ipv4).map(cidrSource),
    ...strings(rule.cidr_ipv6).map(cidrSource),
    ...strings(rule.prefix_list_id).map(prefixListSource),
    ...strings(rule.referenced_security_group_id).map((s) => groupSource(s, group)),
  ];
  return sources.map((s) => `${header}|${s}`);
}

/**
 * Whether an inline element holds at least one atom in `owned`.
 * @internal
 */
function holdsOwnedAtom(element: Attrs, owned: ReadonlySet<string>, group?: string): boolean {
  const header = headerOf(element.protocol, element.from_port, element.to_port);
  if (element.self === true && owned.has(`${header}|self`)) return true;
  return INLINE_SOURCES.some(([field, source]) =>
    strings(element[field]).some((v) => owned.has(`${header}|${source(v, group)}`)),
  );
}

/**
 * The inline element with only the atoms `keep` accepts, or `null` when none is left. An
 * element whose sources are all kept comes back as it is.
 * @internal
 */
export function filterAtoms(
  element: Attrs,
  keep: (atom: string) => boolean,
  group?: string,
): Attrs | null {
  const header = headerOf(element.protocol, element.from_port, element.to_port);
  const out: Attrs = { ...element };
  let changed = false;
  let left = 0;
  for (const [field, source] of INLINE_SOURCES) {
    const value = element[field];
    if (!Array.isArray(value)) continue;
    const kept = value.filter(
      (v) => typeof v !== 'string' || keep(`${header}|${source(v, group)}`),
    );
    if (kept.length !== value.length) {
      out[field] = kept;
      changed = true;
    }
    left += kept.length;
  }
  if (element.self === true) {
    if (keep(`${header}|self`)) left++;
    else {
      out.self = false;
      changed = true;
    }
  }
  if (!changed) return element;
  return left > 0 ? out : null;
}

/**
 * A canonical key of an inline element: equal for elements the diff would find equal
 * (protocol aliases, numeric ports, canonical CIDRs, sources in any order).
 * @internal
 */
function inlineRuleKey(element: Attrs, group?: string): string {
  const sources = INLINE_SOURCES.map(([field, source]) =>
    strings(element[field])
      .map((v) => source(v, group))
      .sort(),
  );
  return JSON.stringify([
    headerOf(element.protocol, element.from_port, element.to_port),
    typeof element.description === 'string' ? element.description : '',
    element.self === true,
    sources,
  ]);
}

const NO_SOURCES = {
  cidr_blocks: [],
  ipv6_cidr_blocks: [],
  prefix_list_ids: [],
  security_groups: [],
};

function asArray(value: unknown): unknown[] {
  return Array.isArray(value) ? value : [];
}

/** `into` with the sources of `from` added. */
function mergeSources(into: Attrs, from: Attrs): Attrs {
  const out: Attrs = { ...into };
  for (const field of Object.keys(NO_SOURCES)) {
    const extra = asArray(from[field]);
    if (extra.length === 0) continue;
    const have = asArray(into[field]);
    out[field] = [...have, ...extra.filter((v) => !have.includes(v))];
  }
  if (from.self === true) out.self = true;
  return out;
}

/**
 * Inline `ingress`/`egress` elements as atoms (one source each), for the ownership of
 * `aws_security_group` rules by the separate rule resources.
 * @internal
 */
export const SECURITY_GROUP_RULE_ATOMS: AtomCodec = {
  holds: holdsOwnedAtom,
  filter: filterAtoms,
  key: inlineRuleKey,
  // AWS keeps the sources of one protocol, port range and description together.
  shapeKey: (element) => inlineRuleKey({ ...element, self: false, ...NO_SOURCES }),
  merge: mergeSources,
};
