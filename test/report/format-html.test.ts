import { existsSync } from 'node:fs';
import { chromium } from 'playwright-core';
import type { Browser, Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { formatReport } from '../../src/index.js';
import { sampleReport } from './sample-report.js';

const CHROMIUM = '/usr/bin/chromium';
const hasChromium = existsSync(CHROMIUM);
const inCI = process.env.CI !== undefined && process.env.CI !== '' && process.env.CI !== 'false';

if (!hasChromium && !inCI) {
  console.warn(
    `[tfdrift tests] ${CHROMIUM} not found: the HTML rendering tests are skipped (apt-get install chromium)`,
  );
}

describe('html format (static checks)', () => {
  const html = formatReport(sampleReport(), 'html');

  it('is one self-contained file: no external URL is referenced and a CSP forbids fetches', () => {
    expect(html).toContain("default-src 'none'");
    expect(html).not.toMatch(/\b(?:src|href)\s*=\s*["']?(?:https?:)?\/\//i);
    expect(html).not.toMatch(/@import|url\(/i);
  });

  it('escapes addresses and values', () => {
    const report = sampleReport();
    report.resources[1]!.address = 'aws_s3_bucket.x["<img src=x onerror=alert(1)>"]';
    const out = formatReport(report, 'html');
    expect(out).not.toContain('<img');
    expect(out).toContain('&lt;img src=x onerror=alert(1)&gt;');
  });
});

describe.skipIf(!hasChromium && !inCI)('html format in headless Chromium', () => {
  let browser: Browser;
  let page: Page;
  const requests: string[] = [];

  beforeAll(async () => {
    if (!hasChromium)
      throw new Error(`CI is set but ${CHROMIUM} is missing: install the chromium package`);
    browser = await chromium.launch({
      executablePath: CHROMIUM,
      timeout: 30_000,
      args: [
        '--headless',
        '--no-sandbox',
        '--disable-gpu',
        '--disable-quic',
        '--no-first-run',
        '--disable-background-networking',
        '--disable-component-update',
        '--disable-sync',
      ],
    });
    page = await browser.newPage();
    page.on('request', (request) => {
      if (!request.url().startsWith('data:') && request.url() !== 'about:blank')
        requests.push(request.url());
    });
    await page.setContent(formatReport(sampleReport(), 'html'), {
      waitUntil: 'load',
      timeout: 15_000,
    });
  });

  afterAll(async () => {
    await browser?.close();
  });

  const visibleAddresses = () =>
    page.$$eval('.resource', (els) =>
      els
        .filter((el) => !(el as unknown as { hidden: boolean }).hidden)
        .map((el) => el.getAttribute('data-address')),
    );

  it('shows the summary numbers of the report', async () => {
    const s = sampleReport().summary;
    const count = (key: string) => page.textContent(`[data-count="${key}"]`);
    expect(await count('total')).toBe(String(s.total));
    expect(await count('drifted')).toBe(String(s.drifted));
    expect(await count('missing')).toBe(String(s.missing));
    expect(await count('unknown')).toBe(String(s.unknown));
    expect(await count('unsupported')).toBe(String(s.unsupported));
    expect(await count('in-sync')).toBe(String(s.inSync));
    expect(await count('unmanaged')).toBe(String(s.unmanaged));
    expect(await count('coverage')).toBe('66.7%');
  });

  it('draws a chart with one bar per status present', async () => {
    const bars = await page.$$eval('#chart rect[data-status]', (els) =>
      els.map((el) => [el.getAttribute('data-status'), Number(el.getAttribute('width'))] as const),
    );
    expect(bars.map(([s]) => s)).toEqual([
      'drifted',
      'missing',
      'unknown',
      'unsupported',
      'in-sync',
    ]);
    const drifted = bars.find(([s]) => s === 'drifted')![1];
    const missing = bars.find(([s]) => s === 'missing')![1];
    expect(drifted).toBeCloseTo(missing * 2, 1);
  });

  it('filters by status, type and address text', async () => {
    expect(await visibleAddresses()).toHaveLength(6);
    await page.selectOption('#filter-status', 'drifted');
    expect(await visibleAddresses()).toEqual(['aws_db_instance.main', 'aws_s3_bucket.logs["eu"]']);
    expect(await page.textContent('#shown-count')).toBe('2');
    await page.selectOption('#filter-status', '');
    await page.selectOption('#filter-type', 'aws_s3_bucket');
    expect(await visibleAddresses()).toEqual(['aws_s3_bucket.logs["eu"]', 'aws_s3_bucket.site']);
    await page.fill('#filter-text', 'SITE');
    expect(await visibleAddresses()).toEqual(['aws_s3_bucket.site']);
    await page.fill('#filter-text', '');
    await page.selectOption('#filter-type', '');
    expect(await page.textContent('#shown-count')).toBe('6');
  });

  it('shows each change with state and live values side by side', async () => {
    const rows = await page.$$eval(
      '.resource[data-address="aws_s3_bucket.logs[\\"eu\\"]"] table.changes tbody tr',
      (trs) => trs.map((tr) => [...tr.querySelectorAll('td')].map((td) => td.textContent?.trim())),
    );
    expect(rows).toContainEqual(['replace /versioning/0/enabled', 'true', 'false']);
    expect(rows).toContainEqual(['add /tags_all/Owner', '', '"bob"']);
  });

  it('made no network request', () => {
    expect(requests).toEqual([]);
  });
});
