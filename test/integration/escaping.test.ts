import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { snapshotRows } from '../support/db-snapshot.js';
import { PUBLIC_CHANNEL, replyText, startTestBot, type TestBot } from '../support/test-bot.js';

/**
 * Rule 2: an alias may not give the advisory away, however it is spelled; and text people typed
 * (title, alias, reasons) is escaped for mrkdwn and mentions in blocks and in `text` fallbacks.
 */

const MENTIONS = ['<!channel>', '<!here>', '<@UEVE>', '<https://evil.example|click>'];

/** The JSON of what Slack parses for mentions: everything but plain_text objects, shown as typed. */
const parsedBySlack = (value: unknown) =>
  JSON.stringify(value, (_key, v: unknown) =>
    v !== null && typeof v === 'object' && (v as { type?: unknown }).type === 'plain_text' ? undefined : v,
  );

let t: TestBot;
beforeAll(async () => {
  t = await startTestBot({ now: '2014-09-29T11:00:00Z' });
});
afterAll(async () => {
  await t.stop();
});

describe('the alias', () => {
  it.each([
    ['XSA108', 'XSA-108'],
    ['xsa 108 maintenance', 'XSA-108'],
    ['Patch for x.s.a_108', 'XSA-108'],
    ['CVE20147188 work', 'CVE-2014-7188'],
    ['improper-MSR-range used for x2apic EMULATION', 'Improper MSR range used for x2APIC emulation'],
  ])('%s is refused: it contains %s', async (alias, leaked) => {
    const before = snapshotRows(t);
    const reply = await t.command(
      `new XSA-108 lift 2014-10-01T12:00Z title "Improper MSR range used for x2APIC emulation" cve CVE-2014-7188 alias "${alias}"`,
    );
    expect(replyText(reply)).toContain(`so it must not contain \`${leaked}\``);
    expect(snapshotRows(t)).toEqual(before);
  });
});

describe('typed text in messages', () => {
  it('escapes mentions and links in the title, alias and reasons, in blocks and text fallbacks', async () => {
    const created = await t.command(
      'new XSA-300 lift 2014-10-01T12:00Z title "<!channel> look <@UEVE>" alias "Maintenance <!here> <https://evil.example|click>"',
    );
    expect(replyText(created)).toContain('Created XSA-300');
    await t.command('zone add us-east-1a');
    await t.command('block us-east-1a <!channel> on fire');
    await t.command(`subscribe <#${PUBLIC_CHANNEL}|general>`);
    const replies = [
      await t.command('status'),
      await t.command('status share'),
      await t.command('block us-east-1a <!here> again'),
      await t.command('timeline'),
    ];
    t.clock.set('2014-09-30T12:00:00Z');
    for (let i = 0; i < 3; i += 1) {
      await t.bot.scheduler.runOnce();
      t.clock.advance({ seconds: 1 });
    }
    const posted = t.slack.callsTo('chat.postMessage').concat(t.slack.callsTo('chat.update'));
    expect(posted.some((call) => call.args.channel === PUBLIC_CHANNEL)).toBe(true);
    for (const sent of [...replies.map((r) => r.json), ...posted.map((call) => call.args)]) {
      for (const mention of MENTIONS) expect(parsedBySlack(sent)).not.toContain(mention);
    }
  });
});
