// @ts-check
import { h, renderBlocks, renderMrkdwn } from '../block-kit.js';
import { refreshModal } from './modal.js';
import { renderSidebar } from './sidebar.js';
import {
  $,
  api,
  authorName,
  blockEnv,
  channelById,
  messageOf,
  person,
  SLACKBOT,
  state,
  toast,
} from './state.js';

/** The main pane: a channel's messages (with their files, pins and ⋯ shortcuts), or the App Home. */

/** @param {string} ts */
function messageTime(ts) {
  return new Date(Number(ts) * 1000).toLocaleTimeString([], { hour: 'numeric', minute: '2-digit' });
}

/** @param {number} bytes */
function fileSize(bytes) {
  if (bytes < 1024) return `${bytes} B`;
  return bytes < 1024 * 1024 ? `${(bytes / 1024).toFixed(1)} KB` : `${(bytes / 1024 / 1024).toFixed(1)} MB`;
}

/**
 * Files shared with a message, as Slack's client shows them: a card with the name, type and size, a
 * link that opens the file and one that downloads it; an image shown inline above its card.
 * @param {unknown} files
 */
function renderFiles(files) {
  if (!Array.isArray(files) || files.length === 0) return null;
  return h(
    'div',
    { class: 'files' },
    files.map((file) => {
      const href = `/files/${encodeURIComponent(file.id)}/${encodeURIComponent(file.name)}?as=${encodeURIComponent(state.me)}`;
      const image = typeof file.mimetype === 'string' && file.mimetype.startsWith('image/');
      return h(
        'div',
        { class: 'file', dataset: { fileId: file.id } },
        image
          ? h(
              'a',
              { href, target: '_blank', rel: 'noopener' },
              h('img', { class: 'file-image', src: href, alt: file.title ?? file.name }),
            )
          : null,
        h(
          'div',
          { class: 'file-card' },
          h('span', { class: 'file-icon', 'aria-hidden': 'true' }, image ? '🖼' : '📄'),
          h(
            'div',
            { class: 'file-meta' },
            h('a', { class: 'file-name', href, target: '_blank', rel: 'noopener' }, file.name),
            h(
              'span',
              { class: 'file-size' },
              `${String(file.filetype ?? '').toUpperCase()} · ${fileSize(Number(file.size) || 0)}`,
            ),
          ),
          h(
            'a',
            {
              class: 'file-download',
              href: `${href}&download=1`,
              download: file.name,
              title: `Download ${file.name}`,
            },
            '⬇',
          ),
        ),
      );
    }),
  );
}

/**
 * @param {import('./state.js').Message} message
 * @param {string} channelId
 */
function renderMessage(message, channelId) {
  const ephemeral = typeof message.ephemeralTo === 'string';
  const fromBot = Boolean(message.bot_id) || message.user === state.workspace.bot.id;
  const pinned = Array.isArray(message.pinned_to) && message.pinned_to.includes(channelId);
  /** @type {import('../block-kit.js').BlockEnv['onAction']} */
  const onAction = async ({ element, blockId }) => {
    try {
      await api('/api/actions', {
        as: state.me,
        channel: channelId,
        ts: message.ts,
        blockId,
        actionId: element.action_id,
      });
      await refreshMessages();
    } catch (error) {
      toast(`The click did not go through: ${messageOf(error)}`, 'error');
    }
  };
  const content = message.blocks?.length
    ? renderBlocks(message.blocks, blockEnv(onAction))
    : h('div', { class: 'bk-text' }, renderMrkdwn(message.text ?? '', blockEnv(onAction)));
  const files = (message.files ?? []).map((file) =>
    h('div', { class: 'file-chip' }, '📄 ', file.name ?? 'file', ` (${file.size ?? 0} bytes)`),
  );
  // Slack's ⋯ More actions on a person's message: the app's message shortcuts.
  const moreActions =
    !ephemeral && !fromBot && message.user !== SLACKBOT
      ? h(
          'details',
          { class: 'more-actions' },
          h('summary', { 'aria-label': 'More actions', title: 'More actions' }, '⋯'),
          h(
            'button',
            {
              type: 'button',
              class: 'link',
              onclick: /** @param {MouseEvent} event */ async (event) => {
                /** @type {HTMLDetailsElement} */ (
                  /** @type {Element} */ (event.target).closest('details')
                ).open = false;
                try {
                  await api(`/api/channels/${channelId}/shortcut`, {
                    as: state.me,
                    ts: message.ts,
                    callbackId: 'xsa_import_advisory',
                  });
                  await refreshModal();
                  await refreshMessages();
                } catch (error) {
                  toast(`The shortcut did not go through: ${messageOf(error)}`, 'error');
                }
              },
            },
            'Campaign from advisory',
          ),
        )
      : null;
  const initials = authorName(message.user).slice(0, 1).toUpperCase();
  return h(
    'article',
    {
      class: `message ${ephemeral ? 'ephemeral' : ''} ${pinned ? 'pinned' : ''}`,
      dataset: { ts: message.ts, author: message.user ?? '' },
    },
    pinned ? h('div', { class: 'pinned-note' }, '📌 Pinned by xsa-bot') : null,
    ephemeral
      ? h(
          'div',
          { class: 'ephemeral-note' },
          h('span', { 'aria-hidden': 'true' }, '👁 '),
          'Only visible to you',
          h(
            'button',
            {
              type: 'button',
              class: 'link',
              onclick: () => {
                state.dismissed.add(message.ts);
                void refreshMessages();
              },
            },
            'Dismiss',
          ),
        )
      : null,
    h(
      'div',
      { class: 'message-row' },
      h(
        'div',
        {
          class: `avatar ${fromBot ? 'bot' : message.user === SLACKBOT ? 'slackbot' : `person-${person(message.user)?.role ?? ''}`}`,
          'aria-hidden': 'true',
        },
        fromBot ? '🛡' : initials,
      ),
      h(
        'div',
        { class: 'message-body' },
        h(
          'div',
          { class: 'message-meta' },
          h('span', { class: 'author' }, authorName(message.user)),
          fromBot ? h('span', { class: 'app-badge' }, 'APP') : null,
          h('time', { class: 'message-time' }, messageTime(message.ts)),
          moreActions,
        ),
        content,
        message.upload ? renderFiles(message.files) : files,
        message.edited ? h('span', { class: 'edited' }, '(edited)') : null,
      ),
    ),
  );
}

export async function refreshMessages() {
  if (state.current?.kind !== 'channel') return;
  const channelId = state.current.id;
  const seq = ++state.refreshSeq;
  /** @type {import('./state.js').Message[]} */
  let messages;
  try {
    ({ messages } = await api(`/api/channels/${channelId}/messages?as=${state.me}`));
  } catch (error) {
    toast(messageOf(error), 'error');
    return;
  }
  // A slower, older answer must not overwrite a newer one.
  if (seq !== state.refreshSeq || state.current?.id !== channelId) return;
  const list = $('#messages');
  const atBottom = list.scrollHeight - list.scrollTop - list.clientHeight < 120;
  const shown = messages.filter((m) => !state.dismissed.has(m.ts));
  list.replaceChildren(
    ...(shown.length
      ? shown.map((m) => renderMessage(m, channelId))
      : [h('div', { class: 'empty' }, 'No messages yet. Type /xsa help below, or load the demo campaign.')]),
  );
  const channel = channelById(channelId);
  const pins = messages.filter((m) => Array.isArray(m.pinned_to) && m.pinned_to.includes(channelId)).length;
  $('#pane-meta').textContent = `${channel?.memberCount ?? 0} members${pins ? ` · 📌 ${pins} pinned` : ''}`;
  if (atBottom || list.dataset.channel !== channelId) list.scrollTop = list.scrollHeight;
  list.dataset.channel = channelId;
}

/** @param {string} id */
export async function openChannel(id) {
  state.current = { kind: 'channel', id };
  state.unread.delete(id);
  const channel = channelById(id);
  $('#pane-title').replaceChildren(
    h('span', { class: 'channel-icon', 'aria-hidden': 'true' }, channel?.isPrivate ? '🔒' : '#'),
    channel?.name ?? id,
  );
  $('#messages').hidden = false;
  $('#home').hidden = true;
  $('#composer').hidden = false;
  /** @type {HTMLInputElement} */ ($('#composer-input')).placeholder =
    `Message #${channel?.name ?? ''} — try /xsa help`;
  renderSidebar();
  await refreshMessages();
  $('#composer-input').focus();
}

export async function refreshHome() {
  const { view } = await api(`/api/home?as=${state.me}`);
  const home = $('#home');
  home.replaceChildren(
    view
      ? renderBlocks(
          view.blocks,
          blockEnv(() => toast('Buttons in the App Home are not used by xsa-bot.')),
        )
      : h('div', { class: 'empty' }, 'Opening the App Home…'),
  );
}

export async function openHome() {
  state.current = { kind: 'home' };
  $('#pane-title').replaceChildren(
    h('span', { class: 'channel-icon', 'aria-hidden': 'true' }, '🛡'),
    'xsa-bot',
    h('span', { class: 'tab' }, 'Home'),
  );
  $('#pane-meta').textContent = 'App Home: published by the bot when you open it (views.publish)';
  $('#messages').hidden = true;
  $('#home').hidden = false;
  $('#composer').hidden = true;
  renderSidebar();
  await refreshHome();
  try {
    await api('/api/home', { as: state.me });
  } catch (error) {
    toast(`The App Home did not open: ${messageOf(error)}`, 'error');
  }
}
