/**
 * Recognises what an input is when it is not a JSON state: the things people find in a
 * `terraform.tfstate` in the wild: git-crypt and age blobs, pre-0.7 binary state, plan files,
 * gzip, merge-conflict markers and the like, each with a hint of what to do.
 */

/** A recognised non-state input. @internal */
interface Sniffed {
  /** The `UnsupportedStateError.kind`. */
  kind: string;
  /** What to tell the user. */
  message: string;
}

const GIT_CRYPT = '\u0000GITCRYPT';
const AGE_ARMOR = '-----BEGIN AGE ENCRYPTED FILE-----';
const AGE_BINARY = 'age-encryption.org/v1';

/**
 * Checks the start of the text only: cheap enough to run before `JSON.parse`.
 * @internal
 */
export function sniffPrefix(text: string): Sniffed | undefined {
  if (text.startsWith(GIT_CRYPT)) {
    return {
      kind: 'git-crypt',
      message: 'The state is encrypted with git-crypt; run `git-crypt unlock` first',
    };
  }
  if (text.startsWith(AGE_ARMOR) || text.startsWith(AGE_BINARY)) {
    return { kind: 'age', message: 'The state is encrypted with age; decrypt it first (`age -d`)' };
  }
  if (text.startsWith('tfstate')) {
    return {
      kind: 'binary-v0',
      message:
        'The state uses the binary format of Terraform before 0.7, which tfdrift cannot read',
    };
  }
  if (text.startsWith('PK\u0003\u0004')) {
    return {
      kind: 'plan-file',
      message: 'This is a binary plan file; convert it with `terraform show -json PLANFILE`',
    };
  }
  if (text.startsWith('\u001f\ufffd') || text.startsWith('\u001f\u008b')) {
    return { kind: 'gzip', message: 'The state is gzip-compressed; decompress it first' };
  }
  return undefined;
}

/**
 * Checks the whole text; run only after `JSON.parse` failed.
 * @internal
 */
export function sniffInvalid(text: string): Sniffed | undefined {
  const conflict = /^<{7}(?: |$)/m.exec(text);
  if (conflict !== null && /^>{7}(?: |$)/m.test(text)) {
    const line = text.slice(0, conflict.index).split('\n').length;
    return {
      kind: 'merge-conflict',
      message: `The state contains git merge-conflict markers (first at line ${line}); resolve the conflict first`,
    };
  }
  return undefined;
}

function isPlainObject(value: unknown): value is Record<string, unknown> {
  return typeof value === 'object' && value !== null && !Array.isArray(value);
}

/**
 * Recognises JSON documents that are not states but get passed as one: tfdrift's own live
 * snapshot (the `--snapshot` format, whose `"version": 1` would otherwise read as an empty
 * legacy state) and tfdrift's drift report. Run on documents without the fields a state of
 * their version needs.
 * @internal
 */
export function sniffDocument(document: Record<string, unknown>): Sniffed | undefined {
  if (
    document.modules === undefined &&
    (isPlainObject(document.resources) ||
      isPlainObject(document.byId) ||
      Array.isArray(document.types))
  ) {
    return {
      kind: 'live-snapshot',
      message:
        'This is a tfdrift live snapshot (resources keyed by address or id), not a Terraform state: pass it with --snapshot (snapshotProvider), and the state with --state',
    };
  }
  if (
    document.schemaVersion !== undefined &&
    isPlainObject(document.summary) &&
    Array.isArray(document.resources)
  ) {
    return {
      kind: 'drift-report',
      message: 'This is a tfdrift drift report, not a Terraform state',
    };
  }
  return undefined;
}
