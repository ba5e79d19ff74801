import { describe, expect, it } from 'vitest';
import { BLOCK_KIT, checkBlocks, checkMessage, checkView } from '../../src/sandbox/conformance/block-kit.js';

const plain = (text: string) => ({ type: 'plain_text', text });
const mrkdwn = (text: string) => ({ type: 'mrkdwn', text });
const section = (text: string) => ({ type: 'section', text: mrkdwn(text) });
const button = (text: string, extra: Record<string, unknown> = {}) => ({
  type: 'button',
  text: plain(text),
  action_id: 'a',
  ...extra,
});
const x = (n: number) => 'x'.repeat(n);
const confirm = (over: Record<string, unknown> = {}) => ({
  title: plain('Sure?'),
  text: mrkdwn('It cannot be undone.'),
  confirm: plain('Yes'),
  deny: plain('No'),
  ...over,
});
const modal = (over: Record<string, unknown> = {}) => ({
  type: 'modal',
  title: plain('Block a zone'),
  submit: plain('Block'),
  close: plain('Cancel'),
  blocks: [
    {
      type: 'input',
      block_id: 'r',
      label: plain('Reason'),
      element: { type: 'plain_text_input', action_id: 'i' },
    },
  ],
  ...over,
});

describe('Block Kit conformance: what Slack accepts', () => {
  it.each([
    ['a section of mrkdwn at the 3,000 limit', [section(x(3000))]],
    [
      'a section of 10 fields of 2,000',
      [{ type: 'section', fields: Array.from({ length: 10 }, () => mrkdwn(x(2000))) }],
    ],
    ['a header of 150', [{ type: 'header', text: plain(x(150)) }]],
    [
      'a context of 10 elements',
      [{ type: 'context', elements: Array.from({ length: 10 }, () => mrkdwn('c')) }],
    ],
    [
      '25 buttons with distinct action ids, confirm and style',
      [
        {
          type: 'actions',
          block_id: 'zone:XSA-108|a',
          elements: Array.from({ length: 25 }, (_, i) =>
            button(x(75), { action_id: `b${i}`, value: x(2000), style: 'danger', confirm: confirm() }),
          ),
        },
      ],
    ],
    ['50 dividers', Array.from({ length: 50 }, () => ({ type: 'divider' }))],
    ['a section with a button accessory', [{ ...section('s'), accessory: button('Go') }]],
  ])('%s', (_name, blocks) => {
    expect(checkMessage({ text: 'fallback', blocks })).toEqual([]);
  });

  it('accepts the modals and Home views the bot builds', () => {
    expect(checkView(modal({ private_metadata: x(3000), callback_id: 'xsa_block_reason' }))).toEqual([]);
    expect(checkView({ type: 'home', blocks: [section('Campaigns')] })).toEqual([]);
    const select = {
      type: 'static_select',
      action_id: 'z',
      options: [{ text: plain('UTC'), value: 'UTC' }],
      initial_option: { text: plain('UTC'), value: 'UTC' },
    };
    const view = modal({
      blocks: [
        {
          type: 'input',
          block_id: 'd',
          label: plain('Date'),
          element: { type: 'datepicker', action_id: 'd' },
        },
        {
          type: 'input',
          block_id: 't',
          label: plain('Time'),
          element: { type: 'timepicker', action_id: 't', initial_time: '12:00' },
        },
        { type: 'input', block_id: 'z', label: plain('Zone'), element: select, optional: true },
      ],
    });
    expect(checkView(view)).toEqual([]);
  });
});

describe('Block Kit conformance: what Slack rejects', () => {
  const pointerOf = (problems: string[]) => problems.map((p) => /json-pointer:(\S+)]/.exec(p)?.[1]);

  it.each([
    ['a section over 3,000', [section(x(3001))], '/blocks/0/text/text'],
    ['a header over 150', [{ type: 'header', text: plain(x(151)) }], '/blocks/0/text/text'],
    ['a header in mrkdwn', [{ type: 'header', text: mrkdwn('h') }], '/blocks/0/text/type'],
    [
      '11 fields',
      [{ type: 'section', fields: Array.from({ length: 11 }, () => mrkdwn('f')) }],
      '/blocks/0/fields',
    ],
    ['a field over 2,000', [{ type: 'section', fields: [mrkdwn(x(2001))] }], '/blocks/0/fields/0/text'],
    ['a section with neither text nor fields', [{ type: 'section' }], '/blocks/0'],
    ['an unknown field on a block', [{ ...section('s'), colour: 'red' }], '/blocks/0'],
    ['an unknown block type', [{ type: 'marquee', text: plain('!') }], '/blocks/0'],
    ['empty text', [section('')], '/blocks/0/text/text'],
    [
      '11 context elements',
      [{ type: 'context', elements: Array.from({ length: 11 }, () => mrkdwn('c')) }],
      '/blocks/0/elements',
    ],
    [
      '26 actions elements',
      [
        {
          type: 'actions',
          elements: Array.from({ length: 26 }, (_, i) => button('b', { action_id: `b${i}` })),
        },
      ],
      '/blocks/0/elements',
    ],
    [
      'a button text over 75',
      [{ type: 'actions', elements: [button(x(76))] }],
      '/blocks/0/elements/0/text/text',
    ],
    [
      'a button value over 2,000',
      [{ type: 'actions', elements: [button('b', { value: x(2001) })] }],
      '/blocks/0/elements/0/value',
    ],
    [
      'an action_id over 255',
      [{ type: 'actions', elements: [button('b', { action_id: x(256) })] }],
      '/blocks/0/elements/0/action_id',
    ],
    ['a block_id over 255', [{ ...section('s'), block_id: x(256) }], '/blocks/0/block_id'],
    [
      'a confirm title over 100',
      [{ type: 'actions', elements: [button('b', { confirm: confirm({ title: plain(x(101)) }) })] }],
      '/blocks/0/elements/0/confirm/title/text',
    ],
    [
      'a confirm text over 300',
      [{ type: 'actions', elements: [button('b', { confirm: confirm({ text: mrkdwn(x(301)) }) })] }],
      '/blocks/0/elements/0/confirm/text/text',
    ],
    [
      'a confirm button over 30',
      [{ type: 'actions', elements: [button('b', { confirm: confirm({ deny: plain(x(31)) }) })] }],
      '/blocks/0/elements/0/confirm/deny/text',
    ],
    [
      'a button style Slack does not know',
      [{ type: 'actions', elements: [button('b', { style: 'warning' })] }],
      '/blocks/0/elements/0/style',
    ],
    [
      'an input element in actions',
      [{ type: 'actions', elements: [{ type: 'plain_text_input', action_id: 'p' }] }],
      '/blocks/0/elements/0/type',
    ],
    [
      'duplicate block ids',
      [
        { ...section('a'), block_id: 'same' },
        { ...section('b'), block_id: 'same' },
      ],
      '/blocks/1/block_id',
    ],
    [
      'duplicate action ids in one block',
      [{ type: 'actions', elements: [button('a'), button('b')] }],
      '/blocks/0',
    ],
    ['51 blocks in a message', Array.from({ length: 51 }, () => ({ type: 'divider' })), '/blocks'],
  ])('%s', (_name, blocks, pointer) => {
    const problems = checkMessage({ text: 'fallback', blocks });
    expect(pointerOf(problems)).toContain(pointer);
    expect(problems.every((p) => p.startsWith('[ERROR] '))).toBe(true);
  });

  it('the same action_id in two blocks is fine; in one it is not', () => {
    const row = (blockId: string) => ({ type: 'actions', block_id: blockId, elements: [button('Start')] });
    expect(checkBlocks([row('one'), row('two')], 'message')).toEqual([]);
  });

  it('a message with blocks and no text fallback', () => {
    expect(pointerOf(checkMessage({ blocks: [section('s')] }))).toEqual(['/text']);
    expect(pointerOf(checkMessage({ text: '  ', blocks: [section('s')] }))).toEqual(['/text']);
    expect(checkMessage({ text: 'plain message' })).toEqual([]);
  });

  it.each([
    ['a title over 24', modal({ title: plain(x(25)) }), '/view/title/text'],
    ['a submit over 24', modal({ submit: plain(x(25)) }), '/view/submit/text'],
    ['a close over 24', modal({ close: plain(x(25)) }), '/view/close/text'],
    ['no title', modal({ title: undefined }), '/view/title'],
    ['inputs but no submit', modal({ submit: undefined }), '/view/submit'],
    ['private_metadata over 3,000', modal({ private_metadata: x(3001) }), '/view/private_metadata'],
    ['an unknown view field', modal({ colour: 'red' }), '/view'],
    [
      '101 blocks',
      modal({ blocks: Array.from({ length: 101 }, () => ({ type: 'divider' })) }),
      '/view/blocks',
    ],
    ['a Home view with a title', { type: 'home', title: plain('Home'), blocks: [] }, '/view'],
    ['a view type Slack does not have', { type: 'sheet', blocks: [] }, '/view/type'],
    [
      'a select with no options',
      modal({
        blocks: [{ type: 'input', label: plain('Z'), element: { type: 'static_select', action_id: 's' } }],
      }),
      '/view/blocks/0/element',
    ],
    [
      'a timepicker time that is not HH:mm',
      modal({
        blocks: [
          { type: 'input', label: plain('T'), element: { type: 'timepicker', initial_time: '25:00' } },
        ],
      }),
      '/view/blocks/0/element/initial_time',
    ],
  ])('a view: %s', (_name, view, pointer) => {
    expect(pointerOf(checkView(view))).toContain(pointer);
  });

  it('names its limits once', () => {
    expect(BLOCK_KIT).toMatchObject({ messageBlocks: 50, viewBlocks: 100, header: 150, viewTitle: 24 });
  });
});
