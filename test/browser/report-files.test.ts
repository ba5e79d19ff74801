import { existsSync, mkdirSync, mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { type BrowserContext, chromium, type Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { ManualClock } from '../../src/clock.js';
import { type Sandbox, startSandbox } from '../../src/sandbox/sandbox.js';

/** `/xsa report` after the demo, in headless Chromium: the four files in the war room, the picture inline. */

const CHROMIUM = '/usr/bin/chromium';
const ARTIFACTS = fileURLToPath(new URL('../../test-artifacts/', import.meta.url));
const WAIT_MS = 15_000;
const available = existsSync(CHROMIUM);
const skipReason = `${CHROMIUM} is missing: install Debian's chromium package (.ci/install-browser does)`;

describe.skipIf(!available)(
  available
    ? 'report files on the sandbox page'
    : `report files on the sandbox page — skipped, ${skipReason}`,
  () => {
    let work: string;
    let sandbox: Sandbox;
    let context: BrowserContext;
    let page: Page;
    const pageErrors: string[] = [];

    beforeAll(async () => {
      work = mkdtempSync(join(tmpdir(), 'xsa-browser-report-'));
      mkdirSync(ARTIFACTS, { recursive: true });
      const clock = new ManualClock(new Date().toISOString());
      sandbox = await startSandbox({ port: 0, databasePath: join(work, 'sandbox.db'), clock, log: () => {} });
      context = await chromium.launchPersistentContext(join(work, 'chromium-profile'), {
        executablePath: CHROMIUM,
        headless: true,
        args: [
          '--headless',
          '--no-sandbox',
          '--disable-gpu',
          '--no-first-run',
          '--disable-background-networking',
        ],
        locale: 'en-US',
        viewport: { width: 1400, height: 1000 },
      });
      page = context.pages()[0] ?? (await context.newPage());
      page.setDefaultTimeout(WAIT_MS);
      page.on('pageerror', (error) => pageErrors.push(error.message));
      await page.goto(sandbox.url);
      await page.locator('body[data-ready="true"]').waitFor();
    });

    afterAll(async () => {
      await context?.close();
      await sandbox?.stop();
      if (work) rmSync(work, { recursive: true, force: true });
      expect(pageErrors).toEqual([]);
    });

    it('shows the four files with names, sizes and links, and the timeline picture inline', async () => {
      await page.getByRole('button', { name: '▶ Load demo campaign' }).click();
      await page.locator('#messages article.message', { hasText: '/xsa status XSA-108 share' }).waitFor();

      const composer = page.getByRole('textbox', { name: 'Message or /xsa command' });
      await composer.fill('/xsa report');
      await composer.press('Enter');

      const files = page.locator('#messages .files .file');
      await expect.poll(() => files.count(), { timeout: WAIT_MS }).toBe(4);
      const names = await page.locator('#messages .file-name').allInnerTexts();
      expect(names).toEqual([
        'XSA-108-report.md',
        'XSA-108-zones.csv',
        'XSA-108.ics',
        'XSA-108-timeline.png',
      ]);
      expect(await page.locator('#messages .file-size').first().innerText()).toMatch(/^MD · \d+(\.\d)? KB$/);

      const image = page.locator('#messages img.file-image');
      await expect
        .poll(() => image.evaluate((img) => (img as unknown as { naturalWidth: number }).naturalWidth), {
          timeout: WAIT_MS,
        })
        .toBeGreaterThan(500);
      await image.scrollIntoViewIfNeeded();
      await page.screenshot({ path: join(ARTIFACTS, 'report-files.png') });

      const href = await page.locator('#messages .file-name').first().getAttribute('href');
      const opened = await page.request.get(new URL(href ?? '', sandbox.url).toString());
      expect(opened.status()).toBe(200);
      expect(await opened.text()).toContain(
        '# XSA-108: Improper MSR range used for x2APIC emulation — post-mortem',
      );
    });
  },
);
