import { existsSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { pathToFileURL } from 'node:url';
import { chromium } from 'playwright-core';
import type { Browser, Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { formatReport } from '../../src/index.js';
import type { DriftReport } from '../../src/index.js';
import { HTML_PAYLOAD, TERMINAL_PAYLOAD, hostileReport } from './hostile-report.js';
import { htmlData } from './rendered.js';
import { bigDriftReport, inSyncReport, sampleReport } from './sample-report.js';

const CHROMIUM = '/usr/bin/chromium';
const hasChromium = existsSync(CHROMIUM);
const inCI = process.env.CI !== undefined && process.env.CI !== '' && process.env.CI !== 'false';

if (!hasChromium && !inCI) {
  console.warn(
    `[tfdrift tests] ${CHROMIUM} not found: the HTML rendering tests are skipped (apt-get install chromium)`,
  );
}

/** The page's markup without the embedded data block. */
function markupOf(html: string): string {
  return html.replace(/<script type="application\/json" id="report-data">[\s\S]*?<\/script>/, '');
}

/**
 * A report of `n` resources shaped like a large estate: mostly in sync, some drifted,
 * missing and unreadable, and unmanaged objects of two types.
 */
function estate(n: number): DriftReport {
  const report = inSyncReport(n);
  const drifted = bigDriftReport(300, 4).resources;
  report.resources.splice(0, drifted.length, ...drifted);
  for (let i = 300; i < 1300; i++) report.resources[i]!.status = 'missing';
  for (let i = 1300; i < 1500; i++) {
    report.resources[i]!.status = 'unknown';
    report.resources[i]!.error = { code: 'AccessDenied', message: 'no', retryable: false };
  }
  report.unmanaged = Array.from({ length: 2000 }, (_, i) => ({
    type: i % 2 === 0 ? 'aws_iam_role' : 'aws_s3_bucket',
    id: `stray-${i}`,
    location: 'eu-west-1',
  }));
  report.summary = {
    ...report.summary,
    inSync: n - 1500,
    drifted: 300,
    missing: 1000,
    unknown: 200,
    unmanaged: 2000,
  };
  return report;
}

describe('html format (static checks)', () => {
  const html = formatReport(sampleReport(), 'html');

  it('is one self-contained file: no external URL, a CSP that forbids fetches and foreign scripts', () => {
    expect(html).toContain("default-src 'none'");
    expect(html).toMatch(/script-src 'sha256-[A-Za-z0-9+/]+=*'/);
    expect(html).not.toContain("script-src 'unsafe-inline'");
    expect(html).not.toMatch(/\b(?:src|href)\s*=\s*["']?(?:https?:)?\/\//i);
    expect(html).not.toMatch(/@import|url\(/i);
  });

  it('carries resources as JSON that cannot close its script element', () => {
    const report = sampleReport();
    report.resources[1]!.address = 'aws_s3_bucket.x["</script><img src=x onerror=alert(1)>"]';
    const out = formatReport(report, 'html');
    expect(out).not.toContain('<img');
    expect(out.match(/<\/script>/g)).toHaveLength(2);
    expect(htmlData(out).resources.map((r) => r[0])).toContain(report.resources[1]!.address);
  });

  it('escapes every field it renders itself, statuses, ops and numbers of an unchecked report too', () => {
    const out = formatReport(hostileReport(HTML_PAYLOAD, true), 'html', {
      title: HTML_PAYLOAD,
      revealSensitive: true,
    });
    const markup = markupOf(out);
    expect(markup).not.toMatch(/<img[\s>]/i);
    expect(markup.match(/<svg/g)).toHaveLength(1);
    expect(markup.match(/<script/g)).toHaveLength(1);
    expect(out).not.toContain('<!--');
  });

  it('lists what needs action first and summarizes the rest', () => {
    const statuses = htmlData(html).resources.map((r) => r[1]);
    expect(statuses).toEqual([0, 0, 1, 2, 3, 4]);
    expect(html).toContain('4 resources need action');
  });

  it('stays small at 100,000 resources (about 50 bytes per resource in sync)', () => {
    const out = formatReport(estate(100_000), 'html');
    expect(out.length).toBeLessThan(8_000_000);
  });
});

describe.skipIf(!hasChromium && !inCI)('html format in headless Chromium', () => {
  let browser: Browser;
  let dir: string;
  const requests: string[] = [];

  /** Opens `html` from a file, as a user opening a CI artifact does. */
  async function open(html: string, name: string): Promise<Page> {
    const file = join(dir, `${name}.html`);
    writeFileSync(file, html);
    const page = await browser.newPage();
    const url = pathToFileURL(file).href;
    page.on('request', (request) => {
      if (request.url() !== url) requests.push(request.url());
    });
    page.on('dialog', (dialog) => {
      requests.push(`dialog: ${dialog.message()}`);
      void dialog.dismiss();
    });
    await page.goto(url, { waitUntil: 'load', timeout: 30_000 });
    await page.waitForSelector('html[data-ready]', { timeout: 30_000 });
    return page;
  }

  beforeAll(async () => {
    if (!hasChromium)
      throw new Error(`CI is set but ${CHROMIUM} is missing: install the chromium package`);
    dir = mkdtempSync(join(tmpdir(), 'tfdrift-html-'));
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
  });

  afterAll(async () => {
    await browser?.close();
    if (dir !== undefined) rmSync(dir, { recursive: true, force: true });
  });

  describe('a small report', () => {
    let page: Page;
    beforeAll(async () => {
      page = await open(formatReport(sampleReport(), 'html'), 'sample');
    });

    const visibleAddresses = () =>
      page.$$eval('#resources .resource', (els) =>
        els.map((el) => el.getAttribute('data-address')),
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
        els.map(
          (el) => [el.getAttribute('data-status'), Number(el.getAttribute('width'))] as const,
        ),
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

    it('opens on what needs action: drifted, then missing, then unknown', async () => {
      expect(await visibleAddresses()).toEqual([
        'aws_db_instance.main',
        'aws_s3_bucket.logs["eu"]',
        'aws_instance.web',
        'aws_iam_role.ci',
      ]);
      expect(await page.textContent('#shown-count')).toBe('4');
    });

    it('filters by status, type and address or id', async () => {
      await page.selectOption('#filter-status', '');
      expect(await visibleAddresses()).toHaveLength(6);
      await page.selectOption('#filter-status', 'drifted');
      expect(await visibleAddresses()).toEqual([
        'aws_db_instance.main',
        'aws_s3_bucket.logs["eu"]',
      ]);
      expect(await page.textContent('#shown-count')).toBe('2');
      await page.selectOption('#filter-status', '');
      await page.selectOption('#filter-type', { label: 'aws_s3_bucket' });
      expect(await visibleAddresses()).toEqual(['aws_s3_bucket.logs["eu"]', 'aws_s3_bucket.site']);
      await page.fill('#filter-text', 'SITE');
      await expect.poll(() => page.locator('#resources .resource').count()).toBe(1);
      expect(await visibleAddresses()).toEqual(['aws_s3_bucket.site']);
      await page.fill('#filter-text', 'i-0abc');
      await page.selectOption('#filter-type', '');
      expect(await visibleAddresses()).toEqual(['aws_instance.web']);
      await page.fill('#filter-text', '');
      await page.selectOption('#filter-status', 'action');
      expect(await page.textContent('#shown-count')).toBe('4');
    });

    it('filters by status from the summary cards', async () => {
      await page.click('[data-filter="in-sync"]');
      expect(await visibleAddresses()).toEqual(['aws_s3_bucket.site']);
      await page.selectOption('#filter-status', 'action');
    });

    it('shows each change with state and live values side by side, and the raw patch', async () => {
      const card = page.locator('.resource[data-address="aws_s3_bucket.logs[\\"eu\\"]"]');
      const rows = await card
        .locator('table.changes tbody tr')
        .evaluateAll((trs) =>
          trs.map((tr) => [...tr.querySelectorAll('td')].map((td) => td.textContent?.trim())),
        );
      expect(rows).toContainEqual(['replace /versioning/0/enabled', 'true', 'false']);
      expect(rows).toContainEqual(['add /tags_all/Owner', '', '"bob"']);
      await card.locator('details.patch summary').click();
      const patch = await card.locator('details.patch pre').textContent();
      expect(JSON.parse(patch!)).toEqual(sampleReport().resources[1]!.patch);
    });

    it('redacts sensitive values in the cells and the patch', async () => {
      const card = page.locator('.resource[data-address="aws_db_instance.main"]');
      await card.locator('details.patch summary').click();
      // The patch is drawn on the toggle event: wait for it, so the check below covers it.
      await card.locator('details.patch pre').waitFor();
      const text = await card.textContent();
      expect(text).toContain('(sensitive)');
      expect(text).not.toContain('hunter2');
      expect(await page.content()).not.toContain('hunter2');
    });

    it('lists unmanaged resources with their import blocks', async () => {
      const rows = await page.$$eval('#unmanaged-rows tr', (trs) =>
        trs.map((tr) => [...tr.querySelectorAll('td')].map((td) => td.textContent)),
      );
      expect(rows).toEqual([
        [
          'aws_s3_bucket',
          'stray-bucket',
          '',
          'eu-west-1',
          'import {\n  to = aws_s3_bucket.stray_bucket\n  id = "stray-bucket"\n}',
        ],
      ]);
    });

    it('made no network request and opened no dialog', () => {
      expect(requests).toEqual([]);
    });
  });

  describe('a hostile report', () => {
    const report = hostileReport(HTML_PAYLOAD + TERMINAL_PAYLOAD, true);
    const html = formatReport(report, 'html', { title: HTML_PAYLOAD, revealSensitive: true });

    it.each([
      ['with its CSP', html],
      // Without the CSP, only the escaping stands between a value and the page.
      ['without its CSP', html.replace(/<meta http-equiv="Content-Security-Policy"[^>]*>/, '')],
    ])('runs no script from any field (%s)', async (name, text) => {
      const page = await open(text, `hostile-${name.replace(/\W/g, '')}`);
      await page.selectOption('#filter-status', '');
      await page.fill('#filter-text', '');
      await page.$$eval('details', (els) =>
        els.forEach((d) => ((d as unknown as { open: boolean }).open = true)),
      );
      await page.waitForTimeout(200);
      expect(
        await page.evaluate(() => (globalThis as { __pwned?: unknown }).__pwned),
      ).toBeUndefined();
      expect(await page.$$('#resources img, #resources svg, #resources script')).toEqual([]);
      const first = await page.textContent('#resources .resource h3');
      expect(first).toContain('onerror="window.__pwned=1"');
      expect(requests).toEqual([]);
      await page.close();
    });
  });

  describe('100,000 resources', () => {
    let page: Page;
    let readyMs = 0;
    const html = formatReport(estate(100_000), 'html');

    beforeAll(async () => {
      const start = performance.now();
      page = await open(html, 'estate');
      readyMs = performance.now() - start;
      console.info(
        `[tfdrift tests] html of 100,000 resources: ${(html.length / 1e6).toFixed(1)} MB, interactive in ${Math.round(readyMs)} ms`,
      );
    });

    it('becomes interactive within a few seconds', () => {
      // The bound is generous so a busy machine does not fail the suite; the figure is printed.
      expect(readyMs).toBeLessThan(15_000);
      expect(html.length).toBeLessThan(8_000_000);
    });

    it('renders one page of what needs action, and more on request', async () => {
      expect(await page.textContent('#shown-count')).toBe('1500');
      expect(await page.locator('#resources .resource').count()).toBe(50);
      await page.click('#resources-more');
      expect(await page.locator('#resources .resource').count()).toBe(100);
      expect(await page.textContent('#resources-more')).toBe('Show 50 more (1400 not shown)');
    });

    it('filters 100,000 resources as the user types', async () => {
      await page.selectOption('#filter-status', '');
      expect(await page.textContent('#shown-count')).toBe('100000');
      const start = performance.now();
      await page.fill('#filter-text', 'bucket.b9999');
      await expect.poll(() => page.textContent('#shown-count'), { interval: 20 }).toBe('11');
      expect(performance.now() - start).toBeLessThan(5_000);
      expect(await page.locator('#resources .resource').count()).toBe(11);
    });

    it('filters unmanaged resources by type and text', async () => {
      expect(await page.textContent('#unmanaged-shown')).toBe('2000');
      await page.selectOption('#filter-unmanaged-type', 'aws_s3_bucket');
      expect(await page.textContent('#unmanaged-shown')).toBe('1000');
      await page.fill('#filter-unmanaged-text', 'stray-19');
      await expect.poll(() => page.textContent('#unmanaged-shown')).toBe('56');
      await page.click('#unmanaged-imports summary');
      // The blocks are written by the details' toggle event, which fires after the click.
      const blocks = (): Promise<string> =>
        page.textContent('#unmanaged-imports pre').then((t) => t ?? '');
      await expect.poll(async () => (await blocks()).match(/^import \{$/gm)?.length).toBe(56);
      expect(await blocks()).toContain('id = "stray-1999"');
    });

    it('made no network request', () => {
      expect(requests).toEqual([]);
    });
  });
});
