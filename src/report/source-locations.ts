/**
 * Where a resource is declared, for formats that point at code (SARIF). Locations come from an
 * explicit map or from a parsed configuration whose declared resources carry a file and line.
 */
import { isAbsolute, posix } from 'node:path';
import type { TerraformConfig } from '../config/parse-config.js';
import type { FormatReportOptions, SourceLocation } from './format-options.js';

/** `module.a["x"].aws_s3_bucket.b[0]` → `module.a.aws_s3_bucket.b`: how configuration declares it. */
function declaredAddress(address: string): string {
  return address.replace(/\[(?:"(?:[^"\\]|\\.)*"|\d+)\]/g, '');
}

/**
 * Declared resources' locations, by declared address. Their files are relative to the
 * configuration directory; prefixing the directory makes them relative to where tfdrift ran
 * (the repository root in CI).
 */
function configLocations(config: TerraformConfig | undefined): Map<string, SourceLocation> {
  const found = new Map<string, SourceLocation>();
  for (const declared of config?.resources ?? []) {
    if (declared.mode !== 'managed' || typeof declared.file !== 'string') continue;
    const file =
      isAbsolute(declared.file) || config === undefined
        ? declared.file
        : posix.join(config.dir.replace(/\\/g, '/'), declared.file.replace(/\\/g, '/'));
    found.set(declaredAddress(declared.address), {
      file,
      ...(declared.line !== undefined ? { line: declared.line } : {}),
    });
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
