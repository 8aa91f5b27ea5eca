/**
 * Which values of a plugin's configuration and environment are secrets, to be scrubbed from
 * its stderr, its diagnostics and tfdrift's errors. Only these: a region, an endpoint or a
 * profile name is what makes an error understandable ("invalid AWS Region: mars-1"), and
 * replacing every configured string would hide it. A secret is a value under a secret-looking
 * name (`secret_key`, `token`, `assume_role.session_token`, `AWS_SECRET_ACCESS_KEY`), or at an
 * attribute the provider's own schema marks sensitive or write-only, whatever its name.
 * Credentials with a recognisable shape (URL userinfo, bearer tokens, private keys) are
 * scrubbed wherever they appear, by `scrubSecrets` itself.
 */
import { MIN_SECRET_LENGTH } from '../shared/secret-matcher.js';
import { isSecretName } from '../shared/secret-names.js';
import type { NestingMode, SchemaAttribute, SchemaBlock } from './schema.js';

const MAX_DEPTH = 32;

function isRecord(value: unknown): value is Record<string, unknown> {
  return typeof value === 'object' && value !== null && !Array.isArray(value);
}

/** Every string (and number, as text) inside `value`. */
function leaves(value: unknown, into: string[], depth = 0): void {
  if (depth > MAX_DEPTH) return;
  if (typeof value === 'string' || typeof value === 'number') {
    const text = String(value);
    if (text.length >= MIN_SECRET_LENGTH) into.push(text);
  } else if (Array.isArray(value)) {
    for (const item of value) leaves(item, into, depth + 1);
  } else if (isRecord(value)) {
    for (const item of Object.values(value)) leaves(item, into, depth + 1);
  }
}

/**
 * The values under secret-looking names anywhere in a configuration (Terraform's JSON
 * syntax): everything below `assume_role.token` or `secret_key`, nothing below `region`.
 * @internal
 */
export function secretConfigValues(config: unknown): string[] {
  const into: string[] = [];
  const walk = (value: unknown, depth: number): void => {
    if (depth > MAX_DEPTH) return;
    if (Array.isArray(value)) {
      for (const item of value) walk(item, depth + 1);
    } else if (isRecord(value)) {
      for (const [name, item] of Object.entries(value)) {
        if (isSecretName(name)) leaves(item, into, depth + 1);
        else walk(item, depth + 1);
      }
    }
  };
  walk(config, 0);
  return into;
}

/**
 * The values of environment variables with secret-looking names (`AWS_SECRET_ACCESS_KEY`,
 * `GITHUB_TOKEN`, `TF_VAR_db_password`), not `AWS_REGION` or `HOME`.
 * @internal
 */
export function secretEnvValues(env: Readonly<Record<string, string | undefined>>): string[] {
  const into: string[] = [];
  for (const [name, value] of Object.entries(env)) {
    if (value !== undefined && value.length >= MIN_SECRET_LENGTH && isSecretName(name)) {
      into.push(value);
    }
  }
  return into;
}

/** The objects a nested block or nested attribute holds, however the JSON syntax wrote them. */
function items(value: unknown, nesting: NestingMode): unknown[] {
  if (Array.isArray(value)) return value;
  if (!isRecord(value)) return [];
  return nesting === 'MAP' ? Object.values(value) : [value];
}

function walkBlock(
  attributes: readonly SchemaAttribute[],
  blocks: SchemaBlock['blockTypes'],
  config: unknown,
  into: string[],
  depth: number,
): void {
  if (depth > MAX_DEPTH || !isRecord(config)) return;
  for (const attribute of attributes) {
    if (!Object.hasOwn(config, attribute.name)) continue;
    const value = config[attribute.name];
    if (attribute.sensitive || attribute.writeOnly) leaves(value, into, depth + 1);
    else if (attribute.nested !== undefined) {
      for (const item of items(value, attribute.nested.nesting)) {
        walkBlock(attribute.nested.attributes, [], item, into, depth + 1);
      }
    }
  }
  for (const nested of blocks) {
    if (!Object.hasOwn(config, nested.name)) continue;
    for (const item of items(config[nested.name], nested.nesting)) {
      walkBlock(nested.block.attributes, nested.block.blockTypes, item, into, depth + 1);
    }
  }
}

/**
 * The values a configuration sets at attributes the provider's schema marks sensitive or
 * write-only, in nested blocks and nested attributes too.
 * @internal
 */
export function sensitiveConfigValues(block: SchemaBlock, config: unknown): string[] {
  const into: string[] = [];
  walkBlock(block.attributes, block.blockTypes, config, into, 0);
  return into;
}

/**
 * Adds `values` to the reader's list of secrets, each once: sessions start again after an
 * idle stop, for as long as a watch runs, and must not grow the list each time.
 * @internal
 */
export function addSecrets(into: string[], values: readonly string[]): void {
  for (const value of values) if (!into.includes(value)) into.push(value);
}
