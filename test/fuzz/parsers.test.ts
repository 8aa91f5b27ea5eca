/**
 * Every parser of untrusted input, fed generated and hostile input with a bounded budget:
 * the state parser (text, bytes, gzip, documents shaped like states), the snapshot reader,
 * the address parser and the configuration parsers (HCL through the WebAssembly parser, and
 * Terraform JSON). The property is the same everywhere: a result or a `TfdriftError`, never
 * another error, never a crash of the process, never a hang (the test timeout bounds it).
 */
import { mkdtemp, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { gzipSync } from 'node:zlib';
import fc from 'fast-check';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { isTfdriftError } from '../../src/errors.js';
import { parseAddress, formatAddress } from '../../src/state/address.js';
import { parseState } from '../../src/state/parse-state.js';
import { snapshotProvider } from '../../src/providers/snapshot-provider.js';
import { parseConfig } from '../../src/config/parse-config.js';
import { loadHclParser, parseHclFile, parseJsonFile } from '../../src/config/hcl-parser.js';
import type { Hcl2Json } from '../../src/config/hcl-parser.js';

/** Runs `fn`; a thrown error must be a tfdrift error. */
function typedOrResult(fn: () => unknown): void {
  try {
    fn();
  } catch (error) {
    if (!isTfdriftError(error)) throw error;
  }
}

async function typedOrResultAsync(fn: () => Promise<unknown>): Promise<void> {
  try {
    await fn();
  } catch (error) {
    if (!isTfdriftError(error)) throw error;
  }
}

/** Deeply nested text built from an opener and a closer, sometimes left unclosed. */
const nested = (open: string, close: string, inner: fc.Arbitrary<string>) =>
  fc
    .tuple(fc.integer({ min: 1, max: 20_000 }), inner, fc.boolean())
    .map(
      ([depth, middle, closed]) =>
        open.repeat(depth) + middle + (closed ? close.repeat(depth) : ''),
    );

const AWS = 'provider["registry.terraform.io/hashicorp/aws"]';

/** Documents shaped like states, with any field possibly replaced by any JSON. */
const stateShaped = fc.record(
  {
    version: fc.oneof(fc.constantFrom(4, 3, 2, 1, 0, 5, '4', -1, 4.5), fc.jsonValue()),
    serial: fc.oneof(fc.nat(), fc.bigInt().map(String), fc.jsonValue()),
    lineage: fc.oneof(fc.string(), fc.jsonValue()),
    terraform_version: fc.oneof(fc.constantFrom('1.9.8', '0.11.14', ''), fc.jsonValue()),
    outputs: fc.oneof(
      fc.dictionary(fc.string(), fc.record({ value: fc.jsonValue(), type: fc.jsonValue() })),
      fc.jsonValue(),
    ),
    resources: fc.array(
      fc.record(
        {
          mode: fc.constantFrom('managed', 'data', 'other', ''),
          type: fc.oneof(fc.constant('aws_instance'), fc.string()),
          name: fc.string(),
          module: fc.string(),
          provider: fc.oneof(fc.constant(AWS), fc.string()),
          each: fc.constantFrom('list', 'map', 'x'),
          instances: fc.oneof(
            fc.array(
              fc.record(
                {
                  index_key: fc.oneof(fc.nat(), fc.string(), fc.jsonValue()),
                  schema_version: fc.oneof(fc.nat(), fc.jsonValue()),
                  attributes: fc.oneof(fc.dictionary(fc.string(), fc.jsonValue()), fc.jsonValue()),
                  attributes_flat: fc.dictionary(fc.string(), fc.string()),
                  sensitive_attributes: fc.jsonValue(),
                  deposed: fc.string(),
                  status: fc.string(),
                  dependencies: fc.jsonValue(),
                },
                { requiredKeys: [] },
              ),
              { maxLength: 3 },
            ),
            fc.jsonValue(),
          ),
        },
        { requiredKeys: ['mode', 'type', 'name'] },
      ),
      { maxLength: 4 },
    ),
    modules: fc.jsonValue(),
    format_version: fc.oneof(fc.constant('1.0'), fc.jsonValue()),
    values: fc.jsonValue(),
    prior_state: fc.jsonValue(),
    encryption_version: fc.oneof(fc.constant('v0'), fc.string()),
    meta: fc.dictionary(
      fc.constantFrom('key_provider.pbkdf2.k', 'key_provider.aws_kms.k'),
      fc.base64String(),
    ),
    encrypted_data: fc.base64String(),
  },
  { requiredKeys: [] },
);

/** JSON-looking text: tokens that steer the parser into its corners. */
const jsonish = fc
  .array(
    fc.oneof(
      fc.constantFrom(
        '{',
        '}',
        '[',
        ']',
        ',',
        ':',
        '"',
        '\\',
        '\\u',
        '\\ud800',
        'true',
        'null',
        '-',
        '0',
        '1e999',
        '9007199254740993',
        '"version"',
        '"resources"',
        ' ',
        '\n',
        '\u0000',
        '\ufeff',
        '<<<<<<< ',
        '>>>>>>> ',
      ),
      fc.string({ maxLength: 8 }),
    ),
    { maxLength: 200 },
  )
  .map((parts) => parts.join(''));

describe('fuzz: parseState', () => {
  it('state-shaped documents, as objects and as text', () => {
    fc.assert(
      fc.property(
        stateShaped,
        fc.option(fc.string({ maxLength: 12 }), { nil: undefined }),
        (doc, passphrase) => {
          const options = passphrase === undefined ? {} : { passphrase };
          typedOrResult(() => parseState(doc, options));
          typedOrResult(() => parseState(JSON.stringify(doc), options));
        },
      ),
      { numRuns: 300 },
    );
  });

  it('any JSON value, and JSON-looking text', () => {
    fc.assert(
      fc.property(
        fc.oneof(
          fc.jsonValue().map((v) => JSON.stringify(v)),
          jsonish,
        ),
        (text) => {
          typedOrResult(() => parseState(text));
        },
      ),
      { numRuns: 500 },
    );
  });

  it('any bytes, gzip-compressed or not, with byte order marks', () => {
    fc.assert(
      fc.property(
        fc.uint8Array({ maxLength: 512 }),
        fc.constantFrom('plain', 'gzip', 'utf16le', 'utf16be', 'truncated-gzip'),
        (bytes, wrap) => {
          let input: Uint8Array = bytes;
          if (wrap === 'gzip') input = gzipSync(bytes);
          if (wrap === 'truncated-gzip') input = gzipSync(bytes).subarray(0, 12);
          if (wrap === 'utf16le') input = Buffer.concat([Buffer.from([0xff, 0xfe]), bytes]);
          if (wrap === 'utf16be') input = Buffer.concat([Buffer.from([0xfe, 0xff]), bytes]);
          typedOrResult(() => parseState(input));
        },
      ),
      { numRuns: 300 },
    );
  });

  it('deep nesting, long numbers and long strings, with and without an unsafe integer', () => {
    const hostile = fc.oneof(
      nested('[', ']', fc.constantFrom('1', '9007199254740993', '')),
      nested('{"a":', '}', fc.constantFrom('1', '9007199254740993', '"x"')),
      fc.integer({ min: 1, max: 200_000 }).map((n) => `{"version":4,"serial":${'9'.repeat(n)}}`),
      // 8 MiB and more in one string used to overflow the lossless parser's regular expression.
      fc
        .constantFrom(10, 100_000, 9 * 1024 * 1024)
        .map((n) => `{"version":4,"serial":9007199254740993,"s":"${'x'.repeat(n)}"`),
    );
    fc.assert(
      fc.property(hostile, (text) => typedOrResult(() => parseState(text))),
      { numRuns: 40 },
    );
  });
});

describe('fuzz: snapshotProvider', () => {
  const snapshotShaped = fc.record(
    {
      resources: fc.oneof(
        fc.dictionary(
          fc.oneof(fc.constantFrom('aws_s3_bucket.b', 'module.m["k"].aws_vpc.v[0]'), fc.string()),
          fc.oneof(
            fc.constant(null),
            fc.record({ attributes: fc.jsonValue() }, { requiredKeys: [] }),
            fc.jsonValue(),
          ),
        ),
        fc.jsonValue(),
      ),
      byId: fc.oneof(
        fc.dictionary(
          fc.string(),
          fc.dictionary(
            fc.string(),
            fc.record({ attributes: fc.jsonValue(), name: fc.jsonValue() }, { requiredKeys: [] }),
          ),
        ),
        fc.jsonValue(),
      ),
      types: fc.oneof(fc.array(fc.string()), fc.jsonValue()),
    },
    { requiredKeys: [] },
  );
  let dir: string;
  beforeAll(async () => {
    dir = await mkdtemp(join(tmpdir(), 'tfdrift-fuzz-'));
  });
  afterAll(async () => {
    await rm(dir, { recursive: true, force: true });
  });

  it('snapshot-shaped and arbitrary data', () => {
    fc.assert(
      fc.property(fc.oneof(snapshotShaped, fc.jsonValue()), (data) => {
        typedOrResult(() => snapshotProvider({ data }));
      }),
      { numRuns: 300 },
    );
  });

  it('files holding any text, JSON-looking text or deep nesting', async () => {
    let run = 0;
    await fc.assert(
      fc.asyncProperty(
        fc.oneof(
          jsonish,
          fc.string(),
          nested('{"resources":', '}', fc.constant('{}')),
          snapshotShaped.map((s) => JSON.stringify(s)),
        ),
        async (text) => {
          const file = join(dir, `snapshot-${run++}.json`);
          await writeFile(file, text);
          typedOrResult(() => snapshotProvider({ file }));
        },
      ),
      { numRuns: 100 },
    );
  });
});

describe('fuzz: parseAddress', () => {
  const addressish = fc
    .array(
      fc.oneof(
        fc.constantFrom(
          'module.',
          'data.',
          'aws_s3_bucket',
          '.',
          'name',
          '[',
          ']',
          '[0]',
          '["k"]',
          '"',
          '\\',
          '\\"',
          '*',
          '-1',
          '1e3',
          ' ',
          '\u0000',
          '\n',
          'ephemeral.',
        ),
        fc.string({ maxLength: 6 }),
      ),
      { maxLength: 30 },
    )
    .map((parts) => parts.join(''));

  it('any text: parts that format back to an address that parses the same, or a typed error', () => {
    fc.assert(
      fc.property(fc.oneof(addressish, fc.string({ unit: 'binary' })), (text) => {
        let parts;
        try {
          parts = parseAddress(text);
        } catch (error) {
          if (!isTfdriftError(error)) throw error;
          return;
        }
        expect(parseAddress(formatAddress(parts))).toEqual(parts);
      }),
      { numRuns: 2000 },
    );
  });

  it('huge and deeply bracketed addresses', () => {
    fc.assert(
      fc.property(
        fc.oneof(
          nested('[', ']', fc.constant('0')).map((s) => `aws_s3_bucket.b${s}`),
          fc.integer({ min: 1, max: 100_000 }).map((n) => 'module.m.'.repeat(n) + 'aws_vpc.v'),
          fc.integer({ min: 1, max: 1_000_000 }).map((n) => `aws_s3_bucket.b["${'\\'.repeat(n)}"]`),
        ),
        (text) => typedOrResult(() => parseAddress(text)),
      ),
      { numRuns: 40 },
    );
  });
});

describe('fuzz: configuration parsers', () => {
  /** HCL-looking text: blocks, strings, heredocs, interpolations, operators, comments. */
  const hclish = fc
    .array(
      fc.oneof(
        {
          weight: 3,
          arbitrary: fc.constantFrom(
            'resource "aws_s3_bucket" "b" {\n',
            '}\n',
            'x = ',
            '[',
            ']',
            '(',
            ')',
            '{',
            '}',
            '"',
            '${',
            '%{',
            '$${',
            '\\',
            '\n',
            '!',
            '-',
            '? 1 : ',
            '# c\n',
            '/*',
            '*/',
            '<<EOT\n',
            '<<-EOT\n',
            '\nEOT\n',
            'for k, v in x : ',
            '=>',
            '...',
            'a.b[0].c',
            '1e999',
            '\u0000',
            '\ufeff',
          ),
        },
        { weight: 1, arbitrary: fc.string({ maxLength: 6 }) },
      ),
      { maxLength: 80 },
    )
    .map((parts) => parts.join(''));
  const hostileHcl = fc.oneof(
    nested('a {\n', '}\n', fc.constant('')),
    nested('x = [', ']', fc.constant('1')).map((s) => `${s}\n`),
    nested('"${', '}"', fc.constant('1')).map((s) => `x = ${s}\n`),
    fc.integer({ min: 1, max: 100_000 }).map((n) => `x = ${'!'.repeat(n)}true\n`),
    fc.integer({ min: 1, max: 50_000 }).map((n) => `x = ${'a ? 1 : '.repeat(n)}2\n`),
  );
  let parser: Hcl2Json;
  beforeAll(async () => {
    parser = await loadHclParser();
  });

  it('HCL: generated and hostile text, and the parser still works afterwards', async () => {
    await fc.assert(
      fc.asyncProperty(fc.oneof(hclish, hostileHcl), async (text) => {
        await typedOrResultAsync(() => parseHclFile(parser, 'fuzz.tf', text));
      }),
      { numRuns: 80 },
    );
    expect(await parseHclFile(parser, 'good.tf', 'x = 1\n')).toEqual({ x: 1 });
  });

  it('Terraform JSON: any text and deep nesting', () => {
    fc.assert(
      fc.property(
        fc.oneof(
          jsonish,
          fc.jsonValue().map((v) => JSON.stringify(v)),
          nested('{"a":', '}', fc.constant('1')),
        ),
        (text) => {
          typedOrResult(() => parseJsonFile('fuzz.tf.json', text));
        },
      ),
      { numRuns: 300 },
    );
  });

  it('parseConfig on a directory of generated files, native and JSON', async () => {
    const dirs: string[] = [];
    const file = fc.oneof(
      fc.tuple(fc.constant('tf'), fc.oneof(hclish, hostileHcl)),
      fc.tuple(
        fc.constant('tf.json'),
        fc.oneof(
          jsonish,
          nested('{"locals":{"a":', '}}', fc.constant('1')),
          nested('[', ']', fc.constant('')).map(
            (s) => `{"resource":{"aws_vpc":{"v":{"tags":${s}}}}}`,
          ),
        ),
      ),
    );
    try {
      await fc.assert(
        fc.asyncProperty(fc.array(file, { minLength: 1, maxLength: 3 }), async (files) => {
          const dir = await mkdtemp(join(tmpdir(), 'tfdrift-fuzz-config-'));
          dirs.push(dir);
          await Promise.all(
            files.map(([ext, text], i) => writeFile(join(dir, `f${i}.${ext}`), text)),
          );
          await typedOrResultAsync(() => parseConfig(dir));
        }),
        { numRuns: 20 },
      );
    } finally {
      await Promise.all(dirs.map((dir) => rm(dir, { recursive: true, force: true })));
    }
  });
});
