/**
 * Where a resource is declared, for formats that point at code (SARIF). Locations come from an
 * explicit map or from a parsed configuration whose declared resources carry a file and line.
 */
import type { FormatReportOptions, SourceLocation } from './format-report.js';

/** `module.a["x"].aws_s3_bucket.b[0]` → `module.a.aws_s3_bucket.b`: how configuration declares it. */
export function declaredAddress(address: string): string {
  return address.replace(/\[(?:"(?:[^"\\]|\\.)*"|\d+)\]/g, '');
}

/** A file/line pair read from a declared resource, whatever shape the configuration gives it. */
function locationOf(declared: Record<string, unknown>): SourceLocation | undefined {
  const nested = [declared, declared.location, declared.range, declared.source].find(
    (o): o is Record<string, unknown> =>
      typeof o === 'object' && o !== null && typeof (o as { file?: unknown }).file === 'string',
  );
  if (nested === undefined) return undefined;
  const start = nested.start as { line?: unknown } | undefined;
  const line = typeof nested.line === 'number' ? nested.line : start?.line;
  return { file: nested.file as string, ...(typeof line === 'number' ? { line } : {}) };
}

/** Declared resources with a location, from a parsed configuration (by declared address). */
function configLocations(config: unknown): Map<string, SourceLocation> {
  const found = new Map<string, SourceLocation>();
  const resources = (config as { resources?: unknown } | undefined)?.resources;
  const list = Array.isArray(resources)
    ? resources
    : resources !== null && typeof resources === 'object'
      ? Object.values(resources)
      : [];
  for (const item of list) {
    if (item === null || typeof item !== 'object') continue;
    const declared = item as Record<string, unknown>;
    const location = locationOf(declared);
    if (typeof declared.address === 'string' && location !== undefined) {
      found.set(declaredAddress(declared.address), location);
    }
  }
  return found;
}

/**
 * A lookup from instance address to declaration: the `locations` option first (exact, then
 * without index keys), then the configuration. @internal
 */
export function locationLookup(
  options: Pick<FormatReportOptions, 'locations' | 'config'>,
): (address: string) => SourceLocation | undefined {
  const explicit = options.locations ?? {};
  const fromConfig = configLocations(options.config);
  return (address) => {
    const declared = declaredAddress(address);
    return explicit[address] ?? explicit[declared] ?? fromConfig.get(declared);
  };
}
