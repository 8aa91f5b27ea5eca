import { describe, expect, it } from 'vitest';
import { ConfigParseError, InvalidOptionError, isTfdriftError } from '../../src/errors.js';
import { tokenizeAddress } from '../../src/diff/address-glob.js';
import { compileIgnore, parseDriftignore } from '../../src/diff/ignore.js';

const DOCS_EXAMPLE = `
aws_instance.bastion                 # the whole resource
aws_s3_bucket.* /tags_all/LastScanned
module.**.aws_iam_role.* /max_session_duration
!aws_s3_bucket.audit
`;

function parseError(text: string): ConfigParseError {
  try {
    parseDriftignore(text);
  } catch (error) {
    if (error instanceof ConfigParseError) return error;
    throw error;
  }
  throw new Error('expected a ConfigParseError');
}

describe('tokenizeAddress', () => {
  it('splits on dots outside index keys', () => {
    expect(tokenizeAddress('module.net["a.b"].aws_subnet.private["x.y"]')).toEqual([
      'module',
      'net["a.b"]',
      'aws_subnet',
      'private["x.y"]',
    ]);
    expect(tokenizeAddress('aws_instance.web[0]')).toEqual(['aws_instance', 'web[0]']);
    expect(tokenizeAddress('a.b["q\\"uo.te"]')).toEqual(['a', 'b["q\\"uo.te"]']);
  });

  it('reports malformed addresses', () => {
    for (const bad of ['', 'a..b', 'a.', '.a', 'a[0', 'a]', 'a["x]', 'a[[0]]', 'a"b"']) {
      expect(typeof tokenizeAddress(bad)).toBe('string');
    }
  });
});

describe('parseDriftignore', () => {
  it('parses the example of docs/diff.md', () => {
    expect(parseDriftignore(DOCS_EXAMPLE)).toEqual([
      { address: 'aws_instance.bastion' },
      { address: 'aws_s3_bucket.*', path: '/tags_all/LastScanned' },
      { address: 'module.**.aws_iam_role.*', path: '/max_session_duration' },
      { address: 'aws_s3_bucket.audit', negate: true },
    ]);
  });

  it('handles comments, CRLF, BOM, blank lines and # inside words or keys', () => {
    const text =
      '\uFEFF# header\r\n\r\n  aws_vpc.main   /tags/a#b  # trailing\r\naws_x.y["k #1"]\n';
    expect(parseDriftignore(text)).toEqual([
      { address: 'aws_vpc.main', path: '/tags/a#b' },
      { address: 'aws_x.y["k #1"]' },
    ]);
  });

  it('throws ConfigParseError with the line number for invalid rules', () => {
    const cases: [string, number, RegExp][] = [
      ['aws_vpc.main\naws_vpc.x tags/Name', 2, /starts with "\/"/],
      ['\n\naws_vpc..x', 3, /empty segment/],
      ['aws_vpc.x /a~2b', 1, /~/],
      ['ok.one\n!', 2, /missing address/],
      ['aws_vpc.x["a', 1, /unterminated|unclosed/],
    ];
    for (const [text, line, message] of cases) {
      const error = parseError(text);
      expect(error.line).toBe(line);
      expect(error.code).toBe('CONFIG_PARSE');
      expect(isTfdriftError(error)).toBe(true);
      expect(error.message).toMatch(message);
    }
  });
});

describe('compileIgnore', () => {
  const matcher = compileIgnore(DOCS_EXAMPLE);

  it('matches whole resources, every instance of a resource, and path globs', () => {
    expect(matcher.forAddress('aws_instance.bastion')).toEqual({ whole: true, paths: [] });
    expect(matcher.forAddress('aws_instance.bastion[0]')).toEqual({ whole: true, paths: [] });
    expect(matcher.forAddress('aws_instance.web')).toEqual({ whole: false, paths: [] });
    expect(matcher.forAddress('aws_s3_bucket.logs')).toEqual({
      whole: false,
      paths: ['/tags_all/LastScanned'],
    });
    expect(matcher.forAddress('aws_s3_bucket.logs["a.b"]').paths).toEqual([
      '/tags_all/LastScanned',
    ]);
    // `*` stays within one segment.
    expect(matcher.forAddress('module.x.aws_s3_bucket.logs').paths).toEqual([]);
  });

  it('`**` spans any number of module segments (including keys with dots)', () => {
    expect(matcher.forAddress('module.a.aws_iam_role.r').paths).toEqual(['/max_session_duration']);
    expect(matcher.forAddress('module.a["x.y"].module.b.aws_iam_role.r').paths).toEqual([
      '/max_session_duration',
    ]);
    expect(matcher.forAddress('aws_iam_role.r').paths).toEqual([]);
  });

  it('applies `!` negations in order', () => {
    expect(matcher.forAddress('aws_s3_bucket.audit')).toEqual({ whole: false, paths: [] });
    const m = compileIgnore([
      { address: 'aws_vpc.*', path: '/tags/a' },
      { address: 'aws_vpc.*', path: '/tags/b' },
      { address: 'aws_vpc.main', path: '/tags/a', negate: true },
      { address: 'aws_vpc.legacy' },
      { address: 'aws_vpc.leg*', negate: true },
      { address: 'aws_vpc.legacy' },
    ]);
    expect(m.forAddress('aws_vpc.main')).toEqual({ whole: false, paths: ['/tags/b'] });
    expect(m.forAddress('aws_vpc.other')).toEqual({ whole: false, paths: ['/tags/a', '/tags/b'] });
    expect(m.forAddress('aws_vpc.legacy')).toEqual({ whole: true, paths: [] });
  });

  it('partial globs within a segment', () => {
    const m = compileIgnore('aws_*.web* /x\ndata.** /y');
    expect(m.forAddress('aws_instance.web_1').paths).toEqual(['/x']);
    expect(m.forAddress('google_instance.web_1').paths).toEqual([]);
    expect(m.forAddress('data.aws_ami.ubuntu').paths).toEqual(['/y']);
  });

  it('rejects invalid rule objects with InvalidOptionError, invalid text with ConfigParseError', () => {
    expect(() => compileIgnore([{ address: '' }])).toThrow(InvalidOptionError);
    expect(() => compileIgnore([{ address: 'a.b', path: 'x' }])).toThrow(/starts with/);
    expect(() => compileIgnore('a.b x')).toThrow(ConfigParseError);
  });

  it('an unparsable address matches nothing', () => {
    expect(compileIgnore('**').forAddress('a..b')).toEqual({ whole: false, paths: [] });
    expect(compileIgnore('**').forAddress('a.b').whole).toBe(true);
  });
});
