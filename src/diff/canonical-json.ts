/**
 * A canonical JSON text: object keys sorted, no whitespace. Two JSON documents are
 * structurally equal exactly when their canonical texts are equal.
 */

/**
 * Serializes a JSON value with sorted object keys.
 * @internal
 */
export function canonicalStringify(value: unknown): string {
  if (value === null || typeof value !== 'object') {
    if (typeof value === 'bigint') return value.toString();
    if (typeof value === 'number') return Number.isFinite(value) ? String(value) : 'null';
    return value === undefined ? 'null' : JSON.stringify(value);
  }
  if (Array.isArray(value)) return `[${value.map(canonicalStringify).join(',')}]`;
  const record = value as Record<string, unknown>;
  const parts: string[] = [];
  for (const key of Object.keys(record).sort()) {
    const member = record[key];
    if (member !== undefined) parts.push(`${JSON.stringify(key)}:${canonicalStringify(member)}`);
  }
  return `{${parts.join(',')}}`;
}

/**
 * Parses a JSON-in-string attribute; `undefined` when the text is not JSON.
 * @internal
 */
export function parseJsonText(text: string): unknown {
  try {
    return JSON.parse(text) as unknown;
  } catch {
    return undefined;
  }
}

/**
 * The canonical text of a JSON-in-string attribute, or `null` when it is not JSON.
 * @internal
 */
export function canonicalJsonText(text: string): string | null {
  const parsed = parseJsonText(text);
  return parsed === undefined ? null : canonicalStringify(parsed);
}
