/**
 * Suggested Terraform `import` blocks for unmanaged resources.
 */

/** A Terraform identifier made from a display name or id: `[a-z0-9_]`, starting with a letter. @internal */
export function suggestName(name: string | undefined, id: string): string {
  const base = (name !== undefined && name.trim() !== '' ? name : id)
    .toLowerCase()
    .replace(/[^a-z0-9_]+/g, '_')
    .replace(/^_+|_+$/g, '')
    .replace(/_+/g, '_');
  if (base === '') return 'imported';
  return /^[a-z_]/.test(base) ? base : `r_${base}`;
}

/** An HCL quoted string: backslashes, quotes and template sequences escaped. @internal */
export function hclString(value: string): string {
  const escaped = value
    .replace(/\\/g, '\\\\')
    .replace(/"/g, '\\"')
    .replace(/\n/g, '\\n')
    .replace(/\r/g, '\\r')
    .replace(/\t/g, '\\t')
    .replace(/\$\{/g, () => '$${')
    .replace(/%\{/g, '%%{');
  return `"${escaped}"`;
}

/**
 * The `import` block that brings a live object under management, e.g.
 * `import {\n  to = aws_s3_bucket.logs\n  id = "logs"\n}`.
 * @internal
 */
export function importBlock(type: string, name: string, id: string): string {
  return `import {\n  to = ${type}.${name}\n  id = ${hclString(id)}\n}`;
}
