/**
 * The type-name prefixes of the providers that have a built-in pack, so the common pack can
 * carry the schema secrets of every other provider.
 * @internal
 */
export const BUILTIN_PREFIXES: readonly string[] = ['aws_', 'google_', 'azurerm_'];
