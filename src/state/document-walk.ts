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
type DocumentFinding =
  | { kind: 'ok' }
  | { kind: 'too-deep'; pointer: string }
  | { kind: 'unsafe-number'; pointer: string };

type Found = { kind: 'too-deep' | 'unsafe-number'; tokens: string[] } | undefined;

// The checks are written out in both loops (no helper per value): this walk visits every
// value of a state that may be hundreds of megabytes, and a call per value is measurable.
function walk(value: object, depthLeft: number): Found {
  if (depthLeft === 0) return { kind: 'too-deep', tokens: [] };
  if (Array.isArray(value)) {
    for (let i = 0; i < value.length; i++) {
      const child: unknown = value[i];
      let found: Found;
      if (typeof child === 'object') {
        if (child !== null) found = walk(child, depthLeft - 1);
      } else if (typeof child === 'number' && (child >= UNSAFE || child <= -UNSAFE)) {
        found = { kind: 'unsafe-number', tokens: [] };
      }
      if (found !== undefined) {
        found.tokens.push(String(i));
        return found;
      }
    }
    return undefined;
  }
  for (const key in value) {
    const child = (value as Record<string, unknown>)[key];
    let found: Found;
    if (typeof child === 'object') {
      if (child !== null) found = walk(child, depthLeft - 1);
    } else if (typeof child === 'number' && (child >= UNSAFE || child <= -UNSAFE)) {
      found = { kind: 'unsafe-number', tokens: [] };
    }
    if (found !== undefined) {
      found.tokens.push(key);
      return found;
    }
  }
  return undefined;
}

/**
 * Reports the first spot that is too deep or holds a possibly rounded number. The recursion
 * is bounded by `maxDepth`, so this never overflows.
 * @internal
 */
export function inspectDocument(document: unknown, maxDepth = MAX_DEPTH): DocumentFinding {
  let found: Found;
  if (typeof document === 'object' && document !== null) found = walk(document, maxDepth + 1);
  else if (typeof document === 'number' && (document >= UNSAFE || document <= -UNSAFE)) {
    found = { kind: 'unsafe-number', tokens: [] };
  }
  if (found === undefined) return { kind: 'ok' };
  return { kind: found.kind, pointer: pointerFromTokens(found.tokens.reverse()) };
}
