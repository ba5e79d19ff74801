import { z } from 'zod';

/**
 * Block Kit as Slack's reference documents it, for the stand-in to reject what Slack rejects.
 * Written from these pages (no schema copied):
 * - blocks: https://api.slack.com/reference/block-kit/blocks (section, header, divider, context,
 *   actions, input, image), https://docs.slack.dev/reference/block-kit/blocks
 * - block elements: https://api.slack.com/reference/block-kit/block-elements
 * - composition objects (text, confirm, option, option group):
 *   https://api.slack.com/reference/block-kit/composition-objects,
 *   https://docs.slack.dev/reference/block-kit/composition-objects/text-object
 * - views (modal, home): https://api.slack.com/reference/surfaces/views,
 *   https://docs.slack.dev/reference/views/modal-views
 * - messages: https://docs.slack.dev/reference/methods/chat.postMessage (the `text` fallback)
 *
 * Objects are strict: a field Slack does not document for that object is an error, as Slack
 * answers `invalid_blocks` for it. Block and element types the bot does not use (rich_text, video,
 * file, the workflow-only ones) are refused too, so that whoever starts using one adds its schema
 * here from the reference first. Lengths are counted in UTF-16 code units, as JavaScript does;
 * Slack counts characters, which only differs outside the Basic Multilingual Plane.
 *
 * Over 400 lines on purpose: one schema per documented object, read side by side with the
 * reference pages above; split, a reviewer would compare one page against several files.
 */

export type Surface = 'message' | 'modal' | 'home';

/** Limits named in the reference pages above; one place, imported by the tests that probe them. */
export const BLOCK_KIT = {
  messageBlocks: 50,
  viewBlocks: 100,
  textObject: 3000,
  sectionText: 3000,
  sectionFields: 10,
  sectionField: 2000,
  header: 150,
  contextElements: 10,
  actionsElements: 25,
  buttonText: 75,
  buttonValue: 2000,
  url: 3000,
  id: 255,
  confirmTitle: 100,
  confirmText: 300,
  confirmButton: 30,
  optionText: 75,
  optionValue: 150,
  options: 100,
  overflowOptions: 5,
  choiceOptions: 10,
  placeholder: 150,
  label: 2000,
  viewTitle: 24,
  privateMetadata: 3000,
  altText: 2000,
  inputLength: 3000,
} as const;

const id = z.string().min(1).max(BLOCK_KIT.id);
const url = z.string().min(1).max(BLOCK_KIT.url);

/** A `plain_text` text object of at most `max` characters. */
function plainText(max: number = BLOCK_KIT.textObject) {
  return z.strictObject({
    type: z.literal('plain_text'),
    text: z.string().min(1).max(max),
    emoji: z.boolean().optional(),
  });
}

function mrkdwnText(max: number = BLOCK_KIT.textObject) {
  return z.strictObject({
    type: z.literal('mrkdwn'),
    text: z.string().min(1).max(max),
    verbatim: z.boolean().optional(),
  });
}

function anyText(max: number = BLOCK_KIT.textObject) {
  return z.discriminatedUnion('type', [plainText(max), mrkdwnText(max)]);
}

const confirm = z.strictObject({
  title: plainText(BLOCK_KIT.confirmTitle),
  text: anyText(BLOCK_KIT.confirmText),
  confirm: plainText(BLOCK_KIT.confirmButton),
  deny: plainText(BLOCK_KIT.confirmButton),
  style: z.enum(['primary', 'danger']).optional(),
});

const option = z.strictObject({
  text: plainText(BLOCK_KIT.optionText),
  value: z.string().min(1).max(BLOCK_KIT.optionValue),
  description: plainText(BLOCK_KIT.optionText).optional(),
  url: url.optional(),
});

/** Checkboxes and radio buttons take mrkdwn option text too. */
const choiceOption = option.extend({ text: anyText(BLOCK_KIT.optionText) });

const optionGroup = z.strictObject({
  label: plainText(BLOCK_KIT.optionText),
  options: z.array(option).min(1).max(BLOCK_KIT.options),
});

const placeholder = plainText(BLOCK_KIT.placeholder).optional();
const interactive = { action_id: id.optional(), confirm: confirm.optional() };

const button = z.strictObject({
  type: z.literal('button'),
  text: plainText(BLOCK_KIT.buttonText),
  ...interactive,
  url: url.optional(),
  value: z.string().max(BLOCK_KIT.buttonValue).optional(),
  style: z.enum(['primary', 'danger']).optional(),
  accessibility_label: z.string().min(1).max(BLOCK_KIT.buttonText).optional(),
});

const staticSelect = z
  .strictObject({
    type: z.literal('static_select'),
    ...interactive,
    placeholder,
    options: z.array(option).min(1).max(BLOCK_KIT.options).optional(),
    option_groups: z.array(optionGroup).min(1).max(BLOCK_KIT.options).optional(),
    initial_option: option.optional(),
    focus_on_load: z.boolean().optional(),
  })
  .refine((s) => (s.options === undefined) !== (s.option_groups === undefined), {
    message: 'exactly one of options or option_groups is required',
  });

const selectOf = <T extends string>(type: T, initial: Record<string, z.ZodType>) =>
  z.strictObject({
    type: z.literal(type),
    ...interactive,
    placeholder,
    focus_on_load: z.boolean().optional(),
    ...initial,
  });

const usersSelect = selectOf('users_select', { initial_user: z.string().optional() });
const conversationsSelect = selectOf('conversations_select', {
  initial_conversation: z.string().optional(),
  default_to_current_conversation: z.boolean().optional(),
  response_url_enabled: z.boolean().optional(),
});
const channelsSelect = selectOf('channels_select', {
  initial_channel: z.string().optional(),
  response_url_enabled: z.boolean().optional(),
});

const overflow = z.strictObject({
  type: z.literal('overflow'),
  ...interactive,
  options: z.array(option).min(1).max(BLOCK_KIT.overflowOptions),
});

const datepicker = z.strictObject({
  type: z.literal('datepicker'),
  ...interactive,
  placeholder,
  initial_date: z
    .string()
    .regex(/^\d{4}-\d{2}-\d{2}$/)
    .optional(),
  focus_on_load: z.boolean().optional(),
});

const timepicker = z.strictObject({
  type: z.literal('timepicker'),
  ...interactive,
  placeholder,
  initial_time: z
    .string()
    .regex(/^([01]\d|2[0-3]):[0-5]\d$/)
    .optional(),
  focus_on_load: z.boolean().optional(),
  timezone: z.string().optional(),
});

const choices = <T extends string>(type: T, initial: Record<string, z.ZodType>) =>
  z.strictObject({
    type: z.literal(type),
    ...interactive,
    options: z.array(choiceOption).min(1).max(BLOCK_KIT.choiceOptions),
    focus_on_load: z.boolean().optional(),
    ...initial,
  });

const checkboxes = choices('checkboxes', { initial_options: z.array(choiceOption).optional() });
const radioButtons = choices('radio_buttons', { initial_option: choiceOption.optional() });

const plainTextInput = z.strictObject({
  type: z.literal('plain_text_input'),
  action_id: id.optional(),
  placeholder,
  initial_value: z.string().optional(),
  multiline: z.boolean().optional(),
  min_length: z.number().int().min(0).max(BLOCK_KIT.inputLength).optional(),
  max_length: z.number().int().min(1).max(BLOCK_KIT.inputLength).optional(),
  dispatch_action_config: z
    .strictObject({
      trigger_actions_on: z.array(z.enum(['on_enter_pressed', 'on_character_entered'])).optional(),
    })
    .optional(),
  focus_on_load: z.boolean().optional(),
});

const imageElement = z.strictObject({
  type: z.literal('image'),
  image_url: url,
  alt_text: z.string().min(1).max(BLOCK_KIT.altText),
});

const blockId = { block_id: id.optional() };

/** The elements a section's accessory and an actions block both take (a section also takes an image). */
const interactiveElements = [
  button,
  staticSelect,
  usersSelect,
  conversationsSelect,
  channelsSelect,
  overflow,
  datepicker,
  timepicker,
  checkboxes,
  radioButtons,
] as const;

const section = z
  .strictObject({
    type: z.literal('section'),
    ...blockId,
    text: anyText(BLOCK_KIT.sectionText).optional(),
    fields: z.array(anyText(BLOCK_KIT.sectionField)).min(1).max(BLOCK_KIT.sectionFields).optional(),
    accessory: z.discriminatedUnion('type', [...interactiveElements, imageElement]).optional(),
    expand: z.boolean().optional(),
  })
  .refine((s) => s.text !== undefined || s.fields !== undefined, {
    message: 'a section needs text or fields',
  });

const header = z.strictObject({
  type: z.literal('header'),
  ...blockId,
  text: plainText(BLOCK_KIT.header),
});

const divider = z.strictObject({ type: z.literal('divider'), ...blockId });

const context = z.strictObject({
  type: z.literal('context'),
  ...blockId,
  elements: z
    .array(z.discriminatedUnion('type', [plainText(), mrkdwnText(), imageElement]))
    .min(1)
    .max(BLOCK_KIT.contextElements),
});

const actions = z.strictObject({
  type: z.literal('actions'),
  ...blockId,
  elements: z
    .array(z.discriminatedUnion('type', [...interactiveElements]))
    .min(1)
    .max(BLOCK_KIT.actionsElements),
});

const input = z.strictObject({
  type: z.literal('input'),
  ...blockId,
  label: plainText(BLOCK_KIT.label),
  element: z.discriminatedUnion('type', [
    plainTextInput,
    staticSelect,
    usersSelect,
    conversationsSelect,
    channelsSelect,
    datepicker,
    timepicker,
    checkboxes,
    radioButtons,
  ]),
  dispatch_action: z.boolean().optional(),
  hint: plainText(BLOCK_KIT.label).optional(),
  optional: z.boolean().optional(),
});

const image = z.strictObject({
  type: z.literal('image'),
  ...blockId,
  image_url: url,
  alt_text: z.string().min(1).max(BLOCK_KIT.altText),
  title: plainText(BLOCK_KIT.altText).optional(),
});

/**
 * Which blocks each surface takes ("Available in surfaces" on each block's page). Input blocks
 * are documented for messages too, but only take effect in modals and Home tabs.
 */
const BLOCKS: Record<Surface, Record<string, z.ZodType>> = {
  message: { section, header, divider, context, actions, input, image },
  modal: { section, header, divider, context, actions, input, image },
  home: { section, header, divider, context, actions, input, image },
};

/** A Slack-style message about one problem: what is wrong and where, as a JSON pointer. */
function problem(message: string, pointer: Array<string | number>): string {
  return `[ERROR] ${message} [json-pointer:/${pointer.join('/')}]`;
}

function zodProblems(error: z.ZodError, at: Array<string | number>): string[] {
  return error.issues.map((issue) =>
    problem(issue.message, [...at, ...issue.path.map((p) => (typeof p === 'symbol' ? String(p) : p))]),
  );
}

function isRecord(value: unknown): value is Record<string, unknown> {
  return value !== null && typeof value === 'object' && !Array.isArray(value);
}

/** The action ids of a block's interactive elements, to check their uniqueness within it. */
function actionIdsOf(block: Record<string, unknown>): string[] {
  const elements = [...(Array.isArray(block.elements) ? block.elements : []), block.accessory, block.element];
  return elements.flatMap((e) => (isRecord(e) && typeof e.action_id === 'string' ? [e.action_id] : []));
}

/**
 * Every way `blocks` breaks Block Kit for `surface`, as Slack words them in
 * `response_metadata.messages` (empty when Slack would accept them).
 */
export function checkBlocks(
  blocks: unknown,
  surface: Surface,
  at: Array<string | number> = ['blocks'],
): string[] {
  if (!Array.isArray(blocks)) return [problem('must be an array of blocks', at)];
  const max = surface === 'message' ? BLOCK_KIT.messageBlocks : BLOCK_KIT.viewBlocks;
  const problems: string[] = [];
  if (blocks.length > max) problems.push(problem(`no more than ${max} items allowed`, at));
  const blockIds = new Set<string>();
  blocks.forEach((block, i) => {
    const where = [...at, i];
    if (!isRecord(block)) {
      problems.push(problem('must be a block object', where));
      return;
    }
    const schema = BLOCKS[surface][String(block.type)];
    if (schema === undefined) {
      problems.push(problem(`unsupported block type ${JSON.stringify(block.type)} in a ${surface}`, where));
      return;
    }
    const parsed = schema.safeParse(block);
    if (!parsed.success) problems.push(...zodProblems(parsed.error, where));
    if (typeof block.block_id === 'string') {
      if (blockIds.has(block.block_id))
        problems.push(
          problem(`duplicate block_id ${JSON.stringify(block.block_id)}`, [...where, 'block_id']),
        );
      blockIds.add(block.block_id);
    }
    const actionIds = actionIdsOf(block);
    const duplicate = actionIds.find((a, j) => actionIds.indexOf(a) !== j);
    if (duplicate !== undefined)
      problems.push(problem(`duplicate action_id ${JSON.stringify(duplicate)} in one block`, where));
  });
  return problems;
}

/**
 * A message's content as chat.postMessage, chat.update, chat.postEphemeral and a response_url take
 * it: valid blocks and, with blocks, a non-empty `text` fallback. Slack itself only recommends the
 * fallback (notifications and screen readers read it, chat.postMessage's page says); PRODUCT.md
 * "Slack conformance" makes it a rule for this bot, so the stand-in refuses a message without it.
 */
export function checkMessage(message: { text?: unknown; blocks?: unknown }): string[] {
  if (message.blocks === undefined) return [];
  const problems = checkBlocks(message.blocks, 'message');
  if (typeof message.text !== 'string' || message.text.trim() === '')
    problems.push(problem('a message with blocks needs a non-empty text fallback', ['text']));
  return problems;
}

const viewCommon = {
  blocks: z.array(z.unknown()),
  private_metadata: z.string().max(BLOCK_KIT.privateMetadata).optional(),
  callback_id: id.optional(),
  external_id: id.optional(),
};

const modalView = z.strictObject({
  type: z.literal('modal'),
  title: plainText(BLOCK_KIT.viewTitle),
  submit: plainText(BLOCK_KIT.viewTitle).optional(),
  close: plainText(BLOCK_KIT.viewTitle).optional(),
  clear_on_close: z.boolean().optional(),
  notify_on_close: z.boolean().optional(),
  submit_disabled: z.boolean().optional(),
  ...viewCommon,
});

const homeView = z.strictObject({ type: z.literal('home'), ...viewCommon });

/** Every way `view` breaks Block Kit's view object (modal or home), with pointers under `view`. */
export function checkView(view: unknown): string[] {
  const at = ['view'];
  if (!isRecord(view)) return [problem('must be a view object', at)];
  const schema = view.type === 'modal' ? modalView : view.type === 'home' ? homeView : undefined;
  if (schema === undefined) return [problem('type must be modal or home', [...at, 'type'])];
  const parsed = schema.safeParse(view);
  const problems = parsed.success ? [] : zodProblems(parsed.error, at);
  const surface: Surface = view.type === 'modal' ? 'modal' : 'home';
  problems.push(...checkBlocks(view.blocks, surface, [...at, 'blocks']));
  const hasInput = Array.isArray(view.blocks) && view.blocks.some((b) => isRecord(b) && b.type === 'input');
  if (surface === 'modal' && hasInput && view.submit === undefined)
    problems.push(problem('a modal with input blocks needs submit', [...at, 'submit']));
  return problems;
}
