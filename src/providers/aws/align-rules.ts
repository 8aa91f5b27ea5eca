/**
 * Terraform reads inline security group rules *against the prior state*: the same AWS
 * permissions can be written as one rule with three sources or three rules with one source
 * each, and the provider keeps whichever split the state has (its `matchRules`). Doing the
 * same here keeps an unchanged group in-sync whatever its split, while any added or removed
 * source still shows as a difference. Protocols are compared in the hashicorp/aws pack's
 * spelling (`6` ≡ `tcp`), the one the diff uses.
 */
import { protocolOf } from '../../packs/hashicorp-aws/ip-protocol.js';

/** One rule in Terraform's inline `ingress`/`egress` shape. @internal */
export interface InlineRule {
  cidr_blocks: string[];
  description: string;
  from_port: number;
  ipv6_cidr_blocks: string[];
  prefix_list_ids: string[];
  protocol: string;
  security_groups: string[];
  self: boolean;
  to_port: number;
}

const SOURCE_LISTS = [
  'cidr_blocks',
  'ipv6_cidr_blocks',
  'prefix_list_ids',
  'security_groups',
] as const;

/** What a rule applies to, without its sources: protocol, ports and description. */
function headerKey(rule: {
  protocol?: unknown;
  from_port?: unknown;
  to_port?: unknown;
  description?: unknown;
}): string {
  const protocol = protocolOf(rule.protocol);
  const ports =
    protocol === '-1' ? '' : `${Number(rule.from_port ?? 0)}:${Number(rule.to_port ?? 0)}`;
  const description = typeof rule.description === 'string' ? rule.description : '';
  return `${protocol}|${ports}|${description}`;
}

/** Live sources by rule header, as consumable sets. */
type Pool = Map<
  string,
  { rule: InlineRule; sources: Record<(typeof SOURCE_LISTS)[number], Set<string>>; self: boolean }
>;

function poolOf(live: readonly InlineRule[]): Pool {
  const pool: Pool = new Map();
  for (const rule of live) {
    const key = headerKey(rule);
    const entry = pool.get(key) ?? {
      rule,
      sources: {
        cidr_blocks: new Set(),
        ipv6_cidr_blocks: new Set(),
        prefix_list_ids: new Set(),
        security_groups: new Set(),
      },
      self: false,
    };
    for (const list of SOURCE_LISTS) for (const value of rule[list]) entry.sources[list].add(value);
    entry.self ||= rule.self;
    pool.set(key, entry);
  }
  return pool;
}

const stringList = (value: unknown): string[] =>
  Array.isArray(value) ? value.filter((v): v is string => typeof v === 'string') : [];

/**
 * Reshapes live rules like the state's: every state rule whose sources all still exist comes
 * back exactly as the state wrote it; the live sources left over are grouped per protocol,
 * ports and description (AWS's own grouping) and appended. Without a prior state, the live
 * rules are returned as they are.
 * @internal
 */
export function alignRules(live: readonly InlineRule[], prior: unknown): InlineRule[] {
  if (!Array.isArray(prior) || prior.length === 0) return [...live];
  const pool = poolOf(live);
  const out: InlineRule[] = [];
  for (const candidate of prior as Record<string, unknown>[]) {
    if (typeof candidate !== 'object' || candidate === null) continue;
    const entry = pool.get(headerKey(candidate));
    if (entry === undefined) continue;
    const wanted = Object.fromEntries(
      SOURCE_LISTS.map((list) => [list, stringList(candidate[list])]),
    ) as Record<(typeof SOURCE_LISTS)[number], string[]>;
    const wantsSelf = candidate.self === true;
    const present =
      SOURCE_LISTS.every((list) => wanted[list].every((value) => entry.sources[list].has(value))) &&
      (!wantsSelf || entry.self);
    const empty = SOURCE_LISTS.every((list) => wanted[list].length === 0) && !wantsSelf;
    if (!present || empty) continue;
    for (const list of SOURCE_LISTS)
      for (const value of wanted[list]) entry.sources[list].delete(value);
    if (wantsSelf) entry.self = false;
    out.push({
      ...entry.rule,
      ...Object.fromEntries(SOURCE_LISTS.map((list) => [list, [...wanted[list]].sort()])),
      self: wantsSelf,
    });
  }
  for (const entry of pool.values()) {
    const left = SOURCE_LISTS.some((list) => entry.sources[list].size > 0) || entry.self;
    if (!left) continue;
    out.push({
      ...entry.rule,
      ...Object.fromEntries(SOURCE_LISTS.map((list) => [list, [...entry.sources[list]].sort()])),
      self: entry.self,
    });
  }
  return out;
}
