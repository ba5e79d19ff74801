// @ts-check
import { h } from '../block-kit.js';
import { openChannel, openHome } from './channel.js';
import { connectEvents } from './events.js';
import { closeOverlay, openOverlay } from './modal.js';
import {
  $,
  api,
  channelById,
  loadWorkspace,
  messageOf,
  person,
  rememberViewer,
  state,
  toast,
} from './state.js';

/** The sidebar: who is looking (the viewer), the channels they can see, the App Home, the demo. */

export function renderSidebar() {
  const { workspace, me } = state;
  const viewer = $('#viewer');
  viewer.replaceChildren(
    ...workspace.people.map((p) =>
      h('option', { value: p.id, selected: p.id === me }, `${p.name} — ${p.role}`),
    ),
  );
  const self = /** @type {import('./state.js').Person} */ (person(me));
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

/** @param {string} id */
export async function switchViewer(id) {
  rememberViewer(id);
  state.unread.clear();
  state.modal = null;
  closeOverlay();
  await loadWorkspace();
  connectEvents();
  if (state.current?.kind === 'home') return openHome();
  const currentId = state.current?.kind === 'channel' ? state.current.id : undefined;
  const visible = channelById(currentId)?.canSee;
  return openChannel(
    /** @type {string} */ (visible ? currentId : state.workspace.channels.find((c) => c.canSee)?.id),
  );
}

export function addChannelDialog() {
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
      toast(messageOf(error), 'error');
    }
  });
  openOverlay(form);
  name.focus();
}

export async function loadDemo() {
  const button = /** @type {HTMLButtonElement} */ ($('#load-demo'));
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
    toast(`The demo did not load: ${messageOf(error)}`, 'error');
  } finally {
    button.disabled = false;
    button.textContent = '▶ Load demo campaign';
  }
}
