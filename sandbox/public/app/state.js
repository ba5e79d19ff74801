// @ts-check
import { h } from '../block-kit.js';
import { confirmDialog } from './modal.js';

/**
 * What the page's parts share: the page state, the sandbox server's API, toasts, and the names
 * Block Kit rendering needs. One `state` for the page, as the page is one person's screen.
 */

/**
 * @typedef {{ id: string, name: string, role: string }} Person
 * @typedef {{ id: string, name: string, isPrivate: boolean, canSee: boolean, memberCount?: number }} Channel
 * @typedef {{ people: Person[], channels: Channel[], bot: { id: string } }} Workspace
 * @typedef {{ kind: 'channel', id: string } | { kind: 'home' }} Pane
 * @typedef {import('../block-kit.js').BlockJson} BlockJson
 * @typedef {{ id: string, hash?: string, callback_id?: string, blocks: BlockJson[], title?: { text: string },
 *   submit?: { text: string }, close?: { text: string } }} View
 * @typedef {{ ts: string, user?: string, text?: string, blocks?: BlockJson[], bot_id?: string,
 *   ephemeralTo?: string, pinned_to?: string[], files?: any[], upload?: boolean, edited?: unknown }} Message
 */

const VIEWER_KEY = 'xsa-sandbox-viewer';
export const SLACKBOT = 'USLACKBOT';

/**
 * The page's element for `selector` (index.html has them all); cast it for a narrower type.
 * @param {string} selector
 * @returns {HTMLElement}
 */
export const $ = (selector) => /** @type {HTMLElement} */ (document.querySelector(selector));

export const state = {
  me: localStorage.getItem(VIEWER_KEY) ?? 'U0ALICE',
  /** @type {Workspace} set by loadWorkspace() before anything renders */
  workspace: /** @type {Workspace} */ (/** @type {unknown} */ (null)),
  /** @type {Pane | null} */
  current: null,
  /** @type {Set<string>} */
  unread: new Set(),
  /** @type {Set<string>} */
  dismissed: new Set(),
  /** @type {EventSource | null} */
  events: null,
  /** @type {{ view: View } | null} */
  modal: null,
  /** @type {string[]} */
  history: [],
  historyAt: 0,
  refreshSeq: 0,
};

/** @param {string} id */
export function rememberViewer(id) {
  state.me = id;
  localStorage.setItem(VIEWER_KEY, id);
}

/**
 * GET (no body) or POST JSON to the sandbox server; throws its `error` on a non-2xx answer.
 * @param {string} path
 * @param {unknown} [body]
 * @returns {Promise<any>}
 */
export async function api(path, body) {
  const init =
    body === undefined
      ? {}
      : { method: 'POST', headers: { 'content-type': 'application/json' }, body: JSON.stringify(body) };
  const response = await fetch(path, init);
  const data = await response.json().catch(() => ({}));
  if (!response.ok) throw new Error(data.error ?? `HTTP ${response.status}`);
  return data;
}

/**
 * What went wrong, for a toast: an Error's message (api() throws the server's), or the thing thrown.
 * @param {unknown} error
 */
export const messageOf = (error) => (error instanceof Error ? error.message : String(error));

/**
 * @param {string} text
 * @param {'info' | 'error'} [kind]
 */
export function toast(text, kind = 'info') {
  const item = h('div', { class: `toast ${kind}`, role: kind === 'error' ? 'alert' : 'status' }, text);
  $('#toasts').append(item);
  setTimeout(() => item.remove(), kind === 'error' ? 8000 : 5000);
}

/** @param {string | undefined} id */
export const person = (id) => state.workspace?.people.find((p) => p.id === id);
/** @param {string | undefined} id */
export const channelById = (id) => state.workspace?.channels.find((c) => c.id === id);

/** @param {string | undefined} id */
export function authorName(id) {
  if (id === state.workspace?.bot.id) return 'xsa-bot';
  if (id === SLACKBOT) return 'Slackbot';
  return person(id)?.name ?? id ?? '';
}

/**
 * What Block Kit rendering needs from the page: names, a confirm dialog, and what a click does.
 * @param {import('../block-kit.js').BlockEnv['onAction']} onAction
 * @param {Record<string, string>} [errors]
 * @returns {import('../block-kit.js').BlockEnv}
 */
export function blockEnv(onAction, errors) {
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

export async function loadWorkspace() {
  state.workspace = await api(`/api/workspace?as=${state.me}`);
}
