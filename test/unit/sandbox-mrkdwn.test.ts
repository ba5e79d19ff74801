import { describe, expect, it } from 'vitest';
import { formatDateToken, parseMrkdwn } from '../../sandbox/public/mrkdwn.js';

/** The sandbox page's mrkdwn parser and date tokens, on the texts the bot actually sends. */

describe('parseMrkdwn', () => {
  it.each([
    {
      text: '*Lift:* soon',
      nodes: [
        { type: 'bold', children: [{ type: 'text', text: 'Lift:' }] },
        { type: 'text', text: ' soon' },
      ],
    },
    { text: '_BMC hangs_', nodes: [{ type: 'italic', children: [{ type: 'text', text: 'BMC hangs' }] }] },
    { text: '~gone~', nodes: [{ type: 'strike', children: [{ type: 'text', text: 'gone' }] }] },
    {
      text: 'run `/xsa status share`',
      nodes: [
        { type: 'text', text: 'run ' },
        { type: 'code', text: '/xsa status share' },
      ],
    },
    { text: '```a *b*```', nodes: [{ type: 'pre', text: 'a *b*' }] },
    { text: '<@U0ALICE>', nodes: [{ type: 'user', id: 'U0ALICE', label: null }] },
    { text: '<#C0WAR|xsa-war-room>', nodes: [{ type: 'channel', id: 'C0WAR', label: 'xsa-war-room' }] },
    { text: '<!here>', nodes: [{ type: 'broadcast', name: 'here' }] },
    {
      text: '<https://xenbits.xen.org/xsa/|XSA list>',
      nodes: [{ type: 'link', url: 'https://xenbits.xen.org/xsa/', label: 'XSA list' }],
    },
    { text: 'a &lt;b&gt; &amp; c', nodes: [{ type: 'text', text: 'a <b> & c' }] },
    {
      text: ':warning: x',
      nodes: [
        { type: 'emoji', name: 'warning', char: '⚠️' },
        { type: 'text', text: ' x' },
      ],
    },
    { text: ':not_an_emoji:', nodes: [{ type: 'text', text: ':not_an_emoji:' }] },
    { text: 'a\nb', nodes: [{ type: 'text', text: 'a' }, { type: 'br' }, { type: 'text', text: 'b' }] },
    // Not styles: a lone star, stars inside a word, a marker before a space.
    { text: '2*3*4 and * not', nodes: [{ type: 'text', text: '2*3*4 and * not' }] },
    { text: 'us-east-1a_b_c', nodes: [{ type: 'text', text: 'us-east-1a_b_c' }] },
  ])('$text', ({ text, nodes }) => {
    expect(parseMrkdwn(text)).toEqual(nodes);
  });

  it('reads a zone line of the status message: bold name, italic reason, a date token', () => {
    const nodes = parseMrkdwn(
      ':no_entry: *sa-east-1a* · _BMC &lt;hangs&gt;_ · lift <!date^1412164800^{date_short_pretty} {time}|2014-10-01 12:00 UTC>',
    );

    expect(nodes).toEqual([
      { type: 'emoji', name: 'no_entry', char: '⛔' },
      { type: 'text', text: ' ' },
      { type: 'bold', children: [{ type: 'text', text: 'sa-east-1a' }] },
      { type: 'text', text: ' · ' },
      { type: 'italic', children: [{ type: 'text', text: 'BMC <hangs>' }] },
      { type: 'text', text: ' · lift ' },
      {
        type: 'date',
        seconds: 1412164800,
        format: '{date_short_pretty} {time}',
        link: null,
        fallback: '2014-10-01 12:00 UTC',
      },
    ]);
  });

  it('styles around a token', () => {
    expect(parseMrkdwn('*<#C1>*')).toEqual([
      { type: 'bold', children: [{ type: 'channel', id: 'C1', label: null }] },
    ]);
  });
});

describe('formatDateToken', () => {
  const lift = 1412164800; // 2014-10-01 12:00 UTC
  const now = new Date('2014-09-30T20:00:00Z');

  it.each([
    { zone: 'UTC', format: '{date_short_pretty} {time}', text: 'Tomorrow 12:00 PM' },
    // Already 1 October in Tokyo at that moment: the same instant is "Today 9:00 PM" there.
    { zone: 'Asia/Tokyo', format: '{date_short_pretty} {time}', text: 'Today 9:00 PM' },
    { zone: 'America/Chicago', format: '{date_short} {time}', text: 'Oct 1, 2014 7:00 AM' },
    { zone: 'Europe/Berlin', format: '{date_long}', text: 'Wednesday, October 1st, 2014' },
    { zone: 'UTC', format: '{date_num} {time_secs}', text: '2014-10-01 12:00:00 PM' },
    { zone: 'UTC', format: '{ago}', text: 'in 16 hours' },
    { zone: 'UTC', format: '{unknown}', text: '{unknown}' },
  ])('$format in $zone → $text', ({ zone, format, text }) => {
    expect(formatDateToken(lift, format, { now, timeZone: zone })).toBe(text);
  });
});
