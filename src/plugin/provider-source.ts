/**
 * Provider source addresses (`registry.terraform.io/hashicorp/aws`, or the short
 * `hashicorp/aws`) and the platform names provider packages are built for.
 */
import { ProviderConfigError } from '../errors.js';

/** A provider source address, split. @internal */
export interface ProviderSource {
  hostname: string;
  namespace: string;
  type: string;
}

const DEFAULT_HOST = 'registry.terraform.io';
const PART = /^[A-Za-z0-9][A-Za-z0-9_.-]*$/;

/**
 * Parses `host/namespace/type` or `namespace/type` (the public registry). Throws a
 * {@link ProviderConfigError} for anything else.
 * @internal
 */
export function parseProviderSource(text: string): ProviderSource {
  const parts = text.toLowerCase().split('/');
  const [hostname, namespace, type] =
    parts.length === 2 ? [DEFAULT_HOST, parts[0], parts[1]] : parts;
  if (
    parts.length < 2 ||
    parts.length > 3 ||
    ![hostname, namespace, type].every((p) => p !== undefined && PART.test(p) && p !== '..')
  ) {
    throw new ProviderConfigError(
      `"${text}" is not a provider source address (expected namespace/type or host/namespace/type)`,
      { provider: 'plugin', issues: [{ path: '/config', message: `bad source "${text}"` }] },
    );
  }
  return { hostname, namespace, type } as ProviderSource;
}

/** The full source address, `host/namespace/type`. @internal */
export function formatProviderSource(source: ProviderSource): string {
  return `${source.hostname}/${source.namespace}/${source.type}`;
}

const GOOS: Record<string, string> = { win32: 'windows' };
const GOARCH: Record<string, string> = { x64: 'amd64', ia32: '386' };

/** The `os_arch` directory name of provider packages built for this machine, e.g. `linux_amd64`. @internal */
export function currentPlatform(
  platform: string = process.platform,
  arch: string = process.arch,
): string {
  return `${GOOS[platform] ?? platform}_${GOARCH[arch] ?? arch}`;
}
