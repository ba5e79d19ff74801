import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { appHomeOpenedBody, buttonClickBody, viewSubmissionBody } from '../support/payloads.js';
import {
  ALICE,
  BOB,
  EVE,
  eventually,
  PUBLIC_CHANNEL,
  replyText,
  startTestBot,
  type TestBot,
  WAR_ROOM,
} from '../support/test-bot.js';

let t: TestBot;
beforeEach(async () => {
  t = await startTestBot({ now: '2014-09-26T02:00:00Z' });
  await t.command(
    'new XSA-108 lift 2014-10-01T12:00Z title "Improper MSR range used for x2APIC emulation" cve CVE-2014-7188',
  );
  await t.command('zone add us-east-1a,us-east-1b region us-east-1 hosts 1000');
  await t.command('zone add eu-west-1a region eu-west-1 hosts 500');
});
afterEach(async () => {
  await t.stop();
});

// biome-ignore lint/suspicious/noExplicitAny: Slack payloads are walked loosely; the assertions check their shape.
type Json = Record<string, any>;
const zoneState = (zone: string) =>
  t.bot.ctx.db.prepare('SELECT state FROM zones WHERE name = ?').pluck().get(zone);
const eventCount = (kind: string) =>
  t.bot.ctx.db.prepare('SELECT COUNT(*) FROM events WHERE kind = ?').pluck().get(kind);
const responses = (id: string) =>
  t.slack
    .callsTo('response_url')
    .filter((c) => c.args.responseUrlId === id)
    .map((c) => c.args as Json);

async function click(actionId: string, value: string, user = ALICE, channel = WAR_ROOM) {
  const responseUrl = t.slack.responseUrl();
  const id = decodeURIComponent(responseUrl.split('/response-url/')[1] ?? '');
  const triggerId = t.slack.issueTrigger(user);
  const response = await t.post(buttonClickBody({ user, channel, actionId, value, responseUrl, triggerId }));
  expect(response.status).toBe(200);
  return { id, responses: () => responses(id) };
}

/** The text the clicker was told, once it arrives. */
const feedback = (c: { responses: () => Json[] }) =>
  eventually(() => c.responses().find((r) => r.replace_original === false)?.text as string | undefined);

describe('zone buttons on the status message', () => {
  it('shows Start and Block on each pending zone for a responder in the war room, with the zone in the value', async () => {
    const status = (await t.command('status')).json as Json;
    const actions = status.blocks.filter((b: Json) => b.type === 'actions');
    expect(actions).toHaveLength(3);
    expect(actions[0].elements.map((e: Json) => [e.text.text, e.value])).toEqual([
      ['Start', 'XSA-108|us-east-1a'],
      ['Block', 'XSA-108|us-east-1a'],
    ]);
    // Not for the same responder outside the war room, and never in a redacted share.
    const elsewhere = (await t.command('status XSA-108', { channel: PUBLIC_CHANNEL })).json as Json;
    expect(elsewhere.blocks.some((b: Json) => b.type === 'actions')).toBe(false);
  });

  it('Start updates the message in place and tells the clicker', async () => {
    const c = await click('zone_start', 'XSA-108|us-east-1a');
    expect(await feedback(c)).toContain('us-east-1a started');
    expect(zoneState('us-east-1a')).toBe('in_progress');
    const replaced = c.responses().find((r) => r.replace_original === true) as Json;
    const row = replaced.blocks.find((b: Json) => b.block_id === 'zone:XSA-108|us-east-1a');
    expect(row.elements.map((e: Json) => e.text.text)).toEqual(['Done', 'Block']);
    expect(row.elements[0].confirm.title.text).toBe('Mark the zone done?');
    expect(JSON.stringify(replaced.blocks)).toContain('1 in progress');
  });

  it('a double click, or two responders at once, changes the zone once and writes one event', async () => {
    await click('zone_start', 'XSA-108|us-east-1a');
    const [first, second] = await Promise.all([
      click('zone_done', 'XSA-108|us-east-1a', ALICE),
      click('zone_done', 'XSA-108|us-east-1a', BOB),
    ]);
    const told = [await feedback(first), await feedback(second)];
    expect(told.filter((m) => m.includes('is done'))).toHaveLength(1);
    expect(told.filter((m) => m.includes('already done'))).toHaveLength(1);
    const again = await click('zone_done', 'XSA-108|us-east-1a');
    expect(await feedback(again)).toContain('already done');
    expect(eventCount('zone.done')).toBe(1);
    expect(zoneState('us-east-1a')).toBe('done');
  });

  it('refuses an outsider, alone, and changes nothing', async () => {
    const c = await click('zone_start', 'XSA-108|us-east-1a', EVE, PUBLIC_CHANNEL);
    // Before the lift, an outsider is told what they would be told of an id nobody uses (rule 2).
    expect(await feedback(c)).toContain('There is no campaign XSA-108 that you can see');
    expect(c.responses().some((r) => r.replace_original === true)).toBe(false);
    expect(c.responses().every((r) => r.response_type === 'ephemeral')).toBe(true);
    expect(zoneState('us-east-1a')).toBe('pending');
    expect(eventCount('zone.started')).toBe(0);
  });

  it('refuses a click that breaks the wave rule, saying why', async () => {
    await click('zone_start', 'XSA-108|us-east-1a');
    const c = await click('zone_start', 'XSA-108|us-east-1b');
    expect(await feedback(c)).toMatch(/region us-east-1 already has 1 zone in progress/);
    expect(zoneState('us-east-1b')).toBe('pending');
  });

  it('answers a Start refused by the wave rule with a Start anyway button that forces it, audited', async () => {
    await click('zone_start', 'XSA-108|us-east-1a');
    const refused = await click('zone_start', 'XSA-108|us-east-1b');
    await feedback(refused);
    const answer = refused.responses().find((r) => r.replace_original === false) as Json;
    // A button cannot add `force`: no command syntax in its answer.
    expect(answer.text).not.toContain('force');
    const button = answer.blocks[1].elements[0];
    expect(button).toMatchObject({
      text: { text: 'Start anyway' },
      action_id: 'zone_force_start',
      value: 'XSA-108|us-east-1b',
    });
    expect(button.confirm.text.text).toContain('This overrides the wave rule');

    const forced = await click('zone_force_start', 'XSA-108|us-east-1b');
    const outcome = await eventually(() => forced.responses().find((r) => r.replace_original === true));
    expect(outcome.text).toContain('us-east-1b started (forced past the wave rule)');
    expect(zoneState('us-east-1b')).toBe('in_progress');
    const details = t.bot.ctx.db
      .prepare("SELECT details FROM events WHERE kind = 'zone.started' AND zone = 'us-east-1b'")
      .pluck()
      .get() as string;
    expect(JSON.parse(details)).toMatchObject({ force: true, overrode: ['wave'] });
    // Clicked twice (a double click): one start, one event.
    await click('zone_force_start', 'XSA-108|us-east-1b');
    expect(eventCount('zone.started')).toBe(2);
  });

  it('answers clearly on a stale message: a closed campaign, a zone that is gone, a forged value', async () => {
    await t.command('close confirm');
    expect(await feedback(await click('zone_start', 'XSA-108|us-east-1a'))).toContain('XSA-108 is closed');
    expect(await feedback(await click('zone_start', 'XSA-9|us-east-1a'))).toContain(
      'There is no campaign XSA-9',
    );
    expect(await feedback(await click('zone_done', 'nonsense'))).toContain('does not name a zone');
    expect(zoneState('us-east-1a')).toBe('pending');
  });

  it('Block opens a modal; an empty reason stays in the modal; a reason blocks the zone and updates the message', async () => {
    const c = await click('zone_block', 'XSA-108|eu-west-1a');
    const opened = await eventually(() => t.slack.callsTo('views.open')[0]);
    const view = opened.args.view as Json;
    expect(view.callback_id).toBe('xsa_block_reason');
    const metadata = view.private_metadata as string;

    const empty = await t.post(
      viewSubmissionBody({
        user: ALICE,
        callbackId: 'xsa_block_reason',
        privateMetadata: metadata,
        values: { reason: { reason_input: { type: 'plain_text_input', value: '  ' } } },
      }),
    );
    expect(empty.json).toMatchObject({
      response_action: 'errors',
      errors: { reason: expect.stringContaining('Say what blocks') },
    });
    expect(zoneState('eu-west-1a')).toBe('pending');

    const submitted = await t.post(
      viewSubmissionBody({
        user: ALICE,
        callbackId: 'xsa_block_reason',
        privateMetadata: metadata,
        values: {
          reason: { reason_input: { type: 'plain_text_input', value: 'BMC firmware hangs on reboot' } },
        },
      }),
    );
    expect(submitted.status).toBe(200);
    expect(submitted.text).toBe('');
    expect(zoneState('eu-west-1a')).toBe('blocked');
    const replaced = await eventually(() => c.responses().find((r) => r.replace_original === true));
    expect(JSON.stringify(replaced.blocks)).toContain('BMC firmware hangs on reboot');
  });

  it('a responder takes XSA-108 from created to every zone done by clicking', async () => {
    for (const zone of ['us-east-1a', 'eu-west-1a', 'us-east-1b']) {
      if (zone === 'us-east-1b') await click('zone_done', 'XSA-108|us-east-1a');
      await click('zone_start', `XSA-108|${zone}`);
    }
    t.clock.set('2014-09-27T02:00:00Z');
    await click('zone_done', 'XSA-108|us-east-1b');
    const last = await click('zone_done', 'XSA-108|eu-west-1a');
    await feedback(last);
    const replaced = last.responses().find((r) => r.replace_original === true) as Json;
    expect(JSON.stringify(replaced.blocks)).toContain('3/3 done');
    expect(t.bot.ctx.db.prepare("SELECT COUNT(*) FROM zones WHERE state = 'done'").pluck().get()).toBe(3);
  });
});

describe('/xsa new with no arguments', () => {
  const values = (fields: {
    id: string;
    date?: string;
    time?: string;
    zone?: string;
    alias?: string;
    cves?: string;
    notice?: string;
  }) => ({
    id: { id_input: { type: 'plain_text_input', value: fields.id } },
    title: { title_input: { type: 'plain_text_input', value: null } },
    cves: { cves_input: { type: 'plain_text_input', value: fields.cves ?? 'CVE-2014-7155' } },
    lift_date: { lift_date_input: { type: 'datepicker', selected_date: fields.date ?? '2014-10-01' } },
    lift_time: { lift_time_input: { type: 'timepicker', selected_time: fields.time ?? '07:00' } },
    lift_zone: {
      lift_zone_input: {
        type: 'static_select',
        selected_option: { value: fields.zone ?? 'America/Chicago' },
      },
    },
    alias: { alias_input: { type: 'plain_text_input', value: fields.alias ?? null } },
    notice: { notice_input: { type: 'plain_text_input', value: fields.notice ?? '48h' } },
  });

  it('opens a form defaulting to the user’s time zone and creates the campaign from it, with field errors first', async () => {
    t.slack.setChannel('CWAR2', { members: [ALICE, 'UBOT'], name: 'xsa-new', isPrivate: true });
    const response = await t.command('new', { channel: 'CWAR2' });
    expect(response.status).toBe(200);
    const opened = await eventually(() => t.slack.callsTo('views.open')[0]);
    const view = opened.args.view as Json;
    expect(view.callback_id).toBe('xsa_new_campaign');
    const zonePicker = view.blocks.find((b: Json) => b.block_id === 'lift_zone');
    expect(zonePicker.element.initial_option.value).toBe('America/Chicago');

    const submit = (fields: Parameters<typeof values>[0]) =>
      t.post(
        viewSubmissionBody({
          user: ALICE,
          callbackId: 'xsa_new_campaign',
          privateMetadata: view.private_metadata,
          values: values(fields),
        }),
      );
    expect((await submit({ id: '108!' })).json).toMatchObject({
      response_action: 'errors',
      errors: { id: expect.stringContaining('Letters, digits and dashes') },
    });
    // Every field's problem at once, in form words: no command syntax, no backticks.
    const all = (await submit({ id: '108!', cves: 'CVE-1', notice: 'soon', alias: 'Reboots for 108' }))
      .json as Json;
    expect(Object.keys(all.errors).sort()).toEqual(['alias', 'cves', 'id', 'notice']);
    for (const message of Object.values(all.errors) as string[]) {
      expect(message).not.toMatch(/`|\/xsa/);
    }
    expect(all.errors.alias).toContain('"108!"');
    expect((await submit({ id: 'XSA-107', date: '2014-03-09', time: '02:30' })).json).toMatchObject({
      response_action: 'errors',
      errors: { lift_date: expect.stringContaining('does not exist') },
    });
    expect((await submit({ id: 'XSA-107', alias: 'XSA-107 reboots' })).json).toMatchObject({
      errors: { alias: expect.any(String) },
    });
    expect(t.bot.ctx.db.prepare("SELECT COUNT(*) FROM campaigns WHERE id = 'XSA-107'").pluck().get()).toBe(0);

    const ok = await submit({ id: 'xsa-107' });
    expect(ok.status).toBe(200);
    expect(ok.text).toBe('');
    const row = t.bot.ctx.db.prepare("SELECT * FROM campaigns WHERE id = 'XSA-107'").get() as Json;
    expect(row).toMatchObject({
      war_room_channel: 'CWAR2',
      lift_at: '2014-10-01T12:00:00.000Z',
      notice_lead_minutes: 2880,
      created_by: ALICE,
    });
    const told = await eventually(() => t.slack.callsTo('chat.postEphemeral')[0]);
    expect(told.args).toMatchObject({ channel: 'CWAR2', user: ALICE });
  });
});

describe('App Home', () => {
  it('shows a responder the campaign in full and an outsider its alias only', async () => {
    await t.command('start us-east-1a');
    await t.command('block eu-west-1a BMC firmware hangs on reboot');
    expect((await t.post(appHomeOpenedBody(ALICE))).status).toBe(200);
    const mine = await eventually(() =>
      t.slack.callsTo('views.publish').find((c) => c.args.user_id === ALICE),
    );
    const full = JSON.stringify(mine.args.view);
    expect(full).toContain('XSA-108');
    expect(full).toContain('BMC firmware hangs on reboot');
    expect(full).toContain('Zones 0/3 done');

    await t.post(appHomeOpenedBody(EVE));
    const theirs = await eventually(() =>
      t.slack.callsTo('views.publish').find((c) => c.args.user_id === EVE),
    );
    const redacted = JSON.stringify(theirs.args.view);
    expect(redacted).toContain('Scheduled host maintenance');
    expect(redacted).toContain('1 zone blocked');
    expect(redacted).not.toMatch(/XSA-108|x2APIC|CVE-2014-7188|BMC firmware/);
  });

  it('after the lift shows everyone the campaign by name', async () => {
    t.clock.set('2014-10-01T12:00:00Z');
    await t.post(appHomeOpenedBody(EVE));
    const theirs = await eventually(() =>
      t.slack.callsTo('views.publish').find((c) => c.args.user_id === EVE),
    );
    expect(JSON.stringify(theirs.args.view)).toContain('XSA-108');
  });
});

describe('replies stay readable', () => {
  it('status names the blocked zone’s reason to responders only', async () => {
    await t.command('block eu-west-1a BMC firmware hangs on reboot');
    expect(replyText(await t.command('status'))).toContain('BMC firmware hangs on reboot');
    const outsider = await t.command('status XSA-108', { user: EVE, channel: PUBLIC_CHANNEL });
    expect(outsider.text).not.toContain('BMC firmware');
  });
});
