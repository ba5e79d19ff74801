// @ts-check
import { h, readInputs, renderBlocks, renderMrkdwn } from '../block-kit.js';
import { refreshMessages } from './channel.js';
import { $, api, blockEnv, messageOf, state, toast } from './state.js';

/** Dialogs: the bot's modals (views.open / update / push, their submission and field errors), and a button's confirmation. */

/** Shows a dialog on the overlay (modals, forms) or above it (`#confirm`, a button's confirmation). */
/**
 * @param {Node} content
 * @param {string} [layer]
 */
export function openOverlay(content, layer = '#overlay') {
  const overlay = $(layer);
  overlay.replaceChildren(content);
  overlay.hidden = false;
}

/** @param {string} [layer] */
export function closeOverlay(layer = '#overlay') {
  $(layer).hidden = true;
  $(layer).replaceChildren();
}

/** A button's `confirm` object as Slack shows it; resolves true when confirmed. */
/**
 * @param {import('../block-kit.js').BlockJson} confirm
 * @returns {Promise<boolean>}
 */
export function confirmDialog(confirm) {
  return new Promise((resolve) => {
    const env = blockEnv(() => undefined);
    const previous = /** @type {HTMLElement | null} */ (document.activeElement);
    /** @param {boolean} answer */
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

/**
 * @param {HTMLFormElement} form
 * @param {Record<string, string>} errors
 */
function showFieldErrors(form, errors) {
  for (const node of form.querySelectorAll('.bk-error')) node.remove();
  for (const node of form.querySelectorAll('.has-error')) node.classList.remove('has-error');
  /** @type {HTMLElement | null} */
  let first = null;
  for (const [blockId, message] of Object.entries(errors)) {
    const wrapper = form.querySelector(`.bk-input[data-block-id="${CSS.escape(blockId)}"]`);
    if (!wrapper) {
      toast(message, 'error');
      continue;
    }
    wrapper.classList.add('has-error');
    wrapper.append(h('div', { class: 'bk-error', role: 'alert' }, `⚠ ${message}`));
    first ??= /** @type {HTMLElement | null} */ (wrapper.querySelector('input, textarea, select'));
  }
  first?.focus();
}

/** @param {import('./state.js').View | null} view */
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
      toast(`The form was not sent: ${messageOf(error)}`, 'error');
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
  /** @type {HTMLElement | null} */ (form.querySelector('input, textarea, select'))?.focus();
}

export async function refreshModal() {
  const { view } = await api(`/api/modal?as=${state.me}`);
  // The same view already on screen keeps what the person typed.
  const shown = state.modal?.view;
  if (view && shown?.id === view.id && shown?.hash === view.hash) return;
  renderModal(view);
}
