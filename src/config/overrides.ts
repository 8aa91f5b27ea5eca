/**
 * Override files (`override.tf`, `*_override.tf`, and their `.tf.json` forms). Terraform
 * merges each block in them into the block of the same address declared elsewhere in the
 * module: an argument or nested block type replaces the original one, `lifecycle` is merged
 * argument by argument, and a `backend` replaces the original backend.
 */
import { ConfigParseError } from '../errors.js';
import type { ConfigBody } from './hcl-parser.js';
import { asBlocks } from './module-contents.js';
import type { ModuleFile } from './module-contents.js';

/** Whether a file name is an override file. @internal */
export function isOverrideFile(name: string): boolean {
  return /(^|[/_])override\.tf(\.json)?$/.test(name);
}

/**
 * Merges the blocks of `overrides` into the matching blocks of `primary`, in place.
 * @throws {@link ConfigParseError} for an override block that matches no block, as Terraform does.
 * @internal
 */
export function applyOverrides(primary: ModuleFile[], overrides: ModuleFile[]): void {
  for (const override of overrides) {
    for (const key of ['resource', 'data'] as const) {
      for (const [type, names] of labelled(override.body[key])) {
        for (const [name, blocks] of labelled(names)) {
          const target = find(
            primary,
            (body) => asBlocks(labelledGet(labelledGet(body[key], type), name))[0],
          );
          const address = `${key === 'data' ? 'data.' : ''}${type}.${name}`;
          for (const block of asBlocks(blocks))
            mergeBlock(required(target, override, address), block);
        }
      }
    }
    for (const [name, blocks] of labelled(override.body.module)) {
      const target = find(primary, (body) => asBlocks(labelledGet(body.module, name))[0]);
      for (const block of asBlocks(blocks))
        mergeBlock(required(target, override, `module.${name}`), block);
    }
    for (const [name, blocks] of labelled(override.body.provider)) {
      for (const block of asBlocks(blocks)) {
        const alias = typeof block.alias === 'string' ? block.alias : undefined;
        const target = find(primary, (body) =>
          asBlocks(labelledGet(body.provider, name)).find((candidate) => candidate.alias === alias),
        );
        const address = `provider "${name}"${alias === undefined ? '' : ` (alias ${alias})`}`;
        mergeBlock(required(target, override, address), block);
      }
    }
    for (const terraform of asBlocks(override.body.terraform)) {
      if (terraform.backend === undefined) continue;
      const target = find(primary, (body) =>
        asBlocks(body.terraform).find((candidate) => candidate.backend !== undefined),
      );
      required(target, override, 'backend').backend = terraform.backend;
    }
  }
}

function required(target: ConfigBody | undefined, file: ModuleFile, what: string): ConfigBody {
  if (target !== undefined) return target;
  throw new ConfigParseError(
    `${file.path}: override of ${what}, which no other file of the module declares`,
    { file: file.path },
  );
}

function mergeBlock(target: ConfigBody, override: ConfigBody): void {
  for (const [key, value] of Object.entries(override)) {
    if (key === 'lifecycle') {
      const merged = { ...asBlocks(target.lifecycle)[0], ...asBlocks(value)[0] };
      target.lifecycle = [merged];
    } else {
      target[key] = value;
    }
  }
}

function find(
  files: ModuleFile[],
  pick: (body: ConfigBody) => ConfigBody | undefined,
): ConfigBody | undefined {
  for (const file of files) {
    const found = pick(file.body);
    if (found !== undefined) return found;
  }
  return undefined;
}

/** The entries of a labelled block map (an object, or in JSON syntax an array of them). */
function labelled(value: unknown): [string, unknown][] {
  return asBlocks(value).flatMap((map) => Object.entries(map));
}

function labelledGet(value: unknown, label: string): unknown {
  for (const map of asBlocks(value)) if (label in map) return map[label];
  return undefined;
}
