/** Whether a path is a regular file this process may execute (a binary found on disk). */
import { constants } from 'node:fs';
import { access, stat } from 'node:fs/promises';

/** True for a regular file with the execute permission; false for anything else or any error. @internal */
export async function isExecutableFile(path: string): Promise<boolean> {
  try {
    if (!(await stat(path)).isFile()) return false;
    await access(path, constants.X_OK);
    return true;
  } catch {
    return false;
  }
}
