/**
 * `fileStore`: the default watch store, one JSON file replaced atomically (written to a
 * temporary file in the same directory, flushed to disk, then renamed over the old one), so
 * a crash at any moment leaves either the old or the new document, never half of one.
 */
import { mkdir, open, readFile, rename, rm } from 'node:fs/promises';
import { basename, dirname, join } from 'node:path';
import { WatchStoreError } from '../errors.js';
import type { WatchStore, WatchStoreData } from './watch-store.js';
import { parseStoreData } from './watch-store.js';

/** The store file `watchDrift` uses when no `store` is given. @public */
export const DEFAULT_WATCH_STORE_FILE = '.tfdrift/watch.json';

/** The largest store file read (64 MiB): anything bigger is not one we wrote. */
const MAX_STORE_BYTES = 64 * 1024 * 1024;

function errorMessage(error: unknown): string {
  return error instanceof Error ? error.message : String(error);
}

/**
 * A {@link WatchStore} in one JSON file (created with its directory on the first save).
 * A file that is not valid JSON or not a store document makes `load` throw a
 * {@link WatchStoreError}; it is never overwritten silently.
 *
 * @example
 * ```ts
 * import { watchDrift, fileStore, snapshotProvider } from 'tfdrift';
 *
 * const watch = watchDrift({
 *   state: './terraform.tfstate',
 *   providers: [snapshotProvider({ file: './live.json' })],
 *   store: fileStore('/var/lib/tfdrift/watch.json'),
 * });
 * ```
 * @public
 */
export function fileStore(path: string = DEFAULT_WATCH_STORE_FILE): WatchStore {
  if (typeof path !== 'string' || path === '') {
    throw new WatchStoreError('fileStore needs a file path', { store: String(path) });
  }
  let sequence = 0;
  return {
    name: path,
    async load(): Promise<WatchStoreData | undefined> {
      let text: string;
      try {
        const bytes = await readFile(path);
        if (bytes.length > MAX_STORE_BYTES) {
          throw new WatchStoreError(
            `The watch store ${path} is larger than ${MAX_STORE_BYTES} bytes`,
            { store: path },
          );
        }
        text = bytes.toString('utf8');
      } catch (error) {
        if ((error as NodeJS.ErrnoException).code === 'ENOENT') return undefined;
        if (error instanceof WatchStoreError) throw error;
        throw new WatchStoreError(
          `The watch store ${path} cannot be read: ${errorMessage(error)}`,
          { store: path, cause: error },
        );
      }
      let value: unknown;
      try {
        value = JSON.parse(text);
      } catch (error) {
        throw new WatchStoreError(`The watch store ${path} is not valid JSON`, {
          store: path,
          cause: error,
        });
      }
      return parseStoreData(value, path);
    },
    async save(data: WatchStoreData): Promise<void> {
      const dir = dirname(path);
      const temporary = join(dir, `.${basename(path)}.${process.pid}.${++sequence}.tmp`);
      try {
        await mkdir(dir, { recursive: true });
        const handle = await open(temporary, 'w', 0o600);
        try {
          await handle.writeFile(JSON.stringify(data));
          await handle.sync();
        } finally {
          await handle.close();
        }
        await rename(temporary, path);
      } catch (error) {
        await rm(temporary, { force: true }).catch(() => undefined);
        throw new WatchStoreError(
          `The watch store ${path} cannot be written: ${errorMessage(error)}`,
          { store: path, cause: error },
        );
      }
    },
  };
}
