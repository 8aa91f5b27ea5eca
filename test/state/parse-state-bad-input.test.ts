/**
 * Inputs that are not a readable state: each must produce a typed error with a code, the
 * source name and the JSON Pointer of the bad spot, and none may crash, hang or pollute.
 */
import { gzipSync } from 'node:zlib';
import { describe, expect, it } from 'vitest';
import { isTfdriftError, StateParseError, UnsupportedStateError } from '../../src/errors.js';
import { parseState } from '../../src/state/parse-state.js';

const AWS = 'provider["registry.terraform.io/hashicorp/aws"]';
const VALID = JSON.stringify({
  version: 4,
  serial: 1,
  lineage: 'x',
  outputs: {},
  resources: [
    {
      mode: 'managed',
      type: 'aws_instance',
      name: 'web',
      provider: AWS,
      instances: [{ schema_version: 1, attributes: { id: 'i-1', password: 'hunter2-secret' } }],
    },
  ],
});

function failure(
  input: Parameters<typeof parseState>[0],
  passphrase?: string,
): StateParseError | UnsupportedStateError {
  try {
    parseState(input, {
      source: 'test.tfstate',
      ...(passphrase === undefined ? {} : { passphrase }),
    });
  } catch (error) {
    expect(isTfdriftError(error)).toBe(true);
    expect((error as { source: string }).source).toBe('test.tfstate');
    return error as StateParseError | UnsupportedStateError;
  }
  throw new Error('expected parseState to throw');
}

function parseFailure(input: Parameters<typeof parseState>[0]): StateParseError {
  const error = failure(input);
  expect(error).toBeInstanceOf(StateParseError);
  return error as StateParseError;
}

function unsupportedFailure(input: Parameters<typeof parseState>[0]): UnsupportedStateError {
  const error = failure(input);
  expect(error).toBeInstanceOf(UnsupportedStateError);
  return error as UnsupportedStateError;
}

describe('bad input', () => {
  it('not JSON: NOT_JSON with a position and no quoted content', () => {
    const error = parseFailure('{"version": 4, "resources": [hunter2]}');
    expect(error.reason).toBe('NOT_JSON');
    expect(error.pointer).toBe('/resources/0');
    expect(error.message).toContain('line 1, column 30');
    expect(error.message).not.toContain('hunter2');
  });

  it('truncated: TRUNCATED at the spot being read', () => {
    const error = parseFailure(VALID.slice(0, VALID.indexOf('hunter2') + 3));
    expect(error.reason).toBe('TRUNCATED');
    expect(error.pointer).toBe('/resources/0/instances/0/attributes/password');
    expect(error.message).not.toContain('hun');
  });

  it('trailing data after the document: TRAILING_DATA', () => {
    expect(parseFailure(`${VALID}\n{}`).reason).toBe('TRAILING_DATA');
  });

  it('a byte order mark is skipped: UTF-8 as text and bytes, UTF-16 as bytes', () => {
    expect(parseState(`\ufeff${VALID}`).resources).toHaveLength(1);
    const bytes = Buffer.concat([Buffer.from([0xef, 0xbb, 0xbf]), Buffer.from(VALID)]);
    expect(parseState(bytes).resources).toHaveLength(1);
    expect(parseState(new Uint8Array(bytes)).resources).toHaveLength(1);
    // UTF-16 with a byte order mark (PowerShell 5 redirection), little and big endian.
    const utf16le = Buffer.from(`\ufeff${VALID}`, 'utf16le');
    expect(parseState(utf16le).resources).toHaveLength(1);
    expect(parseState(Buffer.from(utf16le).swap16()).resources).toHaveLength(1);
    // A view into a larger buffer: only its own bytes are read.
    const padded = Buffer.concat([Buffer.from('garbage'), bytes, Buffer.from('trailing')]);
    const view = new Uint8Array(padded.buffer, padded.byteOffset + 7, bytes.length);
    expect(parseState(view).resources).toHaveLength(1);
  });

  it('0-byte and whitespace-only input: EMPTY', () => {
    expect(parseFailure('').reason).toBe('EMPTY');
    expect(parseFailure(new Uint8Array(0)).reason).toBe('EMPTY');
    expect(parseFailure(' \n\t').reason).toBe('EMPTY');
    expect(parseFailure('\ufeff').reason).toBe('EMPTY');
  });

  it('JSON that is not an object: WRONG_TYPE at the root', () => {
    for (const text of ['[]', '"state"', '4', 'null']) {
      const error = parseFailure(text);
      expect(error.reason).toBe('WRONG_TYPE');
      expect(error.pointer).toBe('');
    }
    expect(parseFailure(42 as unknown as object).reason).toBe('WRONG_TYPE');
  });

  it('missing version: MISSING_FIELD at /version', () => {
    const error = parseFailure('{"serial": 1, "resources": []}');
    expect(error.reason).toBe('MISSING_FIELD');
    expect(error.pointer).toBe('/version');
  });

  it('version of the wrong type: WRONG_TYPE at /version', () => {
    expect(parseFailure('{"version": "4"}').pointer).toBe('/version');
    expect(parseFailure('{"version": 4.5}').reason).toBe('WRONG_TYPE');
    expect(parseFailure('{"version": -1}').reason).toBe('WRONG_TYPE');
  });

  it('a version newer than 4, and version 0: UnsupportedStateError at /version', () => {
    const newer = unsupportedFailure('{"version": 5, "resources": []}');
    expect(newer.kind).toBe('version-5');
    expect(newer.pointer).toBe('/version');
    expect(newer.message).toContain('newer');
    expect(unsupportedFailure('{"version": 0}').kind).toBe('version-0');
  });

  it('gzip-compressed bytes (Consul, Kubernetes backends) are decompressed; broken gzip is a typed error', () => {
    const state = JSON.stringify({
      version: 4,
      serial: 3,
      lineage: 'l',
      outputs: {},
      resources: [
        {
          mode: 'managed',
          type: 'null_resource',
          name: 'a',
          provider: 'provider["registry.terraform.io/hashicorp/null"]',
          instances: [{ schema_version: 0, attributes: { id: '1' } }],
        },
      ],
    });
    const parsed = parseState(gzipSync(Buffer.from(state)), { source: 'consul' });
    expect(parsed.resources.map((r) => r.address)).toEqual(['null_resource.a']);
    expect(parsed.serial).toBe(3);
    let caught: unknown;
    try {
      parseState(Buffer.from([0x1f, 0x8b, 8, 0]), { source: 'consul' });
    } catch (error) {
      caught = error;
    }
    expect(caught).toBeInstanceOf(StateParseError);
    expect((caught as StateParseError).reason).toBe('GZIP');
    expect((caught as StateParseError).source).toBe('consul');
    // As text (not bytes) the gzip magic is still recognised, never parsed as JSON.
    expect(unsupportedFailure('\u001f\u008b\u0008\u0000').kind).toBe('gzip');
  });

  it('binary pre-0.7 state, plan files, git-crypt and age: recognised by their first bytes', () => {
    expect(unsupportedFailure('tfstate\u0000\u0001binary').kind).toBe('binary-v0');
    expect(unsupportedFailure(Buffer.from([0x50, 0x4b, 3, 4, 0, 0])).kind).toBe('plan-file');
    expect(unsupportedFailure(Buffer.from('\u0000GITCRYPT\u0000abc', 'latin1')).kind).toBe(
      'git-crypt',
    );
    expect(unsupportedFailure('-----BEGIN AGE ENCRYPTED FILE-----\nabc\n').kind).toBe('age');
    expect(unsupportedFailure('age-encryption.org/v1\n-> X25519 abc\n').kind).toBe('age');
  });

  it('merge-conflict markers: named, with the line of the first marker', () => {
    const text = `{\n  "version": 4,\n<<<<<<< HEAD\n  "serial": 2,\n=======\n  "serial": 3,\n>>>>>>> branch\n}`;
    const error = unsupportedFailure(text);
    expect(error.kind).toBe('merge-conflict');
    expect(error.message).toContain('line 3');
  });

  it('a missing resource field and a wrong type: pointers into the resource', () => {
    const missing = parseFailure(
      JSON.stringify({
        version: 4,
        resources: [{ mode: 'managed', name: 'n', provider: AWS, instances: [] }],
      }),
    );
    expect(missing.reason).toBe('MISSING_FIELD');
    expect(missing.pointer).toBe('/resources/0/type');
    const wrong = parseFailure(JSON.stringify({ version: 4, resources: { a: 1 } }));
    expect(wrong.reason).toBe('WRONG_TYPE');
    expect(wrong.pointer).toBe('/resources');
    const noInstances = parseFailure(
      JSON.stringify({
        version: 4,
        resources: [{ mode: 'managed', type: 't', name: 'n', provider: AWS }],
      }),
    );
    expect(noInstances.pointer).toBe('/resources/0/instances');
    const noProvider = parseFailure(
      JSON.stringify({
        version: 4,
        resources: [{ mode: 'managed', type: 't', name: 'n', instances: [{}] }],
      }),
    );
    expect(noProvider.pointer).toBe('/resources/0/instances/0/provider');
    const badOutputs = parseFailure(
      JSON.stringify({ version: 4, resources: [], outputs: { o: 'x' } }),
    );
    expect(badOutputs.pointer).toBe('/outputs/o');
    const badSerial = parseFailure(JSON.stringify({ version: 4, resources: [], serial: '1' }));
    expect(badSerial.pointer).toBe('/serial');
  });

  it('nesting 100,000 levels deep: TOO_DEEP with a pointer, as text and as an object', () => {
    const depth = 100_000;
    const text = `{"version":4,"resources":[{"mode":"managed","type":"t","name":"n","provider":${JSON.stringify(AWS)},"instances":[{"attributes":{"x":${'['.repeat(depth)}${']'.repeat(depth)}}}]}]}`;
    const error = parseFailure(text);
    expect(error.reason).toBe('TOO_DEEP');
    expect(error.pointer.startsWith('/resources/0/instances/0/attributes/x/0/0/0')).toBe(true);

    // An object built by the caller, without JSON.parse.
    let deep: unknown = [];
    for (let i = 0; i < depth; i++) deep = [deep];
    expect(
      parseFailure({ version: 4, resources: [], outputs: { o: { value: deep } } }).reason,
    ).toBe('TOO_DEEP');

    // Unbalanced deep text never parses; it must still fail cleanly.
    expect(parseFailure('['.repeat(depth)).reason).toBe('TRUNCATED');
  });

  it('__proto__ and constructor keys stay plain data and pollute nothing', () => {
    const text = `{"version":4,"resources":[{"mode":"managed","type":"t","name":"n","provider":${JSON.stringify(AWS)},"instances":[{"attributes":{"__proto__":{"polluted":"yes"},"constructor":{"prototype":{"polluted":"yes"}},"tags":{"__proto__":"x"}}}]}],"outputs":{"__proto__":{"value":{"polluted":"yes"}}}}`;
    for (const input of [text, `${text.slice(0, -1)},"big":12345678901234567890}`]) {
      const parsed = parseState(input);
      const attributes = parsed.resources[0]?.attributes as Record<string, unknown>;
      expect(Object.keys(attributes)).toEqual(['__proto__', 'constructor', 'tags']);
      expect(Object.getOwnPropertyDescriptor(attributes, '__proto__')?.value).toEqual({
        polluted: 'yes',
      });
      expect(Object.getPrototypeOf(attributes)).toBe(Object.prototype);
      expect(Object.keys(parsed.outputs)).toEqual(['__proto__']);
      expect(Object.getPrototypeOf(parsed.outputs)).toBe(Object.prototype);
      expect(({} as Record<string, unknown>).polluted).toBeUndefined();
      expect((Object.prototype as Record<string, unknown>).polluted).toBeUndefined();
    }
  });

  it('uses "<input>" as the source when none is given', () => {
    try {
      parseState('nope');
      expect.unreachable();
    } catch (error) {
      expect((error as StateParseError).source).toBe('<input>');
    }
  });
});
