/**
 * Partial backend configuration, as `terraform init -backend-config=...` takes it: files of
 * `key = "value"` lines (often `*.tfbackend`), or `key=value` pairs. Later entries win, and
 * all of them win over the `backend` block.
 */
import { readFile } from 'node:fs/promises';
import { isAbsolute, join } from 'node:path';
import { ConfigParseError } from '../errors.js';
import { splitLiterals } from './expressions.js';
import { parseHclFile } from './hcl-parser.js';
import type { Hcl2Json } from './hcl-parser.js';

/**
 * `-backend-config` values: file paths or `key=value` strings (an entry with `=` in it is a
 * pair, as on Terraform's command line), or the settings as an object.
 * @public
 */
export type BackendConfigInput = string[] | Record<string, string>;

/**
 * Reads `-backend-config` entries into one settings object. Relative file paths resolve
 * against `dir`, the configuration directory, which is where `terraform init` runs.
 * @throws {@link ConfigParseError} when a file cannot be read or parsed.
 * @internal
 */
export async function readBackendConfig(
  input: BackendConfigInput,
  dir: string,
  parser: () => Promise<Hcl2Json>,
): Promise<Record<string, unknown>> {
  if (!Array.isArray(input)) return { ...input };
  const settings: Record<string, unknown> = {};
  for (const entry of input) {
    const pair = /^([^=]+)=([\s\S]*)$/.exec(entry);
    if (pair?.[1] !== undefined && pair[2] !== undefined) {
      settings[pair[1].trim()] = pair[2];
      continue;
    }
    const path = isAbsolute(entry) ? entry : join(dir, entry);
    let text: string;
    try {
      text = await readFile(path, 'utf8');
    } catch (error) {
      throw new ConfigParseError(`Cannot read backend configuration file ${path}`, {
        file: path,
        cause: error,
      });
    }
    const body = await parseHclFile(await parser(), path, text);
    const literals = splitLiterals(body, '', []);
    Object.assign(settings, literals);
  }
  return settings;
}
