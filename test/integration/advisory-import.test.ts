import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { viewSubmissionBody } from '../support/payloads.js';
import { messageShortcutBody } from '../support/shortcut-payloads.js';
import {
  ALICE,
  eventually,
  PUBLIC_CHANNEL,
  replyText,
  startTestBot,
  type TestBot,
  WAR_ROOM,
} from '../support/test-bot.js';

// biome-ignore lint/suspicious/noExplicitAny: Block Kit JSON read back from the fake.
type Json = any;

const fixture = (name: string) =>
  readFileSync(join(import.meta.dirname, '..', 'fixtures', 'advisories', name), 'utf8');

let t: TestBot;
beforeEach(async () => {
  t = await startTestBot({ now: '2014-09-24T09:00:00Z' });
});
afterEach(async () => {
  await t.stop();
});

const runShortcut = (
  text: string,
  options: { channel?: string; files?: { id: string; name: string }[] } = {},
) =>
  t.post(
    messageShortcutBody({
      user: ALICE,
      channel: options.channel ?? WAR_ROOM,
      callbackId: 'xsa_import_advisory',
      text: text.replace(/&/g, '&amp;').replace(/</g, '&lt;').replace(/>/g, '&gt;'),
      responseUrl: t.slack.responseUrl(),
      triggerId: t.slack.issueTrigger(ALICE),
      ...(options.files ? { files: options.files } : {}),
    }),
  );

/** The form as the stand-in holds it open for Alice: a views.open it refused (a bad trigger_id) opens none. */
const openedForm = (): Promise<Json> => eventually(() => t.slack.openModal(ALICE));
const input = (view: Json, block: string) => view.blocks.find((b: Json) => b.block_id === block)?.element;
const campaigns = () => t.bot.ctx.db.prepare('SELECT * FROM campaigns').all() as Json[];

/** Submits the prefilled form as the responder would, keeping every prefilled value. */
function submitAsFilled(view: Json, overrides: Record<string, Json> = {}) {
  const values: Json = {
    id: { id_input: { type: 'plain_text_input', value: input(view, 'id').initial_value ?? null } },
    title: { title_input: { type: 'plain_text_input', value: input(view, 'title').initial_value ?? null } },
    cves: { cves_input: { type: 'plain_text_input', value: input(view, 'cves').initial_value ?? null } },
    lift_date: {
      lift_date_input: { type: 'datepicker', selected_date: input(view, 'lift_date').initial_date ?? null },
    },
    lift_time: {
      lift_time_input: { type: 'timepicker', selected_time: input(view, 'lift_time').initial_time },
    },
    lift_zone: {
      lift_zone_input: { type: 'static_select', selected_option: input(view, 'lift_zone').initial_option },
    },
    alias: { alias_input: { type: 'plain_text_input', value: null } },
    notice: { notice_input: { type: 'plain_text_input', value: null } },
    deployment: {
      deployment_input: {
        type: 'checkboxes',
        selected_options: input(view, 'deployment')?.initial_options ?? [],
      },
    },
    ...overrides,
  };
  return t.post(
    viewSubmissionBody({
      user: ALICE,
      callbackId: 'xsa_new_campaign',
      privateMetadata: view.private_metadata,
      values,
    }),
  );
}

describe('Create campaign from advisory (message shortcut)', () => {
  it('opens the New campaign form prefilled from a pasted advisory; submitting it creates the campaign', async () => {
    const response = await runShortcut(fixture('xsa-108-predisclosure.txt'));
    expect(response.status).toBe(200);
    const view = await openedForm();
    expect(view.callback_id).toBe('xsa_new_campaign');
    expect(input(view, 'id').initial_value).toBe('XSA-108');
    expect(input(view, 'title').initial_value).toBe('Improper MSR range used for x2APIC emulation');
    expect(input(view, 'cves').initial_value).toBe('CVE-2014-7188');
    expect(input(view, 'lift_date').initial_date).toBe('2014-10-01');
    expect(input(view, 'lift_time').initial_time).toBe('12:00');
    expect(input(view, 'lift_zone').initial_option.value).toBe('UTC');
    expect(input(view, 'deployment').initial_options).toBeUndefined();
    expect(campaigns()).toHaveLength(0);

    expect((await submitAsFilled(view)).status).toBe(200);
    expect(campaigns()).toEqual([
      expect.objectContaining({
        id: 'XSA-108',
        title: 'Improper MSR range used for x2APIC emulation',
        cves: '["CVE-2014-7188"]',
        lift_at: '2014-10-01T12:00:00.000Z',
        war_room_channel: WAR_ROOM,
        deployment_restriction: null,
      }),
    ]);
  });

  it('reads an attached text file; an advisory that forbids deployment before the lift refuses start until then', async () => {
    const file = t.slack.files.add({
      name: 'xsa108-v2.txt',
      content: fixture('deployment-not-permitted.txt'),
    });
    await runShortcut('The advisory is attached.', { files: [{ id: file.id, name: file.name }] });
    const view = await openedForm();
    expect(t.slack.callsTo('files.info')).toHaveLength(1);
    expect(input(view, 'id').initial_value).toBe('XSA-108');
    expect(input(view, 'deployment').initial_options).toEqual([
      expect.objectContaining({ value: 'restricted' }),
    ]);
    expect(JSON.stringify(view)).toContain('does not permit deploying the fixes');
    // The advisory gives no release time: the responder sets the lift.
    await submitAsFilled(view, {
      lift_date: { lift_date_input: { type: 'datepicker', selected_date: '2014-10-01' } },
      lift_zone: { lift_zone_input: { type: 'static_select', selected_option: { value: 'UTC' } } },
    });
    expect(campaigns()[0].deployment_restriction).toMatch(/^Deployment of the patches .* is NOT permitted/);

    await t.command('zone add dc1,dc2');
    expect(replyText(await t.command('status'))).toContain('Deployment before the lift is not permitted');
    const refused = await t.command('start dc1');
    expect(replyText(refused)).toContain('the advisory does not permit deploying fixes before the lift');
    expect(t.bot.ctx.db.prepare("SELECT state FROM zones WHERE name = 'dc1'").pluck().get()).toBe('pending');
    expect(replyText(await t.command('start dc1 force'))).toContain('forced past the deployment rule');
    const started = t.bot.ctx.db
      .prepare("SELECT details FROM events WHERE kind = 'zone.started'")
      .pluck()
      .get() as string;
    expect(JSON.parse(started)).toMatchObject({ force: true, overrode: ['deployment'] });
    t.clock.set('2014-10-01T12:00:00Z');
    expect(replyText(await t.command('start dc2'))).toContain('dc2 started');
    expect(replyText(await t.command('status'))).not.toContain('Deployment before the lift is not permitted');
  });

  it('reads a forged deployment field as not ticked, without failing the submission', async () => {
    await runShortcut(fixture('deployment-not-permitted.txt'));
    const view = await openedForm();
    const forged = await submitAsFilled(view, {
      lift_date: { lift_date_input: { type: 'datepicker', selected_date: '2014-10-01' } },
      deployment: { deployment_input: { type: 'checkboxes', selected_options: 'restricted' } },
    });
    expect(forged.status).toBe(200);
    expect(campaigns()[0].deployment_restriction).toBeNull();
  });

  it('answers a text it cannot read with what it looked for, and creates nothing', async () => {
    await runShortcut('Reboots tonight? Ping me when the XSA drops.');
    const answer = await eventually(() => t.slack.callsTo('chat.postEphemeral')[0]);
    expect(answer.args).toMatchObject({ channel: WAR_ROOM, user: ALICE });
    expect(String(answer.args.text)).toContain('Xen Security Advisory CVE-2014-7188 / XSA-108');
    expect(t.slack.callsTo('views.open')).toHaveLength(0);
    expect(campaigns()).toHaveLength(0);
  });

  it('is refused on a message outside a private channel (rule 2)', async () => {
    await runShortcut(fixture('xsa-108-predisclosure.txt'), { channel: PUBLIC_CHANNEL });
    const answer = await eventually(() => t.slack.callsTo('chat.postEphemeral')[0]);
    expect(String(answer.args.text)).toContain('private channel');
    expect(t.slack.callsTo('views.open')).toHaveLength(0);
    expect(campaigns()).toHaveLength(0);
  });
});
