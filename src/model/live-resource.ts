/**
 * A live object as a provider lists it, for unmanaged-resource detection. Part of the domain
 * model: providers produce it, the scan matches it against state, reports carry it.
 */
import type { Remediation } from './remediation.js';

/** A live resource found by `list`: used for unmanaged-resource detection. @public */
export interface LiveResource {
  /** The Terraform resource type, e.g. `aws_s3_bucket`. */
  type: string;
  /** The import id Terraform would use for this object. */
  id: string;
  /** The provider that listed it. */
  provider?: string;
  /** A display name, when the API has one. */
  name?: string;
  /** Region, account or project, when relevant. */
  location?: string;
  /** Selected attributes (for example tags), when cheap to include. */
  attributes?: Record<string, unknown>;
  /** A suggested Terraform `import` block for this object (filled in by `detectDrift`). */
  importBlock?: string;
  /** What to do about it: import it, or delete it (filled in by `detectDrift`). */
  remediation?: Remediation;
}
