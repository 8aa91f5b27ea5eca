/**
 * Between instance addresses in state (`module.a["x"].aws_s3_bucket.b[0]`) and configuration
 * addresses (`module.a.aws_s3_bucket.b`): dropping keys one way, adding them the other.
 */
import type { ResourceInstance } from '../model/state.js';

/**
 * Removes the instance keys from a module path: `module.a["k"].module.b[0]` → `module.a.module.b`.
 * Keys may hold any character, so brackets are skipped with their quoted contents.
 * @internal
 */
export function unkeyedModulePath(module: string): string {
  let out = '';
  let depth = 0;
  let quoted = false;
  for (let i = 0; i < module.length; i++) {
    const c = module[i];
    if (quoted) {
      if (c === '\\') i++;
      else if (c === '"') quoted = false;
    } else if (c === '"' && depth > 0) {
      quoted = true;
    } else if (c === '[') {
      depth++;
    } else if (c === ']') {
      depth--;
    } else if (depth === 0) {
      out += c;
    }
  }
  return out;
}

/** The configuration address of the resource an instance belongs to. @internal */
export function configAddressOf(instance: ResourceInstance): string {
  const module =
    instance.module === undefined || instance.module === ''
      ? undefined
      : unkeyedModulePath(instance.module);
  return [module, instance.mode === 'data' ? 'data' : undefined, instance.type, instance.name]
    .filter((part) => part !== undefined)
    .join('.');
}

/** An instance key as Terraform writes it: `[0]` or `["key"]`. @internal */
export function formatKey(key: string | number): string {
  return typeof key === 'number' ? `[${key}]` : `[${JSON.stringify(key)}]`;
}
