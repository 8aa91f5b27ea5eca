/**
 * Every format shows the remediation of every drifted, missing and unmanaged finding, with
 * the command readable back exactly as `detectDrift` made it, and never a secret in it.
 */
import { existsSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { createRequire } from 'node:module';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { pathToFileURL } from 'node:url';
import Ajv04 from 'ajv-draft-04';
import addFormats from 'ajv-formats';
import { XMLParser } from 'fast-xml-parser';
import { chromium } from 'playwright-core';
import { beforeAll, describe, expect, it } from 'vitest';
import { DriftReportSchema, detectDrift, formatReport } from '../../src/index.js';
import type { DriftReport, Remediation } from '../../src/index.js';
import { makeInstance, makeState } from '../../src/testing/make-instance.js';
import { fakeProvider, type Live } from '../detect/fake-providers.js';
import { decodeReferences, htmlData } from './rendered.js';

const SECRET = 'hunter2-S3CR3T-7d2a';

/** A scan with a drifted instance under a hostile key (and a secret change), a missing one and an unmanaged one. */
async function scan(): Promise<DriftReport> {
  const web = makeInstance({
    type: 'aws_instance',
    name: 'web',
    module: 'module.app["eu"]',
    indexKey: `it's $(id) \u001b[2J`,
    attributes: { id: 'i-1', instance_type: 't3.micro', user_data: 'old' },
    sensitivePaths: ['/user_data'],
  });
  const gone = makeInstance({ type: 'aws_instance', name: 'gone', attributes: { id: 'i-2' } });
  const live = new Map<string, Live>([
    [web.address, { id: 'i-1', instance_type: 't3.large', user_data: SECRET }],
    [gone.address, null],
  ]);
  return detectDrift({
    state: makeState([web, gone]),
    providers: [
      fakeProvider({
        types: ['aws_instance'],
        live,
        listed: [{ type: 'aws_instance', id: 'i-9', name: 'stray', location: 'eu-west-1' }],
      }),
    ],
    unmanaged: true,
    revealSensitive: true,
  });
}

let report: DriftReport;
let drifted: Remediation;
let missing: Remediation;
let unmanaged: Remediation;

beforeAll(async () => {
  report = await scan();
  drifted = report.resources.find((r) => r.status === 'drifted')?.remediation as Remediation;
  missing = report.resources.find((r) => r.status === 'missing')?.remediation as Remediation;
  unmanaged = report.unmanaged[0]?.remediation as Remediation;
});

describe('the report', () => {
  it('holds one remediation per finding, valid against the schema, with no secret in it', () => {
    expect(drifted.command).toBe(
      `terraform apply -replace='module.app["eu"].aws_instance.web["it'\\''s $(id) \\u001b[2J"]'`,
    );
    expect(missing.command).toBe("terraform apply -target='aws_instance.gone'");
    expect(unmanaged).toMatchObject({
      action: 'import',
      code: expect.stringContaining('to = aws_instance.stray'),
    });
    expect(DriftReportSchema.safeParse(JSON.parse(formatReport(report, 'json'))).success).toBe(
      true,
    );
    expect(JSON.stringify([drifted, missing, unmanaged])).not.toContain(SECRET);
  });
});

describe('each format shows it', () => {
  it('text: the summary and the command under each finding', () => {
    const text = formatReport(report, 'text', { color: false });
    for (const fix of [drifted, missing, unmanaged]) {
      expect(text).toContain(`fix: ${fix.summary}`);
      expect(text).toContain(`  $ ${fix.command}`);
    }
    expect(text).toContain('      to = aws_instance.stray');
    expect(text).not.toContain('\u001b');
    expect(text).not.toContain(SECRET);
    const verbose = formatReport(report, 'text', { color: false, verbose: true });
    expect(verbose).toContain(`  $ ${drifted.command}`);
  });

  it('json: the remediation objects as they are', () => {
    const json = JSON.parse(formatReport(report, 'json')) as DriftReport;
    expect(json.resources.map((r) => r.remediation)).toEqual([missing, drifted]);
    expect(json.unmanaged[0]?.remediation).toEqual(unmanaged);
  });

  it('markdown: the command in a shell fence for drift, inline for the rest; nothing rendered as markup', () => {
    const md = formatReport(report, 'markdown');
    expect(md).toContain(`\`\`\`sh\n${drifted.command}\n\`\`\``);
    const shown = decodeReferences(md);
    expect(shown).toContain(`fix: <code>${missing.command}</code>`);
    expect(shown).toContain(`fix: <code>${unmanaged.command}</code>`);
    expect(md).toContain(`  \`\`\`hcl\n  ${unmanaged.code?.replace(/\n/g, '\n  ')}\n  \`\`\``);
    expect(md).not.toContain(SECRET);
  });

  it('sarif: in the message and properties, and the import block as a fix; valid SARIF 2.1.0', () => {
    const require = createRequire(import.meta.url);
    const schema = JSON.parse(
      readFileSync(
        require.resolve('@microsoft/jest-sarif/lib/schemas/sarif-2.1.0-rtm.5.json'),
        'utf8',
      ),
    );
    const ajv = new Ajv04.default({ allErrors: true, strict: false, unicodeRegExp: false });
    addFormats.default(ajv);
    const log = JSON.parse(formatReport(report, 'sarif'));
    expect(ajv.validate(schema, log), JSON.stringify(ajv.errors)).toBe(true);
    const results = log.runs[0].results as {
      ruleId: string;
      message: { text: string };
      properties: { remediation?: Remediation };
      fixes?: { artifactChanges: { replacements: { insertedContent: { text: string } }[] }[] }[];
    }[];
    const of = (rule: string) => results.filter((r) => r.ruleId === rule);
    expect(of('drifted').length).toBeGreaterThan(0);
    for (const r of of('drifted')) {
      expect(r.message.text).toContain(`Fix: ${drifted.summary}: ${drifted.command}`);
      expect(r.properties.remediation).toEqual(drifted);
    }
    expect(of('missing')[0]?.properties.remediation).toEqual(missing);
    const stray = of('unmanaged')[0];
    expect(stray?.fixes?.[0]?.artifactChanges[0]?.replacements[0]?.insertedContent.text).toBe(
      `${unmanaged.code}\n\n`,
    );
    expect(JSON.stringify(log)).not.toContain(SECRET);
  });

  it('junit: after the changes of a failure, and in the unmanaged suite output', () => {
    const xml = formatReport(report, 'junit');
    const parsed = new XMLParser({ ignoreAttributes: false, htmlEntities: true }).parse(xml);
    const cases = [parsed.testsuites.testsuite]
      .flat()
      .flatMap((s: { testcase?: unknown }) => [s.testcase ?? []].flat()) as {
      '@_name': string;
      failure?: { '#text'?: string; '@_type': string };
    }[];
    const failure = (type: string) =>
      cases.find((c) => c.failure?.['@_type'] === type)?.failure?.['#text'];
    expect(failure('drifted')).toContain(`fix: ${drifted.summary}\n$ ${drifted.command}`);
    expect(failure('missing')).toContain(`$ ${missing.command}`);
    const suites = [parsed.testsuites.testsuite].flat() as {
      '@_name': string;
      'system-out'?: string;
    }[];
    expect(suites.find((s) => s['@_name'] === 'unmanaged')?.['system-out']).toContain(
      unmanaged.code,
    );
    expect(xml).not.toContain(SECRET);
  });

  it('html: in the page data, for the script to render', () => {
    const data = htmlData(formatReport(report, 'html'));
    const fixes = data.resources
      .map((r) => (r[5] as { fix?: unknown } | 0) || undefined)
      .map((x) => x?.fix);
    expect(fixes).toContainEqual([drifted.action, drifted.summary, drifted.command, null]);
    expect(fixes).toContainEqual([missing.action, missing.summary, missing.command, null]);
    expect(data.unmanaged[0]?.[5]).toEqual([
      unmanaged.action,
      unmanaged.summary,
      unmanaged.command,
      unmanaged.code,
    ]);
  });
});

const CHROMIUM = '/usr/bin/chromium';
describe.skipIf(!existsSync(CHROMIUM))('html in headless Chromium', () => {
  it('renders each fix as text: the command copied from the page is the command', async () => {
    const dir = mkdtempSync(join(tmpdir(), 'tfdrift-fix-html-'));
    const browser = await chromium.launch({
      executablePath: CHROMIUM,
      args: ['--headless', '--no-sandbox', '--disable-gpu', '--no-first-run'],
    });
    try {
      const file = join(dir, 'report.html');
      writeFileSync(file, formatReport(report, 'html'));
      const page = await browser.newPage();
      await page.goto(pathToFileURL(file).href, { waitUntil: 'load' });
      await page.waitForSelector('html[data-ready]');
      const commands = await page.$$eval('#resources .fix pre.command', (els) =>
        els.map((e) => e.textContent),
      );
      expect(commands).toEqual([drifted.command, missing.command]);
      const stray = await page.$$eval('#unmanaged-rows .fix pre.command', (els) =>
        els.map((e) => e.textContent),
      );
      expect(stray).toEqual([unmanaged.command]);
      expect(
        await page.$$eval('.fix', (els) => els.map((e) => e.getAttribute('data-action'))),
      ).toEqual(['replace', 'recreate', 'import']);
    } finally {
      await browser.close();
      rmSync(dir, { recursive: true, force: true });
    }
  }, 60_000);
});
