/**
 * Compiles the pointer globs of one resource type's rules into a lazily built deterministic
 * automaton. The differ walks values and rule nodes side by side: `node.child(key)` is a map
 * lookup, and `null` means "no rule applies anywhere below", which lets the differ run its
 * plain structural fast path on rule-free subtrees.
 */
import { InvalidOptionError } from '../errors.js';
import type { Comparator } from '../packs/types.js';
import { unescapeToken } from './json-pointer.js';
import type { ScalarType, TypeRules } from './types.js';
import { compileStringGlob } from './wildcard.js';

/** Leaf normalizations, as bit flags on a {@link RuleNode}. @internal */
export const LeafFlag = {
  json: 1,
  /** A comparator with `document: true` applies. */
  document: 2,
  caseInsensitive: 4,
  trailingDot: 8,
  /** A named comparator applies (see {@link RuleNode.comparator}). */
  compare: 16,
  timestamp: 64,
} as const;

type PatternRule =
  | { kind: 'skip' }
  | { kind: 'set' }
  | { kind: 'keyed'; key: string }
  | { kind: 'leaf'; flag: number }
  | { kind: 'coerce'; type: ScalarType }
  | { kind: 'emptyNull' }
  | { kind: 'default'; value: unknown }
  | { kind: 'writeOnly' }
  | { kind: 'sensitive' }
  | { kind: 'compare'; comparator: Comparator }
  | { kind: 'reserved'; prefixes: readonly string[] };

type Segment =
  | { t: 'lit'; v: string }
  | { t: 'any' }
  | { t: 'many' }
  | { t: 'glob'; v: (key: string) => boolean };

interface Pattern {
  segs: Segment[];
  rule: PatternRule;
}

const MEMO_LIMIT = 4096;

function compileSegment(token: string): Segment {
  if (token === '**') return { t: 'many' };
  if (token === '*') return { t: 'any' };
  if (token.includes('*')) return { t: 'glob', v: compileStringGlob(unescapeToken(token)) };
  return { t: 'lit', v: unescapeToken(token) };
}

function compilePattern(glob: string, rule: PatternRule): Pattern {
  const tokens = glob === '' || glob === '/' ? [] : glob.replace(/^\//, '').split('/');
  return { segs: tokens.map(compileSegment), rule };
}

/** No comparators: rules that name one fail to compile. */
const NO_COMPARATORS: ReadonlyMap<string, Comparator> = new Map();

function comparatorOf(
  comparators: ReadonlyMap<string, Comparator>,
  name: string,
  glob: string,
): Comparator {
  const found = comparators.get(name);
  if (found === undefined) {
    throw new InvalidOptionError(
      `No comparator is named ${JSON.stringify(name)} (rule compare ${JSON.stringify(glob)}): pass the pack that defines it`,
      { option: '/rules', issues: [{ path: `/compare/${glob}`, message: 'unknown comparator' }] },
    );
  }
  return found;
}

/** Turns TypeRules into flat patterns. `extraSkip` are ignore globs for one resource. */
function patternsOf(
  rules: TypeRules,
  extraSkip: readonly string[],
  comparators: ReadonlyMap<string, Comparator>,
): Pattern[] {
  const out: Pattern[] = [];
  const add = (globs: readonly string[] | undefined, rule: PatternRule): void => {
    for (const g of globs ?? []) out.push(compilePattern(g, rule));
  };
  add(rules.computed, { kind: 'skip' });
  add(extraSkip, { kind: 'skip' });
  add(rules.sets, { kind: 'set' });
  for (const [g, key] of Object.entries(rules.keyedLists ?? {})) add([g], { kind: 'keyed', key });
  add(rules.json, { kind: 'leaf', flag: LeafFlag.json });
  add(rules.caseInsensitive, { kind: 'leaf', flag: LeafFlag.caseInsensitive });
  add(rules.trailingDot, { kind: 'leaf', flag: LeafFlag.trailingDot });
  add(rules.timestamps, { kind: 'leaf', flag: LeafFlag.timestamp });
  for (const [g, name] of Object.entries(rules.compare ?? {})) {
    add([g], { kind: 'compare', comparator: comparatorOf(comparators, name, g) });
  }
  for (const [g, type] of Object.entries(rules.coerce ?? {})) add([g], { kind: 'coerce', type });
  if (Array.isArray(rules.emptyEqualsNull)) add(rules.emptyEqualsNull, { kind: 'emptyNull' });
  for (const [g, value] of Object.entries(rules.defaults ?? {}))
    add([g], { kind: 'default', value });
  add(rules.writeOnly, { kind: 'writeOnly' });
  // A secret's descendants are secret too.
  add(
    (rules.sensitive ?? []).map((g) => (g.endsWith('/**') ? g : `${g}/**`)),
    { kind: 'sensitive' },
  );
  for (const [g, prefixes] of Object.entries(rules.reservedKeys ?? {})) {
    add([g], { kind: 'reserved', prefixes });
  }
  return out;
}

/**
 * The automaton of one resource type (plus, optionally, one set of ignore globs).
 * @internal
 */
export class RuleAutomaton {
  /** `emptyEqualsNull: true`: null ≡ absent ≡ empty everywhere. */
  readonly emptyNullEverywhere: boolean;
  /** The node for the resource's root, or `null` when no rule applies at all. */
  readonly root: RuleNode | null;
  private readonly patterns: Pattern[];
  /** A position is `pattern index * shift + segment index`; longer than every pattern. */
  private readonly shift: number;
  private readonly nodes = new Map<string, RuleNode | null>();

  constructor(
    rules: TypeRules,
    extraSkip: readonly string[] = [],
    comparators: ReadonlyMap<string, Comparator> = NO_COMPARATORS,
  ) {
    this.emptyNullEverywhere = rules.emptyEqualsNull === true;
    this.patterns = patternsOf(rules, extraSkip, comparators);
    this.shift = this.patterns.reduce((most, p) => Math.max(most, p.segs.length + 1), 1);
    this.root = this.nodeFor(this.closure(this.patterns.map((_, p) => p * this.shift)));
  }

  /** Adds the positions reachable without consuming a token (`**` matching nothing). */
  private closure(positions: number[]): number[] {
    const seen = new Set<number>();
    const stack = [...positions];
    while (stack.length > 0) {
      const pos = stack.pop() as number;
      if (seen.has(pos)) continue;
      seen.add(pos);
      const seg = this.segmentAt(pos);
      if (seg?.t === 'many') stack.push(pos + 1);
    }
    return [...seen].sort((x, y) => x - y);
  }

  private segmentAt(pos: number): Segment | undefined {
    return this.patterns[Math.floor(pos / this.shift)]?.segs[pos % this.shift];
  }

  /** @internal */
  step(positions: readonly number[], key: string): RuleNode | null {
    const next: number[] = [];
    for (const pos of positions) {
      const seg = this.segmentAt(pos);
      if (seg === undefined) continue;
      if (seg.t === 'many') next.push(pos);
      else if (seg.t === 'any') next.push(pos + 1);
      else if (seg.t === 'lit' ? seg.v === key : seg.v(key)) next.push(pos + 1);
    }
    return next.length === 0 ? null : this.nodeFor(this.closure(next));
  }

  private nodeFor(positions: number[]): RuleNode | null {
    if (positions.length === 0) return null;
    const id = positions.join(',');
    let node = this.nodes.get(id);
    if (node === undefined) {
      node = new RuleNode(this, positions);
      this.nodes.set(id, node);
      node.init(positions.map((pos) => this.describe(pos)));
    }
    return node;
  }

  private describe(pos: number): PositionInfo {
    const pattern = this.patterns[Math.floor(pos / this.shift)] as Pattern;
    const seg = pattern.segs[pos % this.shift];
    return { rule: pattern.rule, final: seg === undefined, next: seg };
  }
}

interface PositionInfo {
  rule: PatternRule;
  final: boolean;
  next: Segment | undefined;
}

/**
 * The rules that apply at one place in a resource's attributes.
 * @internal
 */
export class RuleNode {
  /** Computed, volatile or ignored: never compared. */
  skip = false;
  /** An unordered array. */
  set = false;
  /** A list matched by this element field. */
  keyField: string | null = null;
  /** {@link LeafFlag} bits. */
  leaf = 0;
  /** Scalar coercion. */
  coerce: ScalarType | null = null;
  /** null ≡ absent ≡ empty here. */
  emptyNull = false;
  /** Whether a default applies. */
  hasDefault = false;
  /** The default value. */
  defaultValue: unknown = undefined;
  /** Never returned by the API. */
  writeOnly = false;
  /** Holds a secret. */
  sensitive = false;
  /** Some descendant holds a secret. */
  sensitiveBelow = false;
  /** Some descendant is skipped (so containers may be emptied by pruning). */
  skipBelow = false;
  /** The comparator of a `compare` rule (the last one when several match). */
  comparator: Comparator | null = null;
  /** Key prefixes dropped from this map (`reservedKeys`), or `null`. */
  reserved: readonly string[] | null = null;
  private literals: Set<string> | null = null;
  private partial = false;
  private numeric = false;
  private readonly memo = new Map<string, RuleNode | null>();
  private otherNode: RuleNode | null | undefined = undefined;

  constructor(
    private readonly automaton: RuleAutomaton,
    private readonly positions: readonly number[],
  ) {}

  /** @internal */
  init(infos: readonly PositionInfo[]): void {
    for (const info of infos) {
      const { rule } = info;
      if (!info.final) {
        if (rule.kind === 'skip' || rule.kind === 'reserved') this.skipBelow = true;
        if (rule.kind === 'sensitive') this.sensitiveBelow = true;
        const seg = info.next;
        if (seg?.t === 'lit') {
          (this.literals ??= new Set()).add(seg.v);
          if (/^\d+$/.test(seg.v)) this.numeric = true;
        } else if (seg?.t === 'glob') this.partial = true;
        continue;
      }
      switch (rule.kind) {
        case 'skip':
          this.skip = true;
          break;
        case 'set':
          this.set = true;
          break;
        case 'keyed':
          this.keyField = rule.key;
          break;
        case 'leaf':
          this.leaf |= rule.flag;
          break;
        case 'coerce':
          this.coerce = rule.type;
          break;
        case 'emptyNull':
          this.emptyNull = true;
          break;
        case 'default':
          this.hasDefault = true;
          this.defaultValue = rule.value;
          break;
        case 'writeOnly':
          this.writeOnly = true;
          break;
        case 'sensitive':
          this.sensitive = true;
          break;
        case 'compare':
          this.comparator = rule.comparator;
          this.leaf =
            (this.leaf & ~(LeafFlag.document | LeafFlag.compare)) |
            (rule.comparator.document === true ? LeafFlag.document : LeafFlag.compare);
          break;
        case 'reserved':
          this.reserved = [...(this.reserved ?? []), ...rule.prefixes];
          this.skipBelow = true;
          break;
      }
    }
  }

  /** The node of member `key` (an unescaped object key or array index). */
  child(key: string): RuleNode | null {
    const known = this.memo.get(key);
    if (known !== undefined) return known;
    if (this.reserved !== null && this.reserved.some((p) => key.startsWith(p))) return SKIP_NODE;
    let c: RuleNode | null;
    if (this.partial || this.literals?.has(key) === true) {
      c = this.automaton.step(this.positions, key);
    } else {
      c = this.other();
    }
    if (this.memo.size < MEMO_LIMIT) this.memo.set(key, c);
    return c;
  }

  /** Whether element rules depend on the index (a numeric or partial segment follows). */
  get positional(): boolean {
    return this.numeric || this.partial;
  }

  /** The node of array element `index`. */
  element(index: number): RuleNode | null {
    return this.numeric || this.partial ? this.child(String(index)) : this.other();
  }

  private other(): RuleNode | null {
    if (this.otherNode === undefined) {
      // A key no literal mentions: only `*` and `**` segments advance.
      this.otherNode = this.automaton.step(this.positions, '\u0000*other*');
    }
    return this.otherNode;
  }
}

/** The node for dropped members (reserved map keys). @internal */
const SKIP_NODE: RuleNode = (() => {
  const automaton = new RuleAutomaton({});
  const node = new RuleNode(automaton, []);
  node.skip = true;
  return node;
})();
