import { describe, expect, it } from 'vitest';
import { ConfigParseError } from '../../src/errors.js';
import {
  expressionSource,
  isTemplate,
  splitLiterals,
  traversalToPointer,
} from '../../src/config/expressions.js';
import { HCL2JSON_PACKAGE, loadHclParser, parseHclFile } from '../../src/config/hcl-parser.js';

describe('loadHclParser', () => {
  it('loads @cdktf/hcl2json once and parses HCL with it', async () => {
    const parser = await loadHclParser();
    expect(await loadHclParser()).toBe(parser);
    expect(HCL2JSON_PACKAGE).toBe('@cdktf/hcl2json');
    const body = await parseHclFile(parser, 'x.tf', 'locals {\n  a = 1\n}\n');
    expect(body).toEqual({ locals: [{ a: 1 }] });
  });

  it('names the missing optional peer dependency and how to install it', async () => {
    const error = await loadHclParser('@tfdrift-test/not-installed-hcl2json').then(
      () => undefined,
      (e: unknown) => e,
    );
    expect(error).toBeInstanceOf(ConfigParseError);
    expect((error as ConfigParseError).message).toContain('@tfdrift-test/not-installed-hcl2json');
    expect((error as ConfigParseError).message).toContain('npm install');
  });

  it('rejects a package that has no parse function', async () => {
    // node:os is importable but is not hcl2json.
    const error = await loadHclParser('node:os').then(
      () => undefined,
      (e: unknown) => e,
    );
    expect(error).toBeInstanceOf(ConfigParseError);
    expect((error as Error).message).toContain('does not export parse()');
  });

  it('keeps the message of a diagnostic it cannot locate', async () => {
    const failing = { parse: () => Promise.reject(new Error('parse config: something odd')) };
    const error = await parseHclFile(failing, 'a.tf', '').then(
      () => undefined,
      (e: unknown) => e,
    );
    expect(error).toBeInstanceOf(ConfigParseError);
    expect((error as ConfigParseError).message).toBe('a.tf: something odd');
    expect((error as ConfigParseError).line).toBeUndefined();
  });
});

describe('expressions', () => {
  it('tells templates from literals, escapes included', () => {
    expect(isTemplate('${var.x}')).toBe(true);
    expect(isTemplate('prefix-${var.x}-suffix')).toBe(true);
    expect(isTemplate('%{ if var.x }a%{ endif }')).toBe(true);
    expect(isTemplate('$${literal}')).toBe(false);
    expect(isTemplate('%%{literal}')).toBe(false);
    expect(isTemplate('costs $5 {approx}')).toBe(false);
    // Scanned left to right as HCL does: a lone `$`, then the escape `$${`.
    expect(isTemplate('$$${var.x}')).toBe(false);
    expect(isTemplate('$${var.x}${var.y}')).toBe(true);
  });

  it('unwraps meta-argument references written either way', () => {
    expect(expressionSource('${aws.west}')).toBe('aws.west');
    expect(expressionSource('aws.west')).toBe('aws.west');
    expect(expressionSource(' ${ all } ')).toBe('all');
  });

  it('splits a value into literals and expression pointers', () => {
    const expressions: string[] = [];
    const value = splitLiterals(
      {
        a: 1,
        b: '${var.b}',
        'c/d~e': { keep: true, drop: '${x}' },
        list: ['x', '${y}'],
        fine: ['x', 'y'],
        '${computed}': 1,
      },
      '',
      expressions,
    );
    expect(value).toBeUndefined(); // a computed key makes the whole object unknowable
    expect(expressions).toContain('');

    const inner: string[] = [];
    expect(
      splitLiterals(
        {
          a: 1,
          b: '${var.b}',
          'c/d~e': { keep: true, drop: '${x}' },
          list: ['x', '${y}'],
          fine: ['x'],
        },
        '',
        inner,
      ),
    ).toEqual({ a: 1, 'c/d~e': { keep: true }, fine: ['x'] });
    expect(inner).toEqual(['/b', '/c~1d~0e/drop', '/list']);
  });

  it('turns static traversals into JSON Pointers and refuses the rest', () => {
    expect(traversalToPointer('tags')).toBe('/tags');
    expect(traversalToPointer('tags["kubernetes.io/role"]')).toBe('/tags/kubernetes.io~1role');
    expect(traversalToPointer('root_block_device[0].volume_size')).toBe(
      '/root_block_device/0/volume_size',
    );
    expect(traversalToPointer('a.b.c')).toBe('/a/b/c');
    expect(traversalToPointer('tags["a\\"b"]')).toBe('/tags/a"b');
    expect(traversalToPointer('tags[*].x')).toBeUndefined();
    expect(traversalToPointer('var.x + 1')).toBeUndefined();
    expect(traversalToPointer('1abc')).toBeUndefined();
  });
});
