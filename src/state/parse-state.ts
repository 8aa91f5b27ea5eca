/**
 * `parseState`: any Terraform or OpenTofu state document in, one {@link TerraformState} out.
 *
 * The order of work keeps the common case as fast as `JSON.parse`: a few prefix checks, one
 * `JSON.parse`, one bounded walk (depth and possibly rounded integers), then the conversion.
 * Everything slower (lossless parsing, explaining bad JSON, sniffing non-JSON inputs) runs
 * only when that fast path says it must.
 */
import { gunzipSync } from 'node:zlib';
import { StateParseError, UnsupportedStateError } from '../errors.js';
import type { TerraformState } from '../model/state.js';
import { inspectDocument, MAX_DEPTH } from './document-walk.js';
import { isObject, describeType } from './issues.js';
import { parseJsonLossless } from './lossless-json.js';
import { decryptEnvelope, decryptEnvelopeAsync, isEncryptedEnvelope } from './opentofu-decrypt.js';
import { convertPlan, convertShowState } from './show-json.js';
import { describeLimit, maxStateBytes } from './size-limit.js';
import { sniffDocument, sniffInvalid, sniffPrefix } from './sniff.js';
import { convertLegacy } from './v3-upgrade.js';
import { convertV4 } from './v4-state.js';

/** Options of {@link parseState}. @public */
export interface ParseStateOptions {
  /** A name for the input used in errors (a file path or URL). Default `<input>`. */
  source?: string;
  /** Passphrase of an OpenTofu `pbkdf2` key provider, to decrypt an encrypted state. */
  passphrase?: string;
  /**
   * The largest state read, in bytes: the size of text or bytes given, of a gzip-compressed
   * state once decompressed, and (for `loadState`) of what a source sends. Larger input
   * fails with reason `TOO_LARGE`. Default and maximum: V8's
   * longest string, about 512 MiB; set it lower where states come from untrusted places.
   */
  maxBytes?: number;
}

const BOM = '\ufeff';

/**
 * Bytes to text: UTF-8, or UTF-16 when a UTF-16 byte order mark says so (Windows PowerShell 5
 * writes `terraform show -json > file` as UTF-16LE).
 */
function decode(input: Uint8Array, source: string, maxBytes: number): string {
  let bytes = Buffer.from(input.buffer, input.byteOffset, input.byteLength);
  // Consul and Kubernetes backends store state gzip-compressed.
  if (bytes[0] === 0x1f && bytes[1] === 0x8b) bytes = gunzip(bytes, source, maxBytes);
  if (bytes[0] === 0xff && bytes[1] === 0xfe) return bytes.toString('utf16le');
  if (bytes[0] === 0xfe && bytes[1] === 0xff) {
    return Buffer.from(bytes.subarray(0, bytes.length - (bytes.length % 2)))
      .swap16()
      .toString('utf16le');
  }
  return bytes.toString('utf8');
}

/**
 * Decompresses at most `maxBytes`: zlib stops as soon as the output passes the limit, so a
 * compression bomb costs `maxBytes` of memory, not what it expands to.
 */
function gunzip(bytes: Buffer, source: string, maxBytes: number): Buffer {
  try {
    return gunzipSync(bytes, { maxOutputLength: maxBytes });
  } catch (error) {
    if ((error as { code?: unknown }).code === 'ERR_BUFFER_TOO_LARGE') {
      throw tooLarge(source, maxBytes, 'decompressed');
    }
    throw new StateParseError(
      `The state is gzip-compressed but does not decompress: ${(error as Error).message}`,
      {
        source,
        reason: 'GZIP',
        issues: [{ path: '', message: 'invalid gzip data' }],
        cause: error,
      },
    );
  }
}

function unsupported(source: string, kind: string, message: string, pointer = ''): never {
  throw new UnsupportedStateError(message, { source, kind, pointer });
}

/** JSON text to a document, with every failure explained. */
function parseText(raw: string, source: string): unknown {
  // A UTF-8 byte order mark is not JSON, but editors add it; it carries no meaning, so skip it.
  const text = raw.startsWith(BOM) ? raw.slice(1) : raw;
  if (text.length === 0 || /^\s*$/.test(text)) {
    throw new StateParseError(
      'The state is empty (Terraform treats an empty file as "no state"; tfdrift needs a state to compare)',
      { source, reason: 'EMPTY', issues: [{ path: '', message: 'empty input' }] },
    );
  }
  const prefix = sniffPrefix(text);
  if (prefix !== undefined) unsupported(source, prefix.kind, prefix.message);

  let document: unknown;
  try {
    document = JSON.parse(text);
  } catch {
    const sniffed = sniffInvalid(text);
    if (sniffed !== undefined) unsupported(source, sniffed.kind, sniffed.message);
    // Re-read with the explaining parser: it throws with the pointer and a precise reason.
    parseJsonLossless(text, { source, maxDepth: Number.MAX_SAFE_INTEGER });
    throw new StateParseError('Invalid state: not JSON', { source, reason: 'NOT_JSON' });
  }

  const finding = inspectDocument(document);
  if (finding.kind === 'too-deep') throw tooDeep(source, finding.pointer);
  // Some number was rounded by JSON.parse: read again, keeping big integers as bigint.
  if (finding.kind === 'unsafe-number')
    return parseJsonLossless(text, { source, maxDepth: MAX_DEPTH });
  return document;
}

function tooLarge(source: string, maxBytes: number, what: string): StateParseError {
  const message = `the state ${what} is larger than the limit, ${describeLimit(maxBytes)}`;
  return new StateParseError(`Invalid state: ${message}; raise maxBytes to read it`, {
    source,
    reason: 'TOO_LARGE',
    issues: [{ path: '', message }],
  });
}

function tooDeep(source: string, pointer: string): StateParseError {
  return new StateParseError(`Invalid state: nested deeper than ${MAX_DEPTH} levels`, {
    source,
    reason: 'TOO_DEEP',
    issues: [{ path: pointer, message: `nested deeper than ${MAX_DEPTH} levels` }],
  });
}

/** Whether a document without `version` is plan JSON rather than show-json state. */
function isPlan(document: Record<string, unknown>): boolean {
  return (
    'prior_state' in document ||
    'planned_values' in document ||
    'resource_changes' in document ||
    'resource_drift' in document ||
    'configuration' in document
  );
}

/** A v3 file with a `backend` block and no resources is `.terraform/terraform.tfstate`. */
function isBackendConfig(document: Record<string, unknown>): boolean {
  if (!isObject(document.backend)) return false;
  const modules = Array.isArray(document.modules) ? document.modules : [];
  return modules.every(
    (module: unknown) =>
      !isObject(module) ||
      !isObject(module.resources) ||
      Object.keys(module.resources).length === 0,
  );
}

function fromDocument(
  document: unknown,
  source: string,
  passphrase: string | undefined,
): TerraformState {
  if (!isObject(document)) {
    throw new StateParseError(
      `Invalid state: expected a JSON object, got ${describeType(document)}`,
      {
        source,
        reason: 'WRONG_TYPE',
        issues: [{ path: '', message: `expected an object, got ${describeType(document)}` }],
      },
    );
  }
  if (isEncryptedEnvelope(document)) {
    const plaintext = decryptEnvelope(document, passphrase, source);
    // The decrypted text is a plain state; a second envelope inside would be a loop.
    return parseState(plaintext, { source });
  }
  const version = document.version;
  const lookalike = document.modules === undefined ? sniffDocument(document) : undefined;
  if (
    lookalike !== undefined &&
    (version === undefined || version === 1 || version === 2 || version === 3)
  ) {
    unsupported(source, lookalike.kind, lookalike.message);
  }
  if (version === undefined) {
    if (document.format_version !== undefined) {
      return isPlan(document) ? convertPlan(document, source) : convertShowState(document, source);
    }
    throw new StateParseError('Invalid state: the "version" field is missing', {
      source,
      reason: 'MISSING_FIELD',
      issues: [{ path: '/version', message: 'version is missing' }],
    });
  }
  if (typeof version !== 'number' || !Number.isInteger(version) || version < 0) {
    throw new StateParseError('Invalid state: "version" must be a non-negative integer', {
      source,
      reason: 'WRONG_TYPE',
      issues: [{ path: '/version', message: `expected an integer, got ${describeType(version)}` }],
    });
  }
  switch (version) {
    case 4:
      return convertV4(document, source);
    case 3:
    case 2:
    case 1:
      if (isBackendConfig(document)) {
        unsupported(
          source,
          'backend-config',
          'This is a .terraform/terraform.tfstate backend configuration file, not a state; point tfdrift at the backend it names',
          '/backend',
        );
      }
      return convertLegacy(document, version, source);
    case 0:
      return unsupported(
        source,
        'version-0',
        'State format version 0 (Terraform before 0.7) is not supported',
        '/version',
      );
    default:
      return unsupported(
        source,
        `version-${version}`,
        `State format version ${version} was written by a newer Terraform than tfdrift knows (up to version 4)`,
        '/version',
      );
  }
}

/**
 * Parses a Terraform or OpenTofu state into the normalized {@link TerraformState}.
 *
 * Accepts state format v4, legacy v3/v2/v1 (converted, `lossy` attributes), the output of
 * `terraform show -json`, plan JSON (its `prior_state`), and OpenTofu encrypted states when
 * `options.passphrase` opens a `pbkdf2` + `aes_gcm` envelope. `input` may be text, bytes, or
 * an already parsed object; gzip-compressed bytes (as the Consul and Kubernetes backends
 * store state) are decompressed first.
 *
 * Throws {@link StateParseError} for malformed input (`reason`: `EMPTY`, `NOT_JSON`,
 * `TRUNCATED`, `TRAILING_DATA`, `TOO_DEEP`, `MISSING_FIELD`, `WRONG_TYPE`, `INVALID_VALUE`,
 * `DECRYPT_FAILED`, `GZIP`, `TOO_LARGE` (over `options.maxBytes`, decompressed size included);
 * `issues[].path` is the JSON Pointer of each bad spot) and
 * {@link UnsupportedStateError} for recognised non-states (`kind`: `encrypted`,
 * `backend-config`, `git-crypt`, `age`, `merge-conflict`, `binary-v0`, `plan-file`, `gzip`
 * (compressed data passed as text, where the bytes are already lost), `version-0`, `version-N`,
 * and `live-snapshot` or `drift-report` for tfdrift's own documents passed as a state).
 *
 * @example
 * ```ts
 * import { readFileSync } from 'node:fs';
 * import { parseState } from 'tfdrift';
 *
 * const state = parseState(readFileSync('terraform.tfstate'), { source: 'terraform.tfstate' });
 * for (const r of state.resources) console.log(r.address, r.id);
 * ```
 * @public
 */
export function parseState(
  input: string | Uint8Array | object,
  options: ParseStateOptions = {},
): TerraformState {
  const { document, source } = readDocument(input, options);
  return fromDocument(document, source, options.passphrase);
}

/**
 * {@link parseState} with an OpenTofu envelope's keys derived off the event loop (what
 * `loadState` uses): a long pbkdf2 derivation then holds up no other work in the process.
 * @internal
 */
export async function parseStateAsync(
  input: string | Uint8Array | object,
  options: ParseStateOptions = {},
): Promise<TerraformState> {
  const { document, source, maxBytes } = readDocument(input, options);
  if (isObject(document) && isEncryptedEnvelope(document)) {
    const plaintext = await decryptEnvelopeAsync(document, options.passphrase, source);
    // The decrypted text is a plain state; a second envelope inside would be a loop.
    return parseState(plaintext, { source, maxBytes });
  }
  return fromDocument(document, source, options.passphrase);
}

/** Any accepted input to a JSON document, within the size limit. */
function readDocument(
  input: string | Uint8Array | object,
  options: ParseStateOptions,
): { document: unknown; source: string; maxBytes: number } {
  const source = options.source ?? '<input>';
  const maxBytes = maxStateBytes(options.maxBytes, source);
  let document: unknown;
  if (typeof input === 'string') {
    if (input.length > maxBytes) throw tooLarge(source, maxBytes, 'text');
    document = parseText(input, source);
  } else if (input instanceof Uint8Array) {
    if (input.byteLength > maxBytes) throw tooLarge(source, maxBytes, 'input');
    document = parseText(decode(input, source, maxBytes), source);
  } else if (typeof input === 'object' && input !== null) {
    const finding = inspectDocument(input);
    if (finding.kind === 'too-deep') throw tooDeep(source, finding.pointer);
    document = input;
  } else {
    throw new StateParseError(
      `Invalid state input: expected text, bytes or an object, got ${describeType(input)}`,
      {
        source,
        reason: 'WRONG_TYPE',
      },
    );
  }
  return { document, source, maxBytes };
}
