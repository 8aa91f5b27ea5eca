/**
 * The generated schema secrets, split by provider: each built-in pack carries the types of
 * its prefix, and the common pack those of the providers that have no pack of their own.
 */
import { SCHEMA_SECRETS } from './schema-secrets.generated.js';

/**
 * The schema secrets of the types whose names start with one of `prefixes`, or (`except`)
 * of every other type.
 * @internal
 */
export function schemaSecrets(
  prefixes: readonly string[],
  except = false,
): Record<string, readonly string[]> {
  return Object.fromEntries(
    Object.entries(SCHEMA_SECRETS).filter(
      ([type]) => prefixes.some((p) => type.startsWith(p)) !== except,
    ),
  );
}
