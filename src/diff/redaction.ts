/**
 * Decides which changes are secret and redacts their values. Sources: the state's sensitive
 * paths, the rules' `sensitive` globs, and well-known secret attribute names.
 */
import { escapeToken, splitPointer } from './json-pointer.js';
import { setOwn } from '../shared/set-own.js';
import type { RuleNode } from './rule-node.js';
import { isSecretName } from './secret-names.js';

/** What replaces a secret value in a patch or a change. @internal */
export const REDACTED = '(sensitive)';

interface PathTrie {
  end: boolean;
  children: Map<string, PathTrie>;
}

function buildTrie(pointers: readonly string[]): PathTrie {
  const root: PathTrie = { end: false, children: new Map() };
  for (const pointer of pointers) {
    let node = root;
    for (const token of splitPointer(pointer)) {
      let next = node.children.get(token);
      if (next === undefined) {
        next = { end: false, children: new Map() };
        node.children.set(token, next);
      }
      node = next;
    }
    node.end = true;
  }
  return root;
}

/**
 * Redacts values at sensitive places of one resource.
 * @internal
 */
export class Redactor {
  private readonly trie: PathTrie | null;

  /**
   * @param sensitivePaths - JSON Pointers of the state's sensitive values.
   * @param reveal - Only mark secrets (`sensitive: true`), leaving the values visible.
   */
  constructor(
    sensitivePaths: readonly string[],
    private readonly reveal = false,
  ) {
    this.trie = sensitivePaths.length === 0 ? null : buildTrie(sensitivePaths);
  }

  /**
   * Redacts `value` found at `tokens` (escaped pointer tokens). Returns the value to show
   * and whether anything was secret.
   */
  redact(
    value: unknown,
    tokens: readonly string[],
    node: RuleNode | null,
  ): { value: unknown; sensitive: boolean } {
    const result = this.judge(value, tokens, node);
    return this.reveal && result.sensitive ? { value, sensitive: true } : result;
  }

  private judge(
    value: unknown,
    tokens: readonly string[],
    node: RuleNode | null,
  ): { value: unknown; sensitive: boolean } {
    if (node !== null && node.sensitive) return { value: REDACTED, sensitive: true };
    let trie = this.trie;
    for (const token of tokens) {
      if (isSecretName(token)) return { value: REDACTED, sensitive: true };
      if (trie !== null) {
        if (trie.end) return { value: REDACTED, sensitive: true };
        trie = trie.children.get(token) ?? null;
      }
    }
    if (trie !== null && trie.end) return { value: REDACTED, sensitive: true };
    if (value === null || typeof value !== 'object') return { value, sensitive: false };
    const inner = redactInside(value, node, trie);
    return { value: inner, sensitive: inner !== value };
  }
}

function redactInside(value: unknown, node: RuleNode | null, trie: PathTrie | null): unknown {
  if (value === null || typeof value !== 'object') return value;
  if (Array.isArray(value)) {
    let out: unknown[] | null = null;
    for (let i = 0; i < value.length; i++) {
      const childTrie = trie === null ? null : (trie.children.get(String(i)) ?? null);
      const childNode = node === null ? null : node.element(i);
      const item: unknown = value[i];
      const next =
        childTrie?.end === true || childNode?.sensitive === true
          ? REDACTED
          : redactInside(item, childNode, childTrie);
      if (next !== item && out === null) out = value.slice();
      if (out !== null) out[i] = next;
    }
    return out ?? value;
  }
  const record = value as Record<string, unknown>;
  let out: Record<string, unknown> | null = null;
  const keys = Object.keys(record);
  for (let i = 0; i < keys.length; i++) {
    const key = keys[i] as string;
    const childTrie = trie === null ? null : (trie.children.get(escapeToken(key)) ?? null);
    const childNode = node === null ? null : node.child(key);
    const member = record[key];
    const next =
      isSecretName(key) || childTrie?.end === true || childNode?.sensitive === true
        ? REDACTED
        : redactInside(member, childNode, childTrie);
    if (next !== member && out === null) {
      out = {};
      for (let j = 0; j < i; j++) setOwn(out, keys[j] as string, record[keys[j] as string]);
    }
    if (out !== null) setOwn(out, key, next);
  }
  return out ?? value;
}
