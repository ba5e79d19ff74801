import { existsSync, mkdirSync, mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { type BrowserContext, chromium, type Locator, type Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { ManualClock } from '../../src/clock.js';
import { type Sandbox, startSandbox } from '../../src/sandbox/sandbox.js';

/**
 * The sandbox page end to end: the real bot, the stand-in for Slack and the page, started in-process
 * on port 0 with a temporary database, driven in headless Chromium like a person would. The cases
 * run in order on one page, as one session: the demo, a click, a modal, the outsider, a reminder.
 */

const CHROMIUM = '/usr/bin/chromium';
const ARTIFACTS = fileURLToPath(new URL('../../test-artifacts/', import.meta.url));
// The browser's zone differs from UTC and from the server's, so the date tokens must be converted.
const BROWSER_ZONE = 'Asia/Tokyo';
const WAIT_MS = 10_000;
const available = existsSync(CHROMIUM);

const skipReason = `${CHROMIUM} is missing: install Debian's chromium package (.ci/install-browser does)`;
const title = available
  ? 'the sandbox page in headless Chromium'
  : `the sandbox page in headless Chromium — skipped, ${skipReason}`;
// Said out loud too: the default reporter names a skipped file, not why.
if (!available) console.warn(`Browser tests skipped: ${skipReason}.`);

describe.skipIf(!available)(title, () => {
  let work: string;
  let sandbox: Sandbox;
  let clock: ManualClock;
  let context: BrowserContext;
  let page: Page;
  const pageErrors: string[] = [];

  beforeAll(async () => {
    work = mkdtempSync(join(tmpdir(), 'xsa-browser-'));
    mkdirSync(ARTIFACTS, { recursive: true });
    // A clock that stands still until the test moves it: the reminder arrives when the test says.
    clock = new ManualClock(new Date().toISOString());
    sandbox = await startSandbox({ port: 0, databasePath: join(work, 'sandbox.db'), clock, log: () => {} });
    context = await chromium.launchPersistentContext(join(work, 'chromium-profile'), {
      executablePath: CHROMIUM,
      headless: true,
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
      timezoneId: BROWSER_ZONE,
      locale: 'en-US',
      viewport: { width: 1400, height: 900 },
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

  const composer = () => page.getByRole('textbox', { name: 'Message or /xsa command' });
  const messages = () => page.locator('#messages article.message');
  const ephemeral = () => page.locator('#messages article.message.ephemeral');

  async function type(line: string): Promise<void> {
    await composer().fill(line);
    await composer().press('Enter');
    await expect.poll(() => composer().inputValue()).toBe('');
  }

  /** The latest ephemeral status message (its header names the campaign or its alias). */
  function statusMessage(header: string): Locator {
    return ephemeral()
      .filter({ has: page.locator('.bk-header', { hasText: header }) })
      .last();
  }

  const zoneActions = (message: Locator, zone: string) =>
    message.locator(`.bk-actions[data-block-id="zone:XSA-108|${zone}"]`);

  async function screenshot(name: string): Promise<void> {
    await page.screenshot({ path: join(ARTIFACTS, name) });
    expect(existsSync(join(ARTIFACTS, name))).toBe(true);
  }

  it('loads the demo campaign from its button into the war room', async () => {
    await page.getByRole('button', { name: '▶ Load demo campaign' }).click();

    // The demo ends by sharing the status in the war room, under the command that asked for it.
    await messages().filter({ hasText: '/xsa status XSA-108 share' }).waitFor();
    const shared = messages().filter({
      has: page.locator('.bk-header', { hasText: /^XSA-108: Improper MSR range used for x2APIC emulation$/ }),
    });
    await shared.waitFor();
    await expect.poll(() => page.locator('#pane-title').innerText()).toContain('xsa-war-room');
    expect(await shared.innerText()).toMatch(/Zones: 2\/8 done · 1 blocked · 3 in progress · 2 pending/);
    expect(await shared.getByRole('button', { name: 'Done' }).count()).toBe(3);
    // The live countdown is pinned by the bot's next tick.
    await page.locator('#messages .pinned-note').first().waitFor();
  });

  it('types /xsa status, clicks Done with its confirm, and sees the row update in place', async () => {
    await type('/xsa status');
    const status = statusMessage('XSA-108: Improper MSR range');
    await status.waitFor();
    await expect.poll(() => status.locator('.ephemeral-note').innerText()).toContain('Only visible to you');
    const ts = await status.getAttribute('data-ts');

    await zoneActions(status, 'us-east-1b').getByRole('button', { name: 'Done' }).click();
    const confirm = page.getByRole('alertdialog', { name: 'Mark the zone done?' });
    await expect
      .poll(() => confirm.innerText())
      .toContain('Every host in us-east-1b is patched and rebooted?');
    await confirm.getByRole('button', { name: 'Done' }).click();

    const updated = page.locator(`#messages article[data-ts="${ts}"]`);
    await expect
      .poll(() => updated.innerText())
      .toMatch(/us-east-1b \(us-east-1\) · done · 1,200\/1,200 hosts/);
    expect(await updated.innerText()).toMatch(/Zones: 3\/8 done/);
    expect(await zoneActions(updated, 'us-east-1b').count()).toBe(0);
    // Replaced, not posted again; and the clicker is told what happened.
    expect(await statusMessage('XSA-108: Improper MSR range').getAttribute('data-ts')).toBe(ts);
    await expect.poll(() => ephemeral().last().innerText()).toContain('us-east-1b');
    expect(await ephemeral().last().innerText()).toContain('✅');
  });

  it('opens the Block modal, shows its validation error, and blocks the zone with a reason', async () => {
    const status = statusMessage('XSA-108: Improper MSR range');
    const ts = await status.getAttribute('data-ts');
    await zoneActions(status, 'us-east-1c').getByRole('button', { name: 'Block' }).click();

    const modal = page.getByRole('dialog', { name: 'Block a zone' });
    await modal.waitFor();
    await modal.getByLabel('Reason').fill('   ');
    await modal.getByRole('button', { name: 'Block' }).click();
    await expect.poll(() => modal.getByRole('alert').innerText()).toContain('Say what blocks the zone');
    await screenshot('sandbox-block-modal.png');

    await modal.getByLabel('Reason').fill('Hypervisor panics on boot in rack 12');
    await modal.getByRole('button', { name: 'Block' }).click();
    await modal.waitFor({ state: 'detached' });
    const updated = page.locator(`#messages article[data-ts="${ts}"]`);
    await expect
      .poll(() => updated.innerText())
      .toMatch(/us-east-1c \(us-east-1\) · blocked · Hypervisor panics on boot in rack 12/);
    await screenshot('sandbox-war-room.png');
  });

  it("shows Slack date tokens in the browser's time zone", async () => {
    const token = statusMessage('XSA-108: Improper MSR range').locator('time.date-token').first();
    const instant = new Date((await token.getAttribute('datetime')) ?? '');
    const local = new Intl.DateTimeFormat('en-US', {
      timeZone: BROWSER_ZONE,
      hour: 'numeric',
      minute: '2-digit',
    });

    expect(await token.innerText()).toContain(local.format(instant));
    expect(await token.getAttribute('title')).toMatch(/UTC · shown in Asia\/Tokyo$/);
  });

  it('creates a channel and a campaign with the New campaign modal, field errors included', async () => {
    await page.getByRole('button', { name: '+ Add a channel' }).click();
    const dialog = page.getByRole('dialog', { name: 'Create a channel' });
    await dialog.getByLabel('Name').fill('xsa-200-war-room');
    await dialog.getByRole('checkbox').check();
    await dialog.getByRole('button', { name: 'Create' }).click();
    await expect.poll(() => page.locator('#pane-title').innerText()).toContain('xsa-200-war-room');

    await type('/xsa new');
    const modal = page.getByRole('dialog', { name: 'New campaign' });
    await modal.getByLabel('Advisory id').fill('XSA-108');
    await modal.getByLabel('Lift date (public disclosure)').fill('2030-10-01');
    await modal.getByLabel('Lift time').fill('14:00');
    await modal.getByLabel('Time zone of the lift').selectOption('Europe/Berlin');
    await modal.getByRole('button', { name: 'Create' }).click();
    // The form's own words beside the id field (no command syntax), as in buttons-and-modals.
    await expect
      .poll(() => modal.getByRole('alert').innerText())
      .toContain('A campaign with this id already exists');

    await modal.getByLabel('Advisory id').fill('XSA-200');
    await modal.getByRole('button', { name: 'Create' }).click();
    await modal.waitFor({ state: 'detached' });
    await expect.poll(() => ephemeral().last().innerText()).toContain('Created XSA-200');
    expect(await ephemeral().last().innerText()).toContain('2030-10-01 12:00 UTC');
  });

  it('switches to the outsider, who sees only the redacted form', async () => {
    await page.getByLabel('Viewing as').selectOption({ label: 'eve — outsider' });
    await expect.poll(() => page.locator('#pane-title').innerText()).toContain('general');
    expect(await page.locator('#channel-list').innerText()).not.toContain('xsa-war-room');

    // In #general, subscribed to XSA-108 by the demo: where the bot put it, under the alias.
    await type('/xsa status');
    const status = statusMessage('Scheduled host maintenance');
    await status.waitFor();
    const text = await status.innerText();
    for (const secret of ['XSA-108', 'x2APIC', 'CVE-2014-7188', 'BMC firmware', 'Hypervisor panics']) {
      expect(text).not.toContain(secret);
    }
    expect(text).toMatch(/Blocked: us-east-1c, sa-east-1a/);
    expect(
      await status
        .getByRole('button')
        .filter({ hasText: /Start|Done|Block/ })
        .count(),
    ).toBe(0);

    // Her App Home names no advisory either.
    await page.getByRole('button', { name: 'xsa-bot' }).click();
    await expect.poll(() => page.locator('#home').innerText()).toContain('Scheduled host maintenance');
    expect(await page.locator('#home').innerText()).toContain('You are not a responder');
    expect(await page.locator('#home').innerText()).not.toContain('XSA-108');
    await page.locator('#channel-list').getByRole('button', { name: 'general' }).click();
    await screenshot('sandbox-outsider.png');
  });

  it('shows a reminder the moment the bot posts it, redacted in the broadcast channel', async () => {
    const before = await messages().count();
    // The demo's lift is six hours and a minute ahead (on a whole minute): a minute on, T-6h is due.
    clock.advance({ minutes: 1 });

    const reminder = messages().filter({ hasText: 'T-6h' });
    await reminder.first().waitFor({ timeout: 15_000 });
    expect(await messages().count()).toBeGreaterThan(before);
    const text = await reminder.first().innerText();
    expect(text).toContain('Scheduled host maintenance');
    expect(text).not.toContain('XSA-108');
    await screenshot('sandbox-reminder.png');
  });
});
