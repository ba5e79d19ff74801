import { h, readInputs, renderBlocks, renderMrkdwn } from './block-kit.js';

/**
 * The sandbox page: a small Slack client. It shows what the stand-in for Slack holds (channels,
 * messages, modals, the App Home) and sends what the person does to the sandbox server, which turns
 * it into the signed requests Slack would send the bot. Live changes arrive as Server-Sent Events.
 */

const VIEWER_KEY = 'xsa-sandbox-viewer';
const SLACKBOT = 'USLACKBOT';
const $ = (selector) => document.querySelector(selector);

const state = {
  me: localStorage.getItem(VIEWER_KEY) ?? 'U0ALICE',
  workspace: null,
  /** { kind: 'channel', id } or { kind: 'home' } */
  current: null,
  unread: new Set(),
  dismissed: new Set(),
  events: null,
  modal: null,
  history: [],
  historyAt: 0,
  refreshSeq: 0,
};

async function api(path, body) {
  const init =
    body === undefined
      ? {}
      : { method: 'POST', headers: { 'content-type': 'application/json' }, body: JSON.stringify(body) };
  const response = await fetch(path, init);
  const data = await response.json().catch(() => ({}));
  if (!response.ok) throw new Error(data.error ?? `HTTP ${response.status}`);
  return data;
}

function toast(text, kind = 'info') {
  const item = h('div', { class: `toast ${kind}`, role: kind === 'error' ? 'alert' : 'status' }, text);
  $('#toasts').append(item);
  setTimeout(() => item.remove(), kind === 'error' ? 8000 : 5000);
}

const person = (id) => state.workspace?.people.find((p) => p.id === id);
const channelById = (id) => state.workspace?.channels.find((c) => c.id === id);

function authorName(id) {
  if (id === state.workspace?.bot.id) return 'xsa-bot';
  if (id === SLACKBOT) return 'Slackbot';
  return person(id)?.name ?? id;
}

/** What Block Kit rendering needs from the page: names, a confirm dialog, and what a click does. */
function blockEnv(onAction, errors) {
  return {
    userName: (id) => (id === state.workspace?.bot.id ? 'xsa-bot' : person(id)?.name),
    channelName: (id) => {
      const channel = channelById(id);
      return channel?.canSee ? channel.name : undefined;
    },
    confirm: confirmDialog,
    onAction,
    errors,
  };
}

// ——— sidebar ———

function renderSidebar() {
  const { workspace, me } = state;
  const viewer = $('#viewer');
  viewer.replaceChildren(
    ...workspace.people.map((p) =>
      h('option', { value: p.id, selected: p.id === me }, `${p.name} — ${p.role}`),
    ),
  );
  const self = person(me);
  $('#viewer-hint').textContent =
    self.role === 'responder'
      ? `${self.name} is in #xsa-war-room: a responder, who sees everything.`
      : `${self.name} is not in #xsa-war-room: before the lift she sees only what the bot shows outsiders.`;
  $('#viewer-card').className = `viewer-card ${self.role}`;
  const list = $('#channel-list');
  list.replaceChildren(
    ...workspace.channels
      .filter((c) => c.canSee)
      .map((c) =>
        h(
          'li',
          {},
          h(
            'button',
            {
              type: 'button',
              class: `channel-link ${state.current?.kind === 'channel' && state.current.id === c.id ? 'active' : ''} ${state.unread.has(c.id) ? 'unread' : ''}`,
              dataset: { channel: c.id },
              onclick: () => openChannel(c.id),
            },
            h('span', { class: 'channel-icon', 'aria-hidden': 'true' }, c.isPrivate ? '🔒' : '#'),
            c.name,
          ),
        ),
      ),
  );
  $('#open-home').classList.toggle('active', state.current?.kind === 'home');
}

async function loadWorkspace() {
  state.workspace = await api(`/api/workspace?as=${state.me}`);
}

// ——— channel ———

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

function renderMessage(message, channelId) {
  const ephemeral = typeof message.ephemeralTo === 'string';
  const fromBot = Boolean(message.bot_id) || message.user === state.workspace.bot.id;
  const pinned = Array.isArray(message.pinned_to) && message.pinned_to.includes(channelId);
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
      toast(`The click did not go through: ${error.message}`, 'error');
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
              onclick: async (event) => {
                event.target.closest('details').open = false;
                try {
                  await api(`/api/channels/${channelId}/shortcut`, {
                    as: state.me,
                    ts: message.ts,
                    callbackId: 'xsa_import_advisory',
                  });
                  await refreshModal();
                  await refreshMessages();
                } catch (error) {
                  toast(`The shortcut did not go through: ${error.message}`, 'error');
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

async function refreshMessages() {
  if (state.current?.kind !== 'channel') return;
  const channelId = state.current.id;
  const seq = ++state.refreshSeq;
  let messages;
  try {
    ({ messages } = await api(`/api/channels/${channelId}/messages?as=${state.me}`));
  } catch (error) {
    toast(error.message, 'error');
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

async function openChannel(id) {
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
  $('#composer-input').placeholder = `Message #${channel?.name ?? ''} — try /xsa help`;
  renderSidebar();
  await refreshMessages();
  $('#composer-input').focus();
}

// ——— App Home ———

async function refreshHome() {
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

async function openHome() {
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
    toast(`The App Home did not open: ${error.message}`, 'error');
  }
}

// ——— dialogs ———

/** Shows a dialog on the overlay (modals, forms) or above it (`#confirm`, a button's confirmation). */
function openOverlay(content, layer = '#overlay') {
  const overlay = $(layer);
  overlay.replaceChildren(content);
  overlay.hidden = false;
}

function closeOverlay(layer = '#overlay') {
  $(layer).hidden = true;
  $(layer).replaceChildren();
}

/** A button's `confirm` object as Slack shows it; resolves true when confirmed. */
function confirmDialog(confirm) {
  return new Promise((resolve) => {
    const env = blockEnv(() => undefined);
    const previous = document.activeElement;
    const done = (answer) => {
      closeOverlay('#confirm');
      previous?.focus?.();
      resolve(answer);
    };
    const yes = h(
      'button',
      {
        type: 'button',
        class: `primary ${confirm.style === 'danger' ? 'danger' : ''}`,
        onclick: () => done(true),
      },
      confirm.confirm?.text ?? 'Yes',
    );
    openOverlay(
      h(
        'div',
        {
          class: 'dialog confirm',
          role: 'alertdialog',
          'aria-modal': 'true',
          'aria-labelledby': 'confirm-title',
        },
        h('h2', { id: 'confirm-title' }, confirm.title?.text ?? 'Are you sure?'),
        h('div', { class: 'dialog-body' }, renderMrkdwn(confirm.text?.text ?? '', env)),
        h(
          'footer',
          {},
          h(
            'button',
            { type: 'button', class: 'secondary', onclick: () => done(false) },
            confirm.deny?.text ?? 'Cancel',
          ),
          yes,
        ),
      ),
      '#confirm',
    );
    yes.focus();
  });
}

function showFieldErrors(form, errors) {
  for (const node of form.querySelectorAll('.bk-error')) node.remove();
  for (const node of form.querySelectorAll('.has-error')) node.classList.remove('has-error');
  let first = null;
  for (const [blockId, message] of Object.entries(errors)) {
    const wrapper = form.querySelector(`.bk-input[data-block-id="${CSS.escape(blockId)}"]`);
    if (!wrapper) {
      toast(message, 'error');
      continue;
    }
    wrapper.classList.add('has-error');
    wrapper.append(h('div', { class: 'bk-error', role: 'alert' }, `⚠ ${message}`));
    first ??= wrapper.querySelector('input, textarea, select');
  }
  first?.focus();
}

function renderModal(view) {
  if (!view) {
    state.modal = null;
    closeOverlay();
    return;
  }
  state.modal = { view };
  const form = h('form', { class: 'modal-body', novalidate: true });
  form.append(
    renderBlocks(
      view.blocks,
      blockEnv(() => toast('Buttons inside modals are not used by xsa-bot.')),
    ),
  );
  const close = async () => {
    state.modal = null;
    closeOverlay();
    await api(`/api/views/${view.id}/close`, { as: state.me }).catch(() => undefined);
  };
  const submit = h(
    'button',
    { type: 'submit', class: 'primary', form: 'modal-form' },
    view.submit?.text ?? 'Submit',
  );
  form.id = 'modal-form';
  form.addEventListener('submit', async (event) => {
    event.preventDefault();
    submit.disabled = true;
    try {
      const result = await api(`/api/views/${view.id}/submit`, { as: state.me, values: readInputs(form) });
      if (result.errors && Object.keys(result.errors).length > 0) {
        showFieldErrors(form, result.errors);
        return;
      }
      await refreshModal();
      await refreshMessages();
    } catch (error) {
      toast(`The form was not sent: ${error.message}`, 'error');
    } finally {
      submit.disabled = false;
    }
  });
  openOverlay(
    h(
      'div',
      {
        class: 'dialog modal',
        role: 'dialog',
        'aria-modal': 'true',
        'aria-labelledby': 'modal-title',
        dataset: { viewId: view.id, callbackId: view.callback_id ?? '' },
      },
      h(
        'header',
        {},
        h('h2', { id: 'modal-title' }, view.title?.text ?? ''),
        h('button', { type: 'button', class: 'icon', 'aria-label': 'Close', onclick: close }, '×'),
      ),
      form,
      h(
        'footer',
        {},
        h('button', { type: 'button', class: 'secondary', onclick: close }, view.close?.text ?? 'Cancel'),
        view.submit ? submit : null,
      ),
    ),
  );
  form.querySelector('input, textarea, select')?.focus();
}

async function refreshModal() {
  const { view } = await api(`/api/modal?as=${state.me}`);
  // The same view already on screen keeps what the person typed.
  if (view && state.modal?.view.id === view.id && state.modal.view.hash === view.hash) return;
  renderModal(view);
}

function addChannelDialog() {
  const name = h('input', {
    id: 'new-channel-name',
    type: 'text',
    required: true,
    placeholder: 'e.g. customer-comms',
    maxlength: 80,
  });
  const isPrivate = h('input', { id: 'new-channel-private', type: 'checkbox' });
  const form = h(
    'form',
    { class: 'dialog', role: 'dialog', 'aria-modal': 'true', 'aria-labelledby': 'add-title' },
    h('h2', { id: 'add-title' }, 'Create a channel'),
    h(
      'div',
      { class: 'dialog-body' },
      h('label', { for: 'new-channel-name' }, 'Name'),
      name,
      h(
        'label',
        { class: 'check' },
        isPrivate,
        ` Private: only ${person(state.me)?.name} (and the bot) join`,
      ),
      h(
        'p',
        { class: 'muted' },
        'A public channel has everyone in it. Subscribe it to a campaign with /xsa subscribe #name.',
      ),
    ),
    h(
      'footer',
      {},
      h('button', { type: 'button', class: 'secondary', onclick: () => closeOverlay() }, 'Cancel'),
      h('button', { type: 'submit', class: 'primary' }, 'Create'),
    ),
  );
  form.addEventListener('submit', async (event) => {
    event.preventDefault();
    try {
      const { id } = await api('/api/channels', {
        as: state.me,
        name: name.value,
        isPrivate: isPrivate.checked,
      });
      closeOverlay();
      await loadWorkspace();
      await openChannel(id);
    } catch (error) {
      toast(error.message, 'error');
    }
  });
  openOverlay(form);
  name.focus();
}

// ——— actions ———

async function send(text) {
  const line = text.trim();
  if (!line || state.current?.kind !== 'channel') return;
  const input = $('#composer-input');
  input.disabled = true;
  try {
    await api(`/api/channels/${state.current.id}/messages`, { as: state.me, text: line });
    state.history = [...state.history.filter((l) => l !== line), line].slice(-50);
    state.historyAt = state.history.length;
    input.value = '';
    await refreshMessages();
    await refreshModal();
  } catch (error) {
    toast(error.message, 'error');
  } finally {
    input.disabled = false;
    input.focus();
  }
}

/** 📎: a text file (an advisory too long for a message) attached to a new message in this channel. */
async function attachFile(file) {
  if (!file || state.current?.kind !== 'channel') return;
  try {
    await api(`/api/channels/${state.current.id}/files`, {
      as: state.me,
      name: file.name,
      content: await file.text(),
    });
    await refreshMessages();
  } catch (error) {
    toast(`The file was not attached: ${error.message}`, 'error');
  }
}

async function loadDemo() {
  const button = $('#load-demo');
  button.disabled = true;
  button.textContent = 'Loading the demo…';
  try {
    const demo = await api('/api/demo', {});
    await loadWorkspace();
    toast(
      `${demo.campaignId} loaded in #${demo.channelName}: five hours of patching, the lift six hours ahead. The T-6h reminder arrives within a minute.`,
    );
    const target = channelById(demo.channel)?.canSee
      ? demo.channel
      : state.workspace.channels.find((c) => c.name === 'general')?.id;
    await openChannel(target);
  } catch (error) {
    toast(`The demo did not load: ${error.message}`, 'error');
  } finally {
    button.disabled = false;
    button.textContent = '▶ Load demo campaign';
  }
}

async function switchViewer(id) {
  state.me = id;
  localStorage.setItem(VIEWER_KEY, id);
  state.unread.clear();
  state.modal = null;
  closeOverlay();
  await loadWorkspace();
  connectEvents();
  if (state.current?.kind === 'home') return openHome();
  const visible = channelById(state.current?.id)?.canSee;
  return openChannel(visible ? state.current.id : state.workspace.channels.find((c) => c.canSee)?.id);
}

let refreshTimer = null;
function handleEvent(event) {
  switch (event.type) {
    case 'messages':
      if (state.current?.kind === 'channel' && state.current.id === event.channel) {
        // Several changes in a row (an update, then a pin) become one refresh.
        clearTimeout(refreshTimer);
        refreshTimer = setTimeout(refreshMessages, 30);
      } else {
        state.unread.add(event.channel);
        renderSidebar();
      }
      break;
    case 'modal':
      refreshModal().catch((error) => toast(error.message, 'error'));
      break;
    case 'home':
      if (state.current?.kind === 'home') refreshHome().catch((error) => toast(error.message, 'error'));
      break;
    case 'channels':
      loadWorkspace().then(renderSidebar, (error) => toast(error.message, 'error'));
      break;
  }
}

function connectEvents() {
  state.events?.close();
  const source = new EventSource(`/api/events?as=${state.me}`);
  source.addEventListener('message', (message) => handleEvent(JSON.parse(message.data)));
  let opened = false;
  source.addEventListener('open', () => {
    document.body.dataset.live = 'true';
    // Back after a lost connection (the sandbox restarted, say): catch up on what was missed.
    if (opened) {
      loadWorkspace()
        .then(() => {
          renderSidebar();
          return state.current?.kind === 'home' ? refreshHome() : refreshMessages();
        })
        .catch((error) => toast(error.message, 'error'));
    }
    opened = true;
  });
  source.addEventListener('error', () => {
    document.body.dataset.live = 'false';
  });
  state.events = source;
}

async function boot() {
  // The people's Slack profiles take the browser's zone, so times typed without one mean local time.
  const tz = Intl.DateTimeFormat().resolvedOptions().timeZone;
  await api('/api/time-zone', { tz }).catch(() => undefined);
  try {
    await loadWorkspace();
  } catch {
    state.me = 'U0ALICE';
    await loadWorkspace();
  }
  $('#viewer').addEventListener('change', (event) => switchViewer(event.target.value));
  $('#add-channel').addEventListener('click', addChannelDialog);
  $('#attach-file').addEventListener('change', (event) => {
    void attachFile(event.target.files?.[0]);
    event.target.value = '';
  });
  $('#open-home').addEventListener('click', openHome);
  $('#load-demo').addEventListener('click', loadDemo);
  $('#time-zone').textContent = `Times shown in ${tz}`;
  $('#composer').addEventListener('submit', (event) => {
    event.preventDefault();
    void send($('#composer-input').value);
  });
  $('#composer-input').addEventListener('keydown', (event) => {
    if (event.key !== 'ArrowUp' && event.key !== 'ArrowDown') return;
    if (state.history.length === 0) return;
    event.preventDefault();
    state.historyAt = Math.max(
      0,
      Math.min(state.history.length, state.historyAt + (event.key === 'ArrowUp' ? -1 : 1)),
    );
    event.target.value = state.history[state.historyAt] ?? '';
  });
  for (const chip of document.querySelectorAll('[data-fill]')) {
    chip.addEventListener('click', () => {
      const input = $('#composer-input');
      input.value = chip.dataset.fill;
      input.focus();
    });
  }
  document.addEventListener('keydown', (event) => {
    if (event.key !== 'Escape') return;
    const layer = ['#confirm', '#overlay'].map($).find((l) => !l.hidden);
    layer?.querySelector('footer button.secondary')?.click();
  });
  connectEvents();
  const first =
    state.workspace.channels.find((c) => c.canSee && c.name === 'xsa-war-room') ??
    state.workspace.channels.find((c) => c.canSee);
  await openChannel(first.id);
  await refreshModal();
  document.body.dataset.ready = 'true';
}

boot().catch((error) => toast(`The sandbox page could not start: ${error.message}`, 'error'));
