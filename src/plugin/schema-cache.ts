/**
 * The on-disk cache of provider schemas. Building and sending its schema is the slowest part
 * of starting a big provider (seconds for the AWS provider), and a provider that declares
 * `get_provider_schema_optional` lets a client that already knows the schema skip the call.
 * The raw `GetProviderSchema` response is stored per binary (path, size, modification time,
 * inode: hashing a 700 MB binary on every scan would cost what the cache saves) and protocol
 * version. A file that cannot be read or written is not an error: the schema is fetched.
 */
import { createHash, randomBytes } from 'node:crypto';
import { mkdir, readFile, rename, stat, unlink, writeFile } from 'node:fs/promises';
import { join } from 'node:path';

/** Bump when the stored format or its meaning changes. */
const FORMAT = 1;

/** Reads and writes the cached schema of one binary. @internal */
export interface SchemaCache {
  read(protocolVersion: 5 | 6): Promise<Uint8Array | undefined>;
  write(protocolVersion: 5 | 6, bytes: Uint8Array): Promise<void>;
}

/**
 * The schema cache of `binary` under `dir` (`<cacheDir>/schemas`).
 * @internal
 */
export async function schemaCacheFor(dir: string, binary: string): Promise<SchemaCache> {
  const info = await stat(binary);
  const file = (protocolVersion: 5 | 6) => {
    const identity = JSON.stringify([FORMAT, binary, info.size, info.mtimeMs, info.ino]);
    const hash = createHash('sha256').update(identity).digest('hex').slice(0, 32);
    return join(dir, `${hash}-v${protocolVersion}.pb`);
  };
  return {
    async read(protocolVersion) {
      try {
        return await readFile(file(protocolVersion));
      } catch {
        return undefined;
      }
    },
    async write(protocolVersion, bytes) {
      const target = file(protocolVersion);
      // Written aside then renamed, so a concurrent scan never reads half a file.
      const temp = `${target}.${process.pid}.${randomBytes(4).toString('hex')}.tmp`;
      try {
        await mkdir(dir, { recursive: true });
        await writeFile(temp, bytes);
        await rename(temp, target);
      } catch {
        await unlink(temp).catch(() => undefined);
      }
    },
  };
}
