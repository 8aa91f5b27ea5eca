/**
 * Semantic canonical form of AWS IAM policy documents, after hashicorp/awspolicyequivalence:
 * statement order does not matter, `"x"` ≡ `["x"]`, `Action`/`Resource` (and `Not*`) and
 * condition values are sets, `Effect` is case-insensitive, a bare account id is its
 * `arn:aws:iam::ID:root` principal, `true` ≡ `"true"`, and documents may arrive URL-encoded
 * (IAM's `GetRolePolicy`). Action names are folded to lower case because IAM matches them
 * case-insensitively. `Sid`, `Version` and `Id` must match exactly.
 */
import { canonicalStringify, parseJsonText } from '../../diff/canonical-json.js';

const ACCOUNT_ID = /^\d{12}$/;

function asStringSet(value: unknown, map?: (s: string) => string): string[] {
  const list = Array.isArray(value) ? value : [value];
  const out = new Set<string>();
  for (const item of list) {
    const s = typeof item === 'string' ? item : canonicalStringify(item);
    out.add(map === undefined ? s : map(s));
  }
  return [...out].sort();
}

function principalId(value: string): string {
  return ACCOUNT_ID.test(value) ? `arn:aws:iam::${value}:root` : value;
}

function canonicalPrincipal(value: unknown): unknown {
  if (value === '*') return { AWS: ['*'] };
  if (value === null || typeof value !== 'object' || Array.isArray(value)) return value;
  const out: Record<string, string[]> = {};
  for (const [kind, ids] of Object.entries(value as Record<string, unknown>)) {
    out[kind] = asStringSet(ids, kind === 'AWS' ? principalId : undefined);
  }
  return out;
}

function canonicalCondition(value: unknown): unknown {
  if (value === null || typeof value !== 'object' || Array.isArray(value)) return value;
  const out: Record<string, Record<string, string[]>> = {};
  for (const [operator, block] of Object.entries(value as Record<string, unknown>)) {
    if (block === null || typeof block !== 'object' || Array.isArray(block)) continue;
    const keys: Record<string, string[]> = {};
    for (const [key, values] of Object.entries(block as Record<string, unknown>)) {
      keys[key] = asStringSet(values);
    }
    out[operator] = keys;
  }
  return out;
}

function canonicalStatement(statement: unknown): string {
  if (statement === null || typeof statement !== 'object' || Array.isArray(statement)) {
    return canonicalStringify(statement);
  }
  const out: Record<string, unknown> = {};
  for (const [key, value] of Object.entries(statement as Record<string, unknown>)) {
    switch (key) {
      case 'Effect':
        out[key] = typeof value === 'string' ? value.toLowerCase() : value;
        break;
      case 'Action':
      case 'NotAction':
        out[key] = asStringSet(value, (s) => s.toLowerCase());
        break;
      case 'Resource':
      case 'NotResource':
        out[key] = asStringSet(value);
        break;
      case 'Principal':
      case 'NotPrincipal':
        out[key] = canonicalPrincipal(value);
        break;
      case 'Condition':
        out[key] = canonicalCondition(value);
        break;
      default:
        out[key] = value;
    }
  }
  return canonicalStringify(out);
}

function decodeDocument(text: string): unknown {
  const direct = parseJsonText(text);
  if (direct !== undefined) return direct;
  if (!text.includes('%')) return undefined;
  try {
    return parseJsonText(decodeURIComponent(text));
  } catch {
    return undefined;
  }
}

/**
 * The canonical text of a policy document, or `null` when the string is not a policy.
 * `""` and `"{}"` are the same empty policy.
 * @internal
 */
export function canonicalPolicy(text: string): string | null {
  if (text.trim() === '') return '{}';
  const doc = decodeDocument(text);
  if (doc === undefined) return null;
  if (doc === null || typeof doc !== 'object' || Array.isArray(doc)) return canonicalStringify(doc);
  const out: Record<string, unknown> = {};
  for (const [key, value] of Object.entries(doc as Record<string, unknown>)) {
    if (key === 'Statement') {
      const list = Array.isArray(value) ? value : [value];
      out[key] = [...new Set(list.map(canonicalStatement))].sort();
    } else {
      out[key] = value;
    }
  }
  return canonicalStringify(out);
}
