// Types for mrkdwn.js, so that the TypeScript unit tests can import the page's parser.

export type MrkdwnNode =
  | { type: 'text'; text: string }
  | { type: 'emoji'; name: string; char: string }
  | { type: 'br' }
  | { type: 'bold' | 'italic' | 'strike'; children: MrkdwnNode[] }
  | { type: 'code' | 'pre'; text: string }
  | { type: 'link'; url: string; label: string }
  | { type: 'user' | 'channel'; id: string; label: string | null }
  | { type: 'broadcast'; name: string }
  | { type: 'date'; seconds: number; format: string; link: string | null; fallback: string };

export const EMOJI: Record<string, string>;
export function decodeEntities(text: string): string;
export function parseMrkdwn(source: string): MrkdwnNode[];
export function formatDateToken(
  seconds: number,
  format: string,
  options?: { now?: Date; timeZone?: string; locale?: string },
): string;
