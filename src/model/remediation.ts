/**
 * What to do about a finding: part of the domain model, carried by report entries and by
 * unmanaged live resources alike.
 */

/**
 * What to do about a drifted, missing or unmanaged resource, with the exact command.
 * @public
 */
export interface Remediation {
  /**
   * The action: `replace` (recreate from code, the immutable default for drift), `revert`
   * (apply the code over the live change), `recreate` (a missing resource), `import` or
   * `delete` (an unmanaged resource), `accept` (take the live value into state and code).
   */
  action: 'replace' | 'revert' | 'recreate' | 'import' | 'delete' | 'accept';
  /** One line for people, e.g. `Replace aws_instance.web from code`. */
  summary: string;
  /** The exact shell command, e.g. `terraform apply -replace='aws_instance.web'`. */
  command?: string;
  /** Code to add, e.g. an HCL `import` block. */
  code?: string;
}
