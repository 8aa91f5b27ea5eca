/**
 * Heavy SDKs are optional peer dependencies: the core loads them only when a source needs
 * them, and a missing one becomes an error that says what to install.
 */
import { StateSourceError } from '../../errors.js';

/**
 * Runs `load` (a dynamic `import()`) and turns "module not found" into a
 * {@link StateSourceError} naming `packageName`.
 * @internal
 */
export async function importOptional<T>(
  load: () => Promise<T>,
  packageName: string,
  source: string,
): Promise<T> {
  try {
    return await load();
  } catch (error) {
    const code = (error as { code?: unknown }).code;
    const missing = code === 'ERR_MODULE_NOT_FOUND' || code === 'MODULE_NOT_FOUND';
    const message = missing
      ? `Reading ${source} needs the optional package ${packageName}: install it with \`npm install ${packageName}\``
      : `Reading ${source} needs ${packageName}, which failed to load`;
    throw new StateSourceError(message, { source, cause: error });
  }
}
