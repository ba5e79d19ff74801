import type { types } from '@slack/bolt';
import { escapeEntities } from '../../domain/entities.js';

export type Block = types.KnownBlock;
export type ButtonElement = types.Button;

/** A Slack message: the notification text and its blocks. */
export interface SlackMessage {
  text: string;
  blocks: Block[];
}

/**
 * A message the outbox delivers (stored there as JSON). Its blocks may be left out; `responseUrl`
 * is set for an ephemeral answer to the person who clicked: posted to that response_url instead of
 * with chat.postMessage (`channel` still orders it among the channel's other messages).
 */
export type OutgoingMessage = Pick<SlackMessage, 'text'> &
  Partial<Pick<SlackMessage, 'blocks'>> & { responseUrl?: string };

/** Slack's Block Kit limits (https://api.slack.com/reference/block-kit). */
export const LIMITS = {
  messageBlocks: 50,
  surfaceBlocks: 100,
  sectionText: 3000,
  header: 150,
  buttonText: 75,
  contextText: 3000,
} as const;

/** Cuts text to `max` characters, marking the cut. */
export function truncate(text: string, max: number): string {
  return text.length <= max ? text : `${text.slice(0, max - 1)}…`;
}

/** Escapes the three characters mrkdwn treats as control characters. */
export const escapeMrkdwn = escapeEntities;

export const header = (text: string): Block => ({
  type: 'header',
  text: { type: 'plain_text', text: truncate(text, LIMITS.header), emoji: true },
});

export const section = (text: string): Block => ({
  type: 'section',
  text: { type: 'mrkdwn', text: truncate(text, LIMITS.sectionText) },
});

export const context = (text: string): Block => ({
  type: 'context',
  elements: [{ type: 'mrkdwn', text: truncate(text, LIMITS.contextText) }],
});

export const divider = (): Block => ({ type: 'divider' });

/**
 * Packs lines into as few sections as fit the 3,000-character limit, and at most `maxBlocks` of
 * them; returns the blocks and how many lines did not fit.
 */
export function packLines(lines: readonly string[], maxBlocks: number): { blocks: Block[]; omitted: number } {
  const sections: { text: string; lines: number }[] = [];
  for (const raw of lines) {
    const line = truncate(raw, LIMITS.sectionText);
    const last = sections[sections.length - 1];
    if (last && last.text.length + 1 + line.length <= LIMITS.sectionText) {
      last.text = `${last.text}\n${line}`;
      last.lines += 1;
    } else {
      sections.push({ text: line, lines: 1 });
    }
  }
  const kept = sections.slice(0, Math.max(maxBlocks, 0));
  const shown = kept.reduce((sum, s) => sum + s.lines, 0);
  return { blocks: kept.map((s) => section(s.text)), omitted: lines.length - shown };
}

const numberFormat = new Intl.NumberFormat('en-US');
export const formatNumber = (n: number) => numberFormat.format(Math.round(n));
export const plural = (n: number, word: string, words = `${word}s`) =>
  `${formatNumber(n)} ${n === 1 ? word : words}`;
