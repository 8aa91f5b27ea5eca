/**
 * Finding one provider's binary in the search locations, never downloading anything. Each
 * location may hold the provider unpacked
 * (`<dir>/<host>/<namespace>/<type>/<version>/<os>_<arch>/terraform-provider-<type>…`) or
 * packed (`<dir>/<host>/<namespace>/<type>/terraform-provider-<type>_<version>_<os>_<arch>.zip`,
 * extracted once into a cache directory). The first location holding a usable version wins;
 * within it, the locked version when the lock file names one, else the highest.
 */
import { readdir, stat } from 'node:fs/promises';
import { join } from 'node:path';
import { ProviderConfigError } from '../errors.js';
import { isExecutableFile } from '../shared/is-executable-file.js';
import type { ProviderSource } from './provider-source.js';
import { formatProviderSource } from './provider-source.js';
import type { SearchLocation } from './search-locations.js';
import { compareVersions, isVersion, sameVersion } from './versions.js';
import { entryTarget, extractZipEntry, listZip } from './zip-extract.js';

/** A provider binary found on disk. @internal */
export interface FoundBinary {
  /** The executable's absolute path. */
  path: string;
  /** The provider version. */
  version: string;
  /** The location it was found in. */
  location: SearchLocation;
  /** The zip archive it was extracted from, for packed mirrors. */
  archive?: string;
}

/** Inputs of {@link findProviderBinary}. @internal */
export interface FindBinaryOptions {
  /** Where to look, in order. */
  locations: readonly SearchLocation[];
  /** The platform directory, e.g. `linux_amd64`. */
  platform: string;
  /** The version the lock file selects, when there is one. */
  lockedVersion?: string;
  /** Where packed binaries are extracted. */
  cacheDir: string;
}

interface Candidate {
  version: string;
  unpacked?: string;
  archive?: string;
}

async function entries(dir: string): Promise<string[]> {
  try {
    return await readdir(dir);
  } catch {
    return [];
  }
}

/** The executable in an unpacked package directory (`terraform-provider-<type>…`). */
async function binaryIn(dir: string, type: string): Promise<string | undefined> {
  const names = (await entries(dir)).filter((n) => n.startsWith(`terraform-provider-${type}`));
  names.sort();
  for (const name of names) {
    if (await isExecutableFile(join(dir, name))) return join(dir, name);
  }
  return undefined;
}

async function candidatesIn(
  location: SearchLocation,
  source: ProviderSource,
  platform: string,
): Promise<Candidate[]> {
  const typeDir = join(location.dir, source.hostname, source.namespace, source.type);
  const found: Candidate[] = [];
  const packed = new RegExp(
    `^terraform-provider-${source.type.replace(/[.*+?^${}()|[\]\\-]/g, '\\$&')}_(.+)_${platform}\\.zip$`,
  );
  for (const name of await entries(typeDir)) {
    const zip = packed.exec(name);
    if (zip !== null && isVersion(zip[1] as string)) {
      found.push({ version: zip[1] as string, archive: join(typeDir, name) });
    } else if (isVersion(name)) {
      const unpacked = await binaryIn(join(typeDir, name, platform), source.type);
      if (unpacked !== undefined) found.push({ version: name, unpacked });
    }
  }
  return found;
}

async function extract(
  archive: string,
  source: ProviderSource,
  version: string,
  platform: string,
  cacheDir: string,
): Promise<string> {
  const dir = join(cacheDir, source.hostname, source.namespace, source.type, version, platform);
  const existing = await binaryIn(dir, source.type);
  if (existing !== undefined) {
    const [a, b] = await Promise.all([stat(archive), stat(existing)]);
    if (b.mtimeMs >= a.mtimeMs) return existing;
  }
  const listed = await listZip(archive);
  const entry = listed.find((e) => e.name.startsWith(`terraform-provider-${source.type}`));
  const target = entry === undefined ? undefined : entryTarget(dir, entry.name);
  if (entry === undefined || target === undefined) {
    throw new ProviderConfigError(
      `${archive} holds no terraform-provider-${source.type} executable`,
      { provider: 'plugin' },
    );
  }
  await extractZipEntry(archive, entry, target);
  return target;
}

function notFoundMessage(
  source: ProviderSource,
  options: FindBinaryOptions,
  versionsSeen: string[],
): string {
  const address = formatProviderSource(source);
  const wanted =
    options.lockedVersion === undefined
      ? ''
      : ` version ${options.lockedVersion} (from .terraform.lock.hcl)`;
  const seen =
    versionsSeen.length === 0
      ? ''
      : ` Versions present but not selected: ${versionsSeen.join(', ')}.`;
  const searched = options.locations.map((l) => `  - ${l.dir} (${l.origin})`).join('\n');
  return (
    `No binary of provider ${address}${wanted} for ${options.platform} was found.${seen}\n` +
    `Searched:\n${searched || '  (nowhere: no location to search)'}\n` +
    `Get it with \`terraform init\` in the working directory (then pass it as \`cwd\`, ` +
    `or \`--config DIR\` to the CLI), or \`terraform providers mirror DIR\` (then pass DIR in ` +
    `\`pluginDirs\`, or \`--plugins DIR\` to the CLI).`
  );
}

/**
 * Finds the binary of one provider, extracting it from a packed mirror when needed. Throws a
 * {@link ProviderConfigError} listing every directory searched when there is none.
 * @internal
 */
export async function findProviderBinary(
  source: ProviderSource,
  options: FindBinaryOptions,
): Promise<FoundBinary> {
  const versionsSeen = new Set<string>();
  for (const location of options.locations) {
    const candidates = await candidatesIn(location, source, options.platform);
    for (const c of candidates) versionsSeen.add(c.version);
    const usable =
      options.lockedVersion === undefined
        ? candidates
        : candidates.filter((c) => sameVersion(c.version, options.lockedVersion as string));
    if (usable.length === 0) continue;
    // Releases before pre-releases (as Terraform selects without an explicit pre-release
    // constraint), then the highest version; an unpacked copy before a packed one.
    usable.sort(
      (a, b) =>
        Number(a.version.includes('-')) - Number(b.version.includes('-')) ||
        compareVersions(b.version, a.version) ||
        Number(a.unpacked === undefined) - Number(b.unpacked === undefined),
    );
    const best = usable[0] as Candidate;
    if (best.unpacked !== undefined) {
      return { path: best.unpacked, version: best.version, location };
    }
    const archive = best.archive as string;
    const path = await extract(archive, source, best.version, options.platform, options.cacheDir);
    return { path, version: best.version, location, archive };
  }
  throw new ProviderConfigError(notFoundMessage(source, options, [...versionsSeen]), {
    provider: 'plugin',
    issues: [
      {
        path: '/pluginDirs',
        message: `no binary of ${formatProviderSource(source)} in ${options.locations.length} location(s)`,
      },
    ],
  });
}
