import { readFileSync } from 'node:fs';
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { formatAddress, parseAddress, type AddressParts } from '../../src/state/address.js';
import { parseState } from '../../src/state/parse-state.js';
import { StateParseError } from '../../src/errors.js';
import { corpusFiles, corpusPath, hasCorpus } from '../helpers/corpus.js';

describe('parseAddress', () => {
  it('reads module steps, data mode, and both kinds of keys', () => {
    expect(parseAddress('module.a["k"].module.b[0].data.aws_ami.web["x"]')).toEqual({
      modules: [
        { name: 'a', key: 'k' },
        { name: 'b', key: 0 },
      ],
      mode: 'data',
      type: 'aws_ami',
      name: 'web',
      key: 'x',
    });
    expect(parseAddress('aws_instance.web')).toEqual({
      modules: [],
      mode: 'managed',
      type: 'aws_instance',
      name: 'web',
    });
  });

  it('reads string keys holding dots, brackets, quotes, escapes and unicode', () => {
    expect(parseAddress('module.m["a.b[\\"c\\"]"].t.n').modules[0]?.key).toBe('a.b["c"]');
    expect(parseAddress('t.n["line\\nbreak\\ttab\\\\"]').key).toBe('line\nbreak\ttab\\');
    expect(parseAddress('t.n["ünï 😀"]').key).toBe('ünï 😀');
    expect(parseAddress('t.n["\\u200d\\U0001f600"]').key).toBe('\u200d😀');
    expect(parseAddress('t.n["$${var.x} %%{if}"]').key).toBe('${var.x} %{if}');
    expect(parseAddress('t.n["$$x"]').key).toBe('$$x');
  });

  it('accepts the resource. prefix for types that would read as another form', () => {
    expect(parseAddress('resource.module.x')).toMatchObject({ mode: 'managed', type: 'module' });
  });

  it.each([
    ['', 'expected a resource type'],
    ['aws_instance', 'expected "."'],
    ['aws_instance.', 'expected a resource name'],
    ['aws_instance.web[', 'expected an integer'],
    ['aws_instance.web[01]', 'leading zero'],
    ['aws_instance.web["x"', 'expected "]"'],
    ['aws_instance.web["x]', 'unterminated'],
    ['aws_instance.web["${x}"]', 'template'],
    ['aws_instance.web["\\q"]', 'unknown escape'],
    ['aws_instance.web["\\u12"]', 'bad unicode escape'],
    ['aws_instance.web[0].extra', 'unexpected text'],
    ['module.m.', 'expected a resource type'],
    ['ephemeral.random_password.p', 'ephemeral'],
    ['resource.x', 'expected "."'],
    ['aws_instance.web[99999999999999999999]', 'too large'],
  ])('rejects %j with a typed error', (address, fragment) => {
    let caught: unknown;
    try {
      parseAddress(address);
    } catch (error) {
      caught = error;
    }
    expect(caught).toBeInstanceOf(StateParseError);
    expect((caught as StateParseError).reason).toBe('INVALID_ADDRESS');
    expect((caught as StateParseError).message).toContain(fragment);
  });
});

describe('formatAddress', () => {
  it('writes keys with HCL quoting as Terraform does', () => {
    const parts = (key: string): AddressParts => ({
      modules: [],
      mode: 'managed',
      type: 't',
      name: 'n',
      key,
    });
    expect(formatAddress(parts('a"b\\c'))).toBe('t.n["a\\"b\\\\c"]');
    expect(formatAddress(parts('${x}'))).toBe('t.n["$${x}"]');
    expect(formatAddress(parts('%{x} $x'))).toBe('t.n["%%{x} $x"]');
    // Go's unicode.IsPrint: zero-width joiner and control characters are escaped, emoji are not.
    expect(formatAddress(parts('😀\u200d\u0001\n'))).toBe('t.n["😀\\u200d\\u0001\\n"]');
    expect(formatAddress(parts(''))).toBe('t.n[""]');
  });

  it('writes module steps and data mode', () => {
    expect(
      formatAddress({
        modules: [{ name: 'net', key: 'eu' }, { name: 'sub' }],
        mode: 'data',
        type: 'aws_ami',
        name: 'x',
        key: 3,
      }),
    ).toBe('module.net["eu"].module.sub.data.aws_ami.x[3]');
  });
});

describe('address round trip', () => {
  const crafted = [
    'module.a["k"].module.b[0].aws_instance.web["x"]',
    'module.x["a.b"].aws_s3_bucket.b',
    'module.x["[0]"].aws_s3_bucket.b["]"]',
    'aws_iam_role.r["\\"quoted\\""]',
    'aws_iam_role.r["back\\\\slash"]',
    'aws_iam_role.r["日本語.キー"]',
    'aws_iam_role.r["$${not.a.template}"]',
    'aws_iam_role.r["%%{nor.this}"]',
    'aws_iam_role.r["\\u00a0nbsp"]',
    'data.aws_ami.ubuntu',
    'module.m[12].data.aws_ami.ubuntu[3]',
  ];
  it.each(crafted)('%s', (address) => {
    expect(formatAddress(parseAddress(address))).toBe(address);
  });

  it('holds for any parts (property)', () => {
    const identifier = fc.stringMatching(/^[a-z_][a-z0-9_-]{0,12}$/);
    const key = fc.option(
      fc.oneof(fc.nat({ max: 1_000_000 }), fc.string({ unit: 'binary', maxLength: 16 })),
      { nil: undefined },
    );
    const parts = fc.record({
      modules: fc.array(fc.record({ name: identifier, key }), { maxLength: 3 }),
      mode: fc.constantFrom('managed' as const, 'data' as const),
      type: identifier,
      name: identifier,
      key,
    });
    fc.assert(
      fc.property(parts, (p) => {
        const address = formatAddress(p);
        expect(formatAddress(parseAddress(address))).toBe(address);
        const back = parseAddress(address);
        expect(back.type).toBe(p.type);
        expect(back.key).toBe(p.key);
        expect(back.modules.map((m) => m.key)).toEqual(p.modules.map((m) => m.key));
      }),
      { numRuns: 300 },
    );
  });
});

describe.skipIf(!hasCorpus)('every address in the corpus round-trips', () => {
  const collect = (value: unknown, into: Set<string>): void => {
    if (Array.isArray(value)) value.forEach((v) => collect(v, into));
    else if (typeof value === 'object' && value !== null) {
      for (const [k, v] of Object.entries(value)) {
        if (k === 'address' && typeof v === 'string' && !v.includes('provider[')) into.add(v);
        else collect(v, into);
      }
    }
  };

  for (const folder of ['state', 'plan']) {
    for (const file of corpusFiles(folder)) {
      it(`${folder}/${file}`, () => {
        let state;
        try {
          state = parseState(readFileSync(corpusPath(folder, file)));
        } catch {
          return; // Invalid inputs are covered by the parse-state corpus test.
        }
        const addresses = new Set(state.resources.map((r) => r.address));
        // Plan JSON also spells addresses itself (resource_changes, planned_values): Terraform's own output.
        if (folder === 'plan') {
          const raw = JSON.parse(readFileSync(corpusPath(folder, file), 'utf8')) as unknown;
          const fromFile = new Set<string>();
          collect(raw, fromFile);
          for (const a of fromFile)
            if (/^(module\.|data\.|[a-z])/.test(a) && a.includes('.')) addresses.add(a);
        }
        for (const address of addresses) {
          // Module-only addresses (child_modules[].address) are not resource addresses.
          if (/^(module\.[^.]+(\[[^\]]*\])?\.?)+$/.test(address)) continue;
          expect(formatAddress(parseAddress(address))).toBe(address);
        }
        // Dependencies are unkeyed configuration addresses: they must read and print back too.
        for (const dependency of state.resources.flatMap((r) => r.dependencies)) {
          expect(formatAddress(parseAddress(dependency))).toBe(dependency);
        }
        for (const r of state.resources) {
          const parts = parseAddress(r.address);
          expect(parts.type).toBe(r.type);
          expect(parts.name).toBe(r.name);
          expect(parts.mode).toBe(r.mode);
          expect(parts.key).toBe(r.indexKey);
        }
      });
    }
  }
});
