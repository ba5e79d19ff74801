import { EMOJI, formatDateToken, parseMrkdwn } from './mrkdwn.js';

/**
 * Block Kit to DOM: the blocks the bot sends in messages, modals and the App Home — header, section
 * (text, fields, accessory), context, divider, actions with buttons, input, image — and mrkdwn in
 * them. `env` supplies names for mentions and what a click does.
 */

/** Creates an element with a class and children (strings become text, never HTML). */
export function h(tag, attributes = {}, ...children) {
  const element = document.createElement(tag);
  for (const [key, value] of Object.entries(attributes)) {
    if (value === undefined || value === null || value === false) continue;
    if (key === 'class') element.className = value;
    else if (key.startsWith('on')) element.addEventListener(key.slice(2), value);
    else if (key === 'dataset') Object.assign(element.dataset, value);
    else element.setAttribute(key, value === true ? '' : String(value));
  }
  for (const child of children.flat()) {
    if (child === null || child === undefined || child === false) continue;
    element.append(typeof child === 'string' ? document.createTextNode(child) : child);
  }
  return element;
}

const emojify = (text) => text.replace(/:([a-z0-9_+-]+):/g, (whole, name) => EMOJI[name] ?? whole);

function renderNode(node, env) {
  switch (node.type) {
    case 'text':
      return document.createTextNode(node.text);
    case 'emoji':
      return h('span', { class: 'emoji', title: `:${node.name}:` }, node.char);
    case 'br':
      return h('br');
    case 'bold':
      return h(
        'b',
        {},
        node.children.map((c) => renderNode(c, env)),
      );
    case 'italic':
      return h(
        'i',
        {},
        node.children.map((c) => renderNode(c, env)),
      );
    case 'strike':
      return h(
        's',
        {},
        node.children.map((c) => renderNode(c, env)),
      );
    case 'code':
      return h('code', {}, node.text);
    case 'pre':
      return h('pre', {}, node.text);
    case 'link': {
      const safe = /^(https?:|mailto:)/i.test(node.url);
      return safe
        ? h('a', { href: node.url, target: '_blank', rel: 'noopener noreferrer' }, node.label)
        : h('span', {}, node.label);
    }
    case 'user':
      return h(
        'span',
        { class: 'mention', dataset: { user: node.id } },
        `@${env.userName(node.id) ?? node.label ?? node.id}`,
      );
    case 'channel': {
      const name = env.channelName(node.id) ?? node.label;
      return h(
        'span',
        { class: 'mention channel', dataset: { channel: node.id } },
        name ? `#${name}` : '🔒 private channel',
      );
    }
    case 'broadcast':
      return h('span', { class: 'mention broadcast' }, `@${node.name}`);
    case 'date': {
      // Shown in the browser's time zone, as Slack shows each viewer their own; the fallback is UTC.
      const zone = Intl.DateTimeFormat().resolvedOptions().timeZone;
      if (!Number.isFinite(node.seconds)) return document.createTextNode(node.fallback);
      const time = h(
        'time',
        {
          class: 'date-token',
          datetime: new Date(node.seconds * 1000).toISOString(),
          title: `${node.fallback} · shown in ${zone}`,
        },
        formatDateToken(node.seconds, node.format),
      );
      return node.link && /^https?:/i.test(node.link)
        ? h('a', { href: node.link, target: '_blank', rel: 'noopener noreferrer' }, time)
        : time;
    }
    default:
      return document.createTextNode('');
  }
}

/** mrkdwn text as DOM. */
export function renderMrkdwn(text, env) {
  const fragment = document.createDocumentFragment();
  for (const node of parseMrkdwn(text)) fragment.append(renderNode(node, env));
  return fragment;
}

/** A text object: mrkdwn or plain_text (emoji shortcodes allowed). */
export function renderText(object, env) {
  if (!object) return document.createTextNode('');
  if (object.type === 'mrkdwn') return renderMrkdwn(object.text, env);
  return document.createTextNode(emojify(String(object.text ?? '')));
}

const plain = (object) => emojify(String(object?.text ?? ''));

function renderButton(element, block, env) {
  const button = h(
    'button',
    {
      type: 'button',
      class: `bk-button ${element.style ? `bk-${element.style}` : ''}`,
      dataset: { actionId: element.action_id ?? '', value: element.value ?? '' },
    },
    plain(element.text),
  );
  if (element.url) {
    return h(
      'a',
      { class: button.className, href: element.url, target: '_blank', rel: 'noopener noreferrer' },
      plain(element.text),
    );
  }
  button.addEventListener('click', async () => {
    if (element.confirm && !(await env.confirm(element.confirm))) return;
    button.disabled = true;
    button.classList.add('busy');
    try {
      await env.onAction({ element, blockId: block.block_id });
    } finally {
      button.disabled = false;
      button.classList.remove('busy');
    }
  });
  return button;
}

/** An element inside actions, context or a section accessory. */
function renderElement(element, block, env) {
  switch (element?.type) {
    case 'button':
      return renderButton(element, block, env);
    case 'image':
      return h('img', { class: 'bk-image-inline', src: element.image_url, alt: element.alt_text ?? '' });
    case 'mrkdwn':
    case 'plain_text':
      return h('span', {}, renderText(element, env));
    default:
      // Selects, overflow menus and the like: shown, not yet interactive in the sandbox.
      return h(
        'span',
        { class: 'bk-unsupported' },
        element?.placeholder ? plain(element.placeholder) : `[${element?.type}]`,
      );
  }
}

function renderInput(block, env) {
  const element = block.element ?? {};
  const id = `input-${block.block_id}`;
  let control;
  switch (element.type) {
    case 'plain_text_input':
      control = element.multiline
        ? h('textarea', {
            id,
            rows: 4,
            maxlength: element.max_length,
            placeholder: plain(element.placeholder) || undefined,
          })
        : h('input', {
            id,
            type: 'text',
            maxlength: element.max_length,
            placeholder: plain(element.placeholder) || undefined,
          });
      if (element.initial_value) control.value = element.initial_value;
      break;
    case 'datepicker':
      control = h('input', { id, type: 'date' });
      if (element.initial_date) control.value = element.initial_date;
      break;
    case 'timepicker':
      control = h('input', { id, type: 'time' });
      if (element.initial_time) control.value = element.initial_time;
      break;
    case 'static_select': {
      control = h(
        'select',
        { id },
        h('option', { value: '' }, plain(element.placeholder) || 'Select an option'),
        (element.options ?? []).map((o) => h('option', { value: o.value }, plain(o.text))),
      );
      if (element.initial_option) control.value = element.initial_option.value;
      break;
    }
    case 'checkboxes': {
      const initial = new Set((element.initial_options ?? []).map((o) => o.value));
      const boxes = (element.options ?? []).map((o) => {
        const box = h('input', { type: 'checkbox', value: o.value });
        box.checked = initial.has(o.value);
        box.dataset.blockId = block.block_id;
        return h('label', { class: 'bk-checkbox' }, box, ' ', plain(o.text));
      });
      control = h('div', { id, class: 'bk-checkboxes' }, boxes);
      break;
    }
    default:
      control = h('span', { class: 'bk-unsupported' }, `[${element.type}]`);
  }
  if (element.type !== 'checkboxes') control.dataset.blockId = block.block_id;
  const error = env.errors?.[block.block_id];
  return h(
    'div',
    { class: `bk-input ${error ? 'has-error' : ''}` },
    h(
      'label',
      { for: id },
      plain(block.label),
      block.optional ? h('span', { class: 'optional' }, ' (optional)') : null,
    ),
    control,
    block.hint ? h('div', { class: 'bk-hint' }, renderText(block.hint, env)) : null,
    error ? h('div', { class: 'bk-error', role: 'alert' }, `⚠ ${error}`) : null,
  );
}

function renderBlock(block, env) {
  switch (block.type) {
    case 'header':
      return h('div', { class: 'bk-header' }, plain(block.text));
    case 'section': {
      const body = h(
        'div',
        { class: 'bk-section-body' },
        block.text ? h('div', { class: 'bk-text' }, renderText(block.text, env)) : null,
        block.fields?.length
          ? h(
              'div',
              { class: 'bk-fields' },
              block.fields.map((f) => h('div', { class: 'bk-field' }, renderText(f, env))),
            )
          : null,
      );
      return h(
        'div',
        { class: 'bk-section' },
        body,
        block.accessory
          ? h('div', { class: 'bk-accessory' }, renderElement(block.accessory, block, env))
          : null,
      );
    }
    case 'context':
      return h(
        'div',
        { class: 'bk-context' },
        (block.elements ?? []).map((e) => renderElement(e, block, env)),
      );
    case 'divider':
      return h('hr', { class: 'bk-divider' });
    case 'actions':
      return h(
        'div',
        { class: 'bk-actions' },
        (block.elements ?? []).map((e) => renderElement(e, block, env)),
      );
    case 'input':
      return renderInput(block, env);
    case 'image':
      return h(
        'figure',
        { class: 'bk-image' },
        h('img', { src: block.image_url, alt: block.alt_text ?? '' }),
        block.title ? h('figcaption', {}, plain(block.title)) : null,
      );
    default:
      return h('div', { class: 'bk-unsupported' }, `[${block.type} block]`);
  }
}

/** Blocks as DOM; each block carries its block_id for clicks and tests. */
export function renderBlocks(blocks, env) {
  return h(
    'div',
    { class: 'bk' },
    (blocks ?? []).map((block) => {
      const element = renderBlock(block, env);
      element.dataset.blockType = block.type;
      if (block.block_id) element.dataset.blockId = block.block_id;
      return element;
    }),
  );
}

/** What the person entered in a modal's inputs, keyed by block_id (null when empty). */
export function readInputs(container) {
  const values = {};
  for (const control of container.querySelectorAll('[data-block-id]')) {
    if (!['INPUT', 'TEXTAREA', 'SELECT'].includes(control.tagName)) continue;
    if (control.type === 'checkbox') {
      // Checkboxes: the ticked values, comma-separated; null when none is ticked.
      const before = values[control.dataset.blockId] ?? null;
      const ticked = control.checked ? control.value : null;
      values[control.dataset.blockId] = before && ticked ? `${before},${ticked}` : (before ?? ticked);
      continue;
    }
    values[control.dataset.blockId] = control.value === '' ? null : control.value;
  }
  return values;
}
