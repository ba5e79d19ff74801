// @ts-check
import { openChannel, openHome } from './app/channel.js';
import { wireComposer } from './app/composer.js';
import { connectEvents } from './app/events.js';
import { refreshModal } from './app/modal.js';
import { addChannelDialog, loadDemo, switchViewer } from './app/sidebar.js';
import { $, api, loadWorkspace, messageOf, state, toast } from './app/state.js';

/**
 * The sandbox page: a small Slack client. It shows what the stand-in for Slack holds (channels,
 * messages, modals, the App Home) and sends what the person does to the sandbox server, which turns
 * it into the signed requests Slack would send the bot. Live changes arrive as Server-Sent Events.
 *
 * This file starts the page; its parts are ES modules in app/: state.js (what they share, the API),
 * sidebar.js, channel.js (messages and the App Home), composer.js, modal.js (dialogs), events.js.
 * All are `// @ts-check`ed by tsc (sandbox/public/tsconfig.json, run by `npm run typecheck`).
 */

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
  const viewer = /** @type {HTMLSelectElement} */ ($('#viewer'));
  viewer.addEventListener('change', () => switchViewer(viewer.value));
  $('#add-channel').addEventListener('click', addChannelDialog);
  $('#open-home').addEventListener('click', openHome);
  $('#load-demo').addEventListener('click', loadDemo);
  $('#time-zone').textContent = `Times shown in ${tz}`;
  wireComposer();
  document.addEventListener('keydown', (event) => {
    if (event.key !== 'Escape') return;
    const layer = ['#confirm', '#overlay'].map($).find((l) => !l.hidden);
    /** @type {HTMLElement | null | undefined} */ (layer?.querySelector('footer button.secondary'))?.click();
  });
  connectEvents();
  const first =
    state.workspace.channels.find((c) => c.canSee && c.name === 'xsa-war-room') ??
    state.workspace.channels.find((c) => c.canSee);
  await openChannel(/** @type {import('./app/state.js').Channel} */ (first).id);
  await refreshModal();
  document.body.dataset.ready = 'true';
}

boot().catch((error) => toast(`The sandbox page could not start: ${messageOf(error)}`, 'error'));
