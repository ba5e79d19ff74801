// Types for block-kit.js, so that the page's checked modules (app.js, app/*.js) can import it.

/** What an element's attributes may be: `class`, `on…` listeners, `dataset`, or plain attributes. */
export type Attributes = Record<string, unknown>;
export type Child = Node | string | null | undefined | false | Child[];

/** A Block Kit block, element or text object as the bot sent it (checked by the stand-in, not here). */
// biome-ignore lint/suspicious/noExplicitAny: Block Kit JSON as received; block-kit.js reads it field by field.
export type BlockJson = any;

/** What Block Kit rendering needs from the page: names, a confirm dialog, and what a click does. */
export interface BlockEnv {
  userName: (id: string) => string | undefined;
  channelName: (id: string) => string | undefined;
  confirm: (confirm: BlockJson) => Promise<boolean>;
  onAction: (action: { element: BlockJson; blockId: string | undefined }) => void | Promise<void>;
  errors?: Record<string, string> | undefined;
}

export function h<K extends keyof HTMLElementTagNameMap>(
  tag: K,
  attributes?: Attributes,
  ...children: Child[]
): HTMLElementTagNameMap[K];
export function renderMrkdwn(text: string, env: BlockEnv): DocumentFragment;
export function renderText(object: BlockJson, env: BlockEnv): Node;
export function renderBlocks(blocks: BlockJson[] | undefined, env: BlockEnv): HTMLDivElement;
export function readInputs(container: ParentNode): Record<string, string | null>;
