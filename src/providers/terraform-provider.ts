import type { Provider } from './types.js';

/** Options of {@link terraformProvider}. @public */
export interface TerraformProviderOptions {
  /** The Terraform working directory. */
  cwd: string;
  /** `terraform` (default), `tofu`, or a path to either. */
  binary?: string;
  /** The workspace to select. */
  workspace?: string;
  /** Extra environment variables. */
  env?: Record<string, string>;
  /** Kill the process tree after this long. */
  timeoutMs?: number;
}

/** A provider that runs `terraform plan -refresh-only` and takes the refreshed values. @public */
export function terraformProvider(options: TerraformProviderOptions): Provider {
  void options;
  throw new Error('not implemented');
}
