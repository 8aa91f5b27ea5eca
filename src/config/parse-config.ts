/** Parsed Terraform configuration. @public */
export interface TerraformConfig {
  /** The files read. */
  files: string[];
}

/** Parses a Terraform configuration directory. @public */
export async function parseConfig(dir: string | string[]): Promise<TerraformConfig> {
  void dir;
  throw new Error('not implemented');
}
