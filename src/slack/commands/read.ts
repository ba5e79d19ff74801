import { decodeEntities } from '../../domain/entities.js';
import { XsaError } from '../../domain/errors.js';
import { CAMPAIGN_ID_PATTERN, clip } from '../../domain/limits.js';
import { type UsageName, usageError } from '../usage.js';

export interface Token {
  text: string;
  quoted: boolean;
}

/** Splits on white space, keeping "quoted text" (straight or the curly quotes Slack clients type) whole. */
export function tokenize(text: string): Token[] {
  const tokens: Token[] = [];
  const pattern = /["“”]([^"“”]*)(["“”]?)|(\S+)/gu;
  for (const match of text.matchAll(pattern)) {
    if (match[3] !== undefined) {
      tokens.push({ text: decodeEntities(match[3]), quoted: false });
    } else {
      if (match[2] === '')
        throw new XsaError(
          'bad_command',
          'A quote is not closed: put the text between two `"`, e.g. `title "Improper MSR range"`.',
        );
      tokens.push({ text: decodeEntities(match[1] ?? ''), quoted: true });
    }
  }
  return tokens;
}

/**
 * Removes `in <ID>` from the tokens. Free text (a block reason) may contain "in", so there only an
 * `in` right after the zone, or a trailing `in <ID>` naming a known campaign, counts.
 */
export function takeCampaign(
  tokens: Token[],
  name: UsageName,
  campaignExists: (id: string) => boolean,
): string | null {
  const indexes = tokens
    .map((t, i) => (!t.quoted && t.text.toLowerCase() === 'in' ? i : -1))
    .filter((i) => i >= 0);
  const candidates =
    name === 'block'
      ? indexes.filter(
          (i) => i === 1 || (i === tokens.length - 2 && campaignExists(tokens[i + 1]?.text ?? '')),
        )
      : indexes;
  if (candidates.length === 0) return null;
  if (candidates.length > 1) throw usageError(name, 'Name the campaign once with `in <ID>`.');
  const at = candidates[0] as number;
  const id = tokens[at + 1];
  if (!id || !CAMPAIGN_ID_PATTERN.test(id.text))
    throw usageError(name, '`in` must be followed by a campaign id, e.g. `in XSA-108`.');
  tokens.splice(at, 2);
  return id.text;
}

/** Reads `keyword value…` pairs; a value runs until the next unquoted keyword. */
export function readOptions<K extends string>(
  tokens: Token[],
  keywords: readonly K[],
  name: UsageName,
): Map<K, Token[]> {
  const options = new Map<K, Token[]>();
  let current: Token[] | null = null;
  for (const token of tokens) {
    const keyword = token.quoted ? undefined : keywords.find((k) => k === token.text.toLowerCase());
    if (keyword !== undefined) {
      if (options.has(keyword)) throw usageError(name, `\`${keyword}\` is given twice.`);
      current = [];
      options.set(keyword, current);
    } else if (current === null) {
      throw usageError(
        name,
        `Unexpected \`${clip(token.text)}\`: expected one of ${keywords.map((k) => `\`${k}\``).join(', ')}.`,
      );
    } else {
      current.push(token);
    }
  }
  for (const [keyword, value] of options) {
    if (value.length === 0) throw usageError(name, `\`${keyword}\` needs a value.`);
  }
  return options;
}

/** The tokens' text joined with spaces; null when there are none. */
export const joined = (tokens: Token[] | undefined) =>
  tokens && tokens.length > 0 ? tokens.map((t) => t.text).join(' ') : null;

export function parseCount(text: string, name: UsageName, what: string): number {
  if (!/^\d{1,7}$/.test(text))
    throw usageError(name, `\`${clip(text)}\` is not a ${what}: expected a whole number such as 1200.`);
  return Number(text);
}

export function one(tokens: Token[], name: UsageName, what: string): string {
  const [first, ...rest] = tokens;
  if (!first || first.text === '') throw usageError(name, `Missing ${what}.`);
  if (rest.length > 0)
    throw usageError(name, `Unexpected \`${clip(rest.map((t) => t.text).join(' '))}\` after the ${what}.`);
  return first.text;
}

/** Edit distance, for "did you mean" on a mistyped keyword. */
function distance(a: string, b: string): number {
  let previous = Array.from({ length: b.length + 1 }, (_, j) => j);
  for (let i = 1; i <= a.length; i++) {
    const current = [i];
    for (let j = 1; j <= b.length; j++) {
      current[j] = Math.min(
        (previous[j] ?? 0) + 1,
        (current[j - 1] ?? 0) + 1,
        (previous[j - 1] ?? 0) + (a[i - 1] === b[j - 1] ? 0 : 1),
      );
    }
    previous = current;
  }
  return previous[b.length] ?? 0;
}

/** The keyword `word` is most likely a typo of (at most two edits away), or null. */
export function nearestKeyword(word: string, keywords: readonly string[]): string | null {
  const lower = word.toLowerCase();
  const scored = keywords.map((k) => ({ k, d: distance(lower, k) })).sort((a, b) => a.d - b.d)[0];
  return scored && scored.d <= Math.min(2, Math.floor(scored.k.length / 2)) ? scored.k : null;
}

/** Removes a trailing `page <N>` from the tokens; page 1 (the latest events) when there is none. */
export function takePage(tokens: Token[]): number {
  const at = tokens.findIndex((t) => !t.quoted && t.text.toLowerCase() === 'page');
  if (at === -1) return 1;
  const number = tokens[at + 1]?.text ?? '';
  if (at !== tokens.length - 2 || !/^[1-9]\d{0,5}$/.test(number))
    throw usageError(
      'timeline',
      '`page` must end the command and be followed by a page number, e.g. `page 2`.',
    );
  tokens.splice(at, 2);
  return Number(number);
}

/** Optional positional campaign id (`status XSA-108`), or `in XSA-108`, not both. */
export function positionalCampaign(tokens: Token[], campaign: string | null, name: UsageName): string | null {
  if (tokens.length === 0) return campaign;
  const id = one(tokens, name, 'campaign id');
  if (campaign !== null) throw usageError(name, 'Name the campaign once.');
  if (!CAMPAIGN_ID_PATTERN.test(id)) throw usageError(name, `\`${clip(id)}\` is not a campaign id.`);
  return id;
}

/**
 * A channel as Slack sends it in command text (`<#C0123|name>`, with should_escape on), or a bare
 * channel id.
 */
export function parseChannel(text: string, name: UsageName): string {
  const match = /^<#([CG][A-Z0-9]{2,})(?:\|[^>]*)?>$/.exec(text) ?? /^([CG][A-Z0-9]{2,})$/.exec(text);
  if (!match?.[1]) {
    throw usageError(
      name,
      `\`${clip(text)}\` is not a channel: type \`#\` and pick the channel from the list.`,
    );
  }
  return match[1];
}

/** A person as Slack sends a mention in command text (`<@U0123|name>`, with should_escape on), or a bare user id. */
export function parseUser(text: string): string {
  const match = /^<@([UW][A-Z0-9]{2,})(?:\|[^>]*)?>$/.exec(text) ?? /^([UW][A-Z0-9]{2,})$/.exec(text);
  if (!match?.[1]) {
    throw usageError('zone', `\`${clip(text)}\` is not a person: type \`@\` and pick them from the list.`);
  }
  return match[1];
}
