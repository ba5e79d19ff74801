import { afterEach, describe, expect, it } from 'vitest';
import { snapshotRows } from '../support/db-snapshot.js';
import {
  ADMIN,
  ALICE,
  BOB,
  EVE,
  PUBLIC_CHANNEL,
  replyText,
  startTestBot,
  type TestBot,
  WAR_ROOM,
} from '../support/test-bot.js';

/** Rules 2 and 3: a war room is a private channel, and XSA_CREATORS says who may open one. */

const NEW = 'new XSA-200 lift 2014-10-01T12:00Z title "Secret thing" cve CVE-2026-0001';
let t: TestBot;
afterEach(async () => {
  await t.stop();
});

describe('/xsa new', () => {
  it('is refused in a public channel or a DM, saying how to make a war room, and creates nothing', async () => {
    t = await startTestBot({ now: '2014-09-24T09:00:00Z' });
    const before = snapshotRows(t);
    const inPublic = await t.command(NEW, { user: EVE, channel: PUBLIC_CHANNEL });
    expect(inPublic.json).toMatchObject({ response_type: 'ephemeral' });
    expect(replyText(inPublic)).toContain(
      'A war room must be a private channel: everyone can read this one.',
    );
    expect(replyText(inPublic)).toContain('Create a private channel');
    expect(replyText(await t.command(NEW, { channel: 'DALICE' }))).toContain('not a direct message');
    expect(replyText(await t.command(NEW, { channel: 'GNOBOT' }))).toContain('I have not been invited');
    // The form, too, is refused before it opens.
    expect(replyText(await t.command('new', { channel: PUBLIC_CHANNEL }))).toContain(
      'A war room must be a private channel',
    );
    expect(t.slack.callsTo('views.open')).toEqual([]);
    expect(snapshotRows(t)).toEqual(before);
    expect(t.slack.callsTo('chat.postMessage')).toEqual([]);
    expect(replyText(await t.command(NEW))).toContain('Created XSA-200');
  });

  it('with XSA_CREATORS set, only those users, the members of those channels and the admins may', async () => {
    t = await startTestBot({
      now: '2014-09-24T09:00:00Z',
      creators: [ALICE, 'GSECTEAM'],
      slack: {
        channels: {
          [WAR_ROOM]: { members: [ALICE, BOB, EVE, ADMIN, 'UBOT'], name: 'xsa-war-room', isPrivate: true },
          GSECTEAM: { members: [BOB, 'UBOT'], name: 'security-team', isPrivate: true },
        },
      },
    });
    const refused = await t.command(NEW, { user: EVE });
    expect(replyText(refused)).toContain('Only the people named in XSA_CREATORS');
    expect(t.bot.ctx.campaigns.findCampaign('XSA-200')).toBeNull();
    expect(replyText(await t.command('new XSA-201 lift 2014-10-01T12:00Z', { user: ALICE }))).toContain(
      'Created XSA-201',
    );
    expect(replyText(await t.command('new XSA-202 lift 2014-10-01T12:00Z', { user: BOB }))).toContain(
      'Created XSA-202',
    );
    expect(replyText(await t.command('new XSA-203 lift 2014-10-01T12:00Z', { user: ADMIN }))).toContain(
      'Created XSA-203',
    );
  });
});
