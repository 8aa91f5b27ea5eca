/**
 * Extracting the provider binary from a packed mirror's `.zip`: a small reader of the zip
 * central directory (stored and deflated entries, which is what provider packages use) that
 * streams the one entry it needs through `node:zlib`, so a 700 MB binary is never held in
 * memory.
 */
import { createReadStream, createWriteStream } from 'node:fs';
import { chmod, mkdir, open, rename, rm, stat } from 'node:fs/promises';
import { dirname, join } from 'node:path';
import { pipeline } from 'node:stream/promises';
import { createInflateRaw } from 'node:zlib';

/** One file in a zip archive. @internal */
export interface ZipEntry {
  name: string;
  method: number;
  compressedSize: number;
  size: number;
  localHeaderOffset: number;
}

/** A zip archive that cannot be read. @internal */
class ZipFormatError extends Error {
  override readonly name = 'ZipFormatError';
}

const EOCD = 0x06054b50;
const CENTRAL = 0x02014b50;
const LOCAL = 0x04034b50;
const MAX_COMMENT = 0xffff;

/** Lists the entries of the zip file at `path` (no ZIP64: provider packages do not need it). @internal */
export async function listZip(path: string): Promise<ZipEntry[]> {
  const file = await open(path, 'r');
  try {
    const { size } = await file.stat();
    const tailLength = Math.min(size, 22 + MAX_COMMENT);
    const tail = Buffer.alloc(tailLength);
    await file.read(tail, 0, tailLength, size - tailLength);
    let eocd = -1;
    for (let i = tailLength - 22; i >= 0; i--) {
      if (tail.readUInt32LE(i) === EOCD) {
        eocd = i;
        break;
      }
    }
    if (eocd === -1) throw new ZipFormatError(`${path} is not a zip archive`);
    const count = tail.readUInt16LE(eocd + 10);
    const cdSize = tail.readUInt32LE(eocd + 12);
    const cdOffset = tail.readUInt32LE(eocd + 16);
    if (cdOffset + cdSize > size) throw new ZipFormatError(`${path}: truncated zip archive`);
    const cd = Buffer.alloc(cdSize);
    await file.read(cd, 0, cdSize, cdOffset);
    const entries: ZipEntry[] = [];
    let p = 0;
    for (let n = 0; n < count; n++) {
      if (p + 46 > cd.length || cd.readUInt32LE(p) !== CENTRAL) {
        throw new ZipFormatError(`${path}: damaged central directory`);
      }
      const nameLength = cd.readUInt16LE(p + 28);
      const extraLength = cd.readUInt16LE(p + 30);
      const commentLength = cd.readUInt16LE(p + 32);
      entries.push({
        method: cd.readUInt16LE(p + 10),
        compressedSize: cd.readUInt32LE(p + 20),
        size: cd.readUInt32LE(p + 24),
        localHeaderOffset: cd.readUInt32LE(p + 42),
        name: cd.toString('utf8', p + 46, p + 46 + nameLength),
      });
      p += 46 + nameLength + extraLength + commentLength;
    }
    return entries;
  } finally {
    await file.close();
  }
}

/**
 * Writes one entry of the archive to `target` (executable), through a temporary file renamed
 * into place so a concurrent or interrupted extraction never leaves a half-written binary.
 * @internal
 */
export async function extractZipEntry(
  path: string,
  entry: ZipEntry,
  target: string,
): Promise<void> {
  if (entry.method !== 0 && entry.method !== 8) {
    throw new ZipFormatError(`${path}: ${entry.name} uses unsupported compression ${entry.method}`);
  }
  const file = await open(path, 'r');
  let dataStart: number;
  try {
    const header = Buffer.alloc(30);
    await file.read(header, 0, 30, entry.localHeaderOffset);
    if (header.readUInt32LE(0) !== LOCAL) throw new ZipFormatError(`${path}: damaged entry`);
    dataStart = entry.localHeaderOffset + 30 + header.readUInt16LE(26) + header.readUInt16LE(28);
  } finally {
    await file.close();
  }
  await mkdir(dirname(target), { recursive: true });
  const temp = `${target}.${process.pid}.${Date.now()}.part`;
  try {
    const source = createReadStream(path, {
      start: dataStart,
      end: dataStart + entry.compressedSize - 1,
    });
    const sink = createWriteStream(temp, { mode: 0o755 });
    if (entry.method === 8) await pipeline(source, createInflateRaw(), sink);
    else await pipeline(source, sink);
    const written = (await stat(temp)).size;
    if (written !== entry.size) {
      throw new ZipFormatError(
        `${path}: ${entry.name} extracted to ${written} of ${entry.size} bytes`,
      );
    }
    await chmod(temp, 0o755);
    await rename(temp, target);
  } catch (error) {
    await rm(temp, { force: true });
    throw error;
  }
}

/** The path an entry would be extracted to under `dir`, refusing names that escape it. @internal */
export function entryTarget(dir: string, name: string): string | undefined {
  if (name.includes('..') || name.startsWith('/') || name.includes('\\') || name.endsWith('/')) {
    return undefined;
  }
  return join(dir, name);
}
