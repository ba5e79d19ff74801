import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { buttonClickBody } from '../support/payloads.js';
import { postSigned } from '../support/signing.js';
import { ALICE, PUBLIC_CHANNEL, startTestBot, type TestBot, WAR_ROOM } from '../support/test-bot.js';

/** GET /metrics scraped as Prometheus would, and its text parsed: name{labels} value per line. */

interface Sample {
  name: string;
  labels: Record<string, string>;
  value: number;
}

function parseExposition(text: string): { samples: Sample[]; types: Map<string, string> } {
  const samples: Sample[] = [];
  const types = new Map<string, string>();
  for (const line of text.split('\n')) {
    const type = /^# TYPE (\S+) (\S+)$/.exec(line);
    if (type?.[1] && type[2]) types.set(type[1], type[2]);
    if (line === '' || line.startsWith('#')) continue;
    const sample = /^([a-zA-Z_:][a-zA-Z0-9_:]*)(?:\{(.*)\})? (\S+)$/.exec(line);
    if (!sample?.[1] || !sample[3]) throw new Error(`not a sample line: ${line}`);
    const labels: Record<string, string> = {};
    for (const [, key, value] of (sample[2] ?? '').matchAll(/(\w+)="((?:[^"\\]|\\.)*)"/g)) {
      if (key !== undefined && value !== undefined) labels[key] = value;
    }
    samples.push({ name: sample[1], labels, value: Number(sample[3]) });
  }
  return { samples, types };
}

let t: TestBot;
beforeEach(async () => {
  t = await startTestBot({ now: '2014-10-01T11:00:00Z' });
});
afterEach(async () => {
  await t.stop();
});

async function scrape() {
  const response = await fetch(`http://127.0.0.1:${t.bot.port}/metrics`);
  expect(response.status).toBe(200);
  expect(response.headers.get('content-type')).toContain('text/plain');
  const parsed = parseExposition(await response.text());
  const value = (name: string, labels: Record<string, string> = {}) =>
    parsed.samples
      .filter((s) => s.name === name && Object.entries(labels).every(([k, v]) => s.labels[k] === v))
      .reduce((sum, s) => sum + s.value, 0);
  return { ...parsed, value };
}

describe('GET /metrics', () => {
  it('serves every metric in the Prometheus text format, with the defaults of the process', async () => {
    const { types, value } = await scrape();

    expect(Object.fromEntries([...types].filter(([name]) => name.startsWith('xsa_')))).toEqual({
      xsa_ack_seconds: 'histogram',
      xsa_requests_total: 'counter',
      xsa_http_responses_total: 'counter',
      xsa_outbox_deliveries_total: 'counter',
      xsa_reminder_lateness_seconds: 'histogram',
      xsa_outbox_depth: 'gauge',
      xsa_outbox_oldest_pending_seconds: 'gauge',
      xsa_open_campaigns: 'gauge',
    });
    expect(types.get('process_cpu_user_seconds_total')).toBe('counter');
    expect(types.get('nodejs_eventloop_lag_seconds')).toBe('gauge');
    expect(value('process_resident_memory_bytes')).toBeGreaterThan(0);
    expect(value('xsa_open_campaigns')).toBe(0);
  });

  it('counts acks by kind and name, requests by outcome, and refused requests by status', async () => {
    await t.command('new XSA-108 lift 2014-10-01T12:00Z');
    await t.command('zone add us-east-1a hosts 10');
    await t.command('status');
    await t.command('frobnicate');
    const responseUrl = t.slack.responseUrl();
    await t.post(
      buttonClickBody({
        user: ALICE,
        channel: WAR_ROOM,
        actionId: 'zone_start',
        value: 'XSA-108|us-east-1a',
        responseUrl,
      }),
    );
    const forged = await postSigned(t.url, 'command=%2Fxsa&text=status', { secret: 'not-the-secret' });
    expect(forged.status).toBe(401);

    // A click's request ends after its post-ack work (the message refresh): wait for that.
    let scraped = await scrape();
    for (let i = 0; i < 100 && scraped.value('xsa_requests_total', { kind: 'action' }) === 0; i += 1) {
      await new Promise((resolve) => setTimeout(resolve, 20));
      scraped = await scrape();
    }
    const { value } = scraped;
    expect(value('xsa_ack_seconds_count', { kind: 'command', name: 'new' })).toBe(1);
    expect(value('xsa_ack_seconds_count', { kind: 'command', name: 'status' })).toBe(1);
    expect(value('xsa_ack_seconds_count', { kind: 'command', name: 'other' })).toBe(1);
    expect(value('xsa_ack_seconds_count', { kind: 'action', name: 'zone_start' })).toBe(1);
    expect(value('xsa_ack_seconds_bucket', { kind: 'command', name: 'new', le: '+Inf' })).toBe(1);
    expect(value('xsa_ack_seconds_sum', { kind: 'action' })).toBeGreaterThan(0);
    expect(value('xsa_requests_total', { kind: 'command', outcome: 'acked' })).toBe(4);
    expect(value('xsa_requests_total', { kind: 'action', outcome: 'acked' })).toBe(1);
    expect(value('xsa_http_responses_total', { code: '401' })).toBe(1);
    // The five requests above, and the scrapes before this one.
    expect(value('xsa_http_responses_total', { code: '200' })).toBeGreaterThanOrEqual(5);
    expect(value('xsa_open_campaigns')).toBe(1);
  });

  it('shows the outbox backing up while Slack rate-limits, then the deliveries and the lateness', async () => {
    await t.command('new XSA-108 lift 2014-10-01T12:00Z');
    await t.command('zone add us-east-1a hosts 10');
    await t.command(`subscribe <#${PUBLIC_CHANNEL}|general>`);
    await t.command('remind T-30m');
    t.slack.failWhile((call) =>
      call.method === 'chat.postMessage' ? { status: 429, headers: { 'retry-after': '30' } } : undefined,
    );
    t.clock.set('2014-10-01T11:30:00Z');
    await t.bot.scheduler.runOnce();
    t.clock.advance({ seconds: 20 });

    // The two posts of the checkpoint, and the live countdown queued behind it in the war room.
    const backedUp = await scrape();
    expect(backedUp.value('xsa_outbox_depth')).toBe(3);
    expect(backedUp.value('xsa_outbox_oldest_pending_seconds')).toBe(20);
    expect(backedUp.value('xsa_outbox_deliveries_total', { outcome: 'rate_limited' })).toBe(2);

    t.slack.recover();
    t.clock.advance({ seconds: 10 });
    await t.bot.scheduler.runOnce();
    t.clock.advance({ seconds: 1 }); // one post a second per channel
    await t.bot.scheduler.runOnce();

    const delivered = await scrape();
    expect(delivered.value('xsa_outbox_depth')).toBe(0);
    expect(delivered.value('xsa_outbox_oldest_pending_seconds')).toBe(0);
    expect(delivered.value('xsa_outbox_deliveries_total', { outcome: 'sent' })).toBe(3);
    // Both posts of the T-30m checkpoint reached Slack 30 s after it was due.
    expect(delivered.value('xsa_reminder_lateness_seconds_count', { kind: 'checkpoint' })).toBe(2);
    expect(delivered.value('xsa_reminder_lateness_seconds_sum', { kind: 'checkpoint' })).toBe(60);
    expect(delivered.value('xsa_reminder_lateness_seconds_bucket', { kind: 'checkpoint', le: '10' })).toBe(0);
    expect(delivered.value('xsa_reminder_lateness_seconds_bucket', { kind: 'checkpoint', le: '30' })).toBe(2);
  });
});
