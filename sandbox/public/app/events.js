// @ts-check
import { refreshHome, refreshMessages } from './channel.js';
import { refreshModal } from './modal.js';
import { renderSidebar } from './sidebar.js';
import { loadWorkspace, messageOf, state, toast } from './state.js';

/** Live changes: the sandbox server's Server-Sent Events, and what each one refreshes. */

/** @type {ReturnType<typeof setTimeout> | undefined} */
let refreshTimer;

/** @param {{ type: string, channel?: string }} event */
function handleEvent(event) {
  switch (event.type) {
    case 'messages':
      if (state.current?.kind === 'channel' && state.current.id === event.channel) {
        // Several changes in a row (an update, then a pin) become one refresh.
        clearTimeout(refreshTimer);
        refreshTimer = setTimeout(refreshMessages, 30);
      } else {
        state.unread.add(/** @type {string} */ (event.channel));
        renderSidebar();
      }
      break;
    case 'modal':
      refreshModal().catch((error) => toast(messageOf(error), 'error'));
      break;
    case 'home':
      if (state.current?.kind === 'home') refreshHome().catch((error) => toast(messageOf(error), 'error'));
      break;
    case 'channels':
      loadWorkspace().then(renderSidebar, (error) => toast(messageOf(error), 'error'));
      break;
  }
}

/** (Re)connects the event stream for the person now viewing. */
export function connectEvents() {
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
        .catch((error) => toast(messageOf(error), 'error'));
    }
    opened = true;
  });
  source.addEventListener('error', () => {
    document.body.dataset.live = 'false';
  });
  state.events = source;
}
