/**
 * One pass over a parsed document that guards everything downstream: it finds nesting deeper
 * than the limit (recursive consumers such as the differ would overflow the stack on it,
 * even though `JSON.parse` itself copes) and numbers that `JSON.parse` may have rounded
 * (magnitude ≥ 2^53, the only ones an unsafe integer literal can produce).
 */
import { pointerFromTokens } from './json-pointer.js';

/** The deepest nesting of objects and arrays a state may have. @internal */
export const MAX_DEPTH = 1000;

const UNSAFE = 9007199254740992; // 2^53

/** What {@link inspectDocument} found. @internal */
export type DocumentFinding =
  | { kind: 'ok' }
  | { kind: 'too-deep'; pointer: string }
  | { kind: 'unsafe-number'; pointer: string };

type Found = { kind: 'too-deep' | 'unsafe-number'; tokens: string[] } | undefined;

function walk(value: object, depthLeft: number): Found {
  if (depthLeft === 0) return { kind: 'too-deep', tokens: [] };
  if (Array.isArray(value)) {
    for (let i = 0; i < value.length; i++) {
      const found = visit(value[i], depthLeft);
      if (found !== undefined) {
        found.tokens.push(String(i));
        return found;
      }
    }
    return undefined;
  }
  for (const key in value) {
    const found = visit((value as Record<string, unknown>)[key], depthLeft);
    if (found !== undefined) {
      found.tokens.push(key);
      return found;
    }
  }
  return undefined;
}

function visit(child: unknown, depthLeft: number): Found {
  if (typeof child === 'object') {
    return child === null ? undefined : walk(child, depthLeft - 1);
  }
  if (typeof child === 'number' && (child >= UNSAFE || child <= -UNSAFE)) {
    return { kind: 'unsafe-number', tokens: [] };
  }
  return undefined;
}

/**
 * Reports the first spot that is too deep or holds a possibly rounded number. The recursion
 * is bounded by `maxDepth`, so this never overflows.
 * @internal
 */
export function inspectDocument(document: unknown, maxDepth = MAX_DEPTH): DocumentFinding {
  const found = visit(document, maxDepth + 1);
  if (found === undefined) return { kind: 'ok' };
  return { kind: found.kind, pointer: pointerFromTokens(found.tokens.reverse()) };
}
