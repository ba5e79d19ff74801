// @ts-check
import { refreshMessages } from './channel.js';
import { refreshModal } from './modal.js';
import { $, api, messageOf, state, toast } from './state.js';

/** The composer: a message or /xsa command (↑ and ↓ walk the history), 📎 a file, the hint chips. */

const input = () => /** @type {HTMLInputElement} */ ($('#composer-input'));

/** @param {string} text */
async function send(text) {
  const line = text.trim();
  if (!line || state.current?.kind !== 'channel') return;
  const field = input();
  field.disabled = true;
  try {
    await api(`/api/channels/${state.current.id}/messages`, { as: state.me, text: line });
    state.history = [...state.history.filter((l) => l !== line), line].slice(-50);
    state.historyAt = state.history.length;
    field.value = '';
    await refreshMessages();
    await refreshModal();
  } catch (error) {
    toast(messageOf(error), 'error');
  } finally {
    field.disabled = false;
    field.focus();
  }
}

/**
 * 📎: a text file (an advisory too long for a message) attached to a new message in this channel.
 * @param {File | undefined} file
 */
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
    toast(`The file was not attached: ${messageOf(error)}`, 'error');
  }
}

/** Wires the composer's form, its history keys, the 📎 input and the chips that fill it. */
export function wireComposer() {
  const attach = /** @type {HTMLInputElement} */ ($('#attach-file'));
  attach.addEventListener('change', () => {
    void attachFile(attach.files?.[0]);
    attach.value = '';
  });
  $('#composer').addEventListener('submit', (event) => {
    event.preventDefault();
    void send(input().value);
  });
  input().addEventListener('keydown', (event) => {
    if (event.key !== 'ArrowUp' && event.key !== 'ArrowDown') return;
    if (state.history.length === 0) return;
    event.preventDefault();
    state.historyAt = Math.max(
      0,
      Math.min(state.history.length, state.historyAt + (event.key === 'ArrowUp' ? -1 : 1)),
    );
    input().value = state.history[state.historyAt] ?? '';
  });
  for (const chip of document.querySelectorAll('[data-fill]')) {
    chip.addEventListener('click', () => {
      const field = input();
      field.value = /** @type {HTMLElement} */ (chip).dataset.fill ?? '';
      field.focus();
    });
  }
}
