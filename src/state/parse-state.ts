import type { TerraformState } from './types.js';

/** Options of {@link parseState}. @public */
export interface ParseStateOptions {
  /** A name for the input used in errors (a file path or URL). Default `<input>`. */
  source?: string;
  /** Passphrase of an OpenTofu `pbkdf2` key provider, to decrypt an encrypted state. */
  passphrase?: string;
}

/**
 * Parses a Terraform state.
 * @public
 */
export function parseState(
  input: string | Uint8Array | object,
  options: ParseStateOptions = {},
): TerraformState {
  void input;
  void options;
  throw new Error('not implemented');
}
