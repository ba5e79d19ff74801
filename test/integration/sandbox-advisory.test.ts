import { mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { ManualClock } from '../../src/clock.js';
import { type Sandbox, startSandbox } from '../../src/sandbox/sandbox.js';

/** The sandbox page's ⋯ More actions → Campaign from advisory, and 📎 text files, without a browser. */

const ALICE = 'U0ALICE';
const WAR_ROOM = 'C0WARROOM';
const GENERAL = 'C0GENERAL';

let work: string;
let sandbox: Sandbox;

beforeEach(async () => {
  work = mkdtempSync(join(tmpdir(), 'xsa-sandbox-'));
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

async function call(
  path: string,
  body?: unknown,
): Promise<{ status: number; json: Record<string, unknown> }> {
  const response = await fetch(`http://127.0.0.1:${sandbox.port}${path}`, {
    method: body === undefined ? 'GET' : 'POST',
    headers: { 'content-type': 'application/json' },
    body: body === undefined ? undefined : JSON.stringify(body),
  });
  return { status: response.status, json: (await response.json()) as Record<string, unknown> };
}

const messages = async (channel: string) =>
  (await call(`/api/channels/${channel}/messages?as=${ALICE}`)).json.messages as Array<{
    ts: string;
    text?: string;
    files?: { name: string }[];
    ephemeralTo?: string;
  }>;

describe('the sandbox page imports an advisory', () => {
  it('attaches a text file, runs the shortcut from ⋯ More actions, and creates the campaign from the form', async () => {
    const content = readFileSync(
      join(import.meta.dirname, '..', 'fixtures', 'advisories', 'deployment-not-permitted.txt'),
      'utf8',
    );
    expect(
      (await call(`/api/channels/${WAR_ROOM}/files`, { as: ALICE, name: 'xsa108.txt', content })).status,
    ).toBe(200);
    const posted = (await messages(WAR_ROOM)).find((m) => m.files?.[0]?.name === 'xsa108.txt');
    expect(posted).toBeDefined();

    const run = await call(`/api/channels/${WAR_ROOM}/shortcut`, {
      as: ALICE,
      ts: posted?.ts,
      callbackId: 'xsa_import_advisory',
    });
    expect(run.status, JSON.stringify(run.json)).toBe(200);
    type View = {
      id: string;
      callback_id: string;
      blocks: Array<{ block_id?: string; element?: Record<string, unknown> }>;
    };
    const openModal = async (): Promise<View | null> => {
      for (let i = 0; i < 100; i += 1) {
        const found = (await call(`/api/modal?as=${ALICE}`)).json.view as View | null;
        if (found) return found;
        await new Promise((resolve) => setTimeout(resolve, 20));
      }
      return null;
    };
    const view = await openModal();
    expect(view?.callback_id).toBe('xsa_new_campaign');
    const element = (block: string) => view?.blocks.find((b) => b.block_id === block)?.element ?? {};
    expect(element('id').initial_value).toBe('XSA-108');
    const submitted = await call(`/api/views/${view?.id}/submit`, {
      as: ALICE,
      values: {
        id: 'XSA-108',
        title: element('title').initial_value,
        cves: element('cves').initial_value,
        lift_date: '2014-10-01',
        lift_time: '12:00',
        lift_zone: 'UTC',
        alias: null,
        notice: null,
        deployment: 'restricted',
      },
    });
    expect(submitted.json).toEqual({ ok: true });
    const { status } = await call(`/api/channels/${WAR_ROOM}/messages`, { as: ALICE, text: '/xsa status' });
    expect(status).toBe(200);
    const text = JSON.stringify(await messages(WAR_ROOM));
    expect(text).toContain('Deployment before the lift is not permitted');
  });

  it('refuses the shortcut in a public channel', async () => {
    await call(`/api/channels/${GENERAL}/messages`, { as: ALICE, text: 'Xen Security Advisory XSA-108' });
    const posted = (await messages(GENERAL)).at(-1);
    await call(`/api/channels/${GENERAL}/shortcut`, {
      as: ALICE,
      ts: posted?.ts,
      callbackId: 'xsa_import_advisory',
    });
    for (let i = 0; i < 100; i += 1) {
      if (JSON.stringify(await messages(GENERAL)).includes('private channel')) break;
      await new Promise((resolve) => setTimeout(resolve, 20));
    }
    expect(JSON.stringify(await messages(GENERAL))).toContain('private channel');
    expect((await call(`/api/modal?as=${ALICE}`)).json.view).toBeNull();
  });
});
