import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { ManualClock } from '../../src/clock.js';
import { type Sandbox, startSandbox } from '../../src/sandbox/sandbox.js';

/** `/xsa report` in the sandbox: the files arrive in the war room, and the page serves them to its members. */

const ALICE = 'U0ALICE';
const EVE = 'U0EVE';
const WAR_ROOM = 'C0WARROOM';

interface SharedFile {
  id: string;
  name: string;
  size: number;
  mimetype: string;
}

let work: string;
let sandbox: Sandbox;

beforeEach(async () => {
  work = mkdtempSync(join(tmpdir(), 'xsa-sandbox-files-'));
  sandbox = await startSandbox({
    port: 0,
    databasePath: join(work, 'sandbox.db'),
    clock: new ManualClock('2014-09-29T09:00:00Z'),
    log: () => {},
  });
});

afterEach(async () => {
  await sandbox.stop();
  rmSync(work, { recursive: true, force: true });
});

const page = (path: string, init?: RequestInit) => fetch(`http://127.0.0.1:${sandbox.port}${path}`, init);

async function type(text: string): Promise<void> {
  const response = await page(`/api/channels/${WAR_ROOM}/messages`, {
    method: 'POST',
    headers: { 'content-type': 'application/json' },
    body: JSON.stringify({ as: ALICE, text }),
  });
  expect(response.status).toBe(200);
}

async function sharedFiles(): Promise<SharedFile[] | undefined> {
  const { messages } = (await (await page(`/api/channels/${WAR_ROOM}/messages?as=${ALICE}`)).json()) as {
    messages: Array<{ files?: SharedFile[] }>;
  };
  return messages.find((m) => m.files)?.files;
}

async function until<T>(check: () => Promise<T | undefined>, ms = 5000): Promise<T> {
  const deadline = Date.now() + ms;
  for (;;) {
    const value = await check();
    if (value) return value;
    if (Date.now() > deadline) throw new Error('condition not met in time');
    await new Promise((resolve) => setTimeout(resolve, 20));
  }
}

describe('report files in the sandbox', () => {
  it('shows the uploaded files in the war room and serves them to its members only', async () => {
    await type('/xsa new XSA-108 lift 2014-10-01T12:00Z title "x2APIC MSR range"');
    await type('/xsa zone add us-east-1a hosts 100');
    await type('/xsa report');

    const files = await until(sharedFiles);
    expect(files.map((f) => f.name)).toContain('XSA-108-report.md');
    const report = files.find((f) => f.name === 'XSA-108-report.md') as SharedFile;
    expect(report.size).toBeGreaterThan(100);

    const opened = await page(`/files/${report.id}/${report.name}?as=${ALICE}`);
    expect(opened.status).toBe(200);
    expect(opened.headers.get('content-type')).toBe('text/plain; charset=utf-8');
    expect(await opened.text()).toContain('# XSA-108: x2APIC MSR range — post-mortem');

    const downloaded = await page(`/files/${report.id}/${report.name}?as=${ALICE}&download=1`);
    expect(downloaded.headers.get('content-disposition')).toBe('attachment; filename="XSA-108-report.md"');
    expect(downloaded.headers.get('content-type')).toBe('text/markdown; charset=utf-8');

    const picture = files.find((f) => f.name === 'XSA-108-timeline.png') as SharedFile;
    expect(picture.mimetype).toBe('image/png');
    const image = await page(`/files/${picture.id}/${picture.name}?as=${ALICE}`);
    expect(image.headers.get('content-type')).toBe('image/png');

    // eve is not in the private war room: the file does not exist for her.
    expect((await page(`/files/${report.id}/${report.name}?as=${EVE}`)).status).toBe(404);
    expect((await page(`/files/FNOPE/x.md?as=${ALICE}`)).status).toBe(404);
  });
});
