/**
 * Slack's mrkdwn, parsed into a small tree the page renders: *bold*, _italic_, ~strike~, `code`,
 * ```blocks```, <links|labels>, <@U…> and <#C…> mentions, <!here>, Slack date tokens and :emoji:.
 * Pure functions, no DOM: the unit tests run them in Node.
 */

/** The emoji the bot uses, and a few more; anything else stays as `:name:`. */
export const EMOJI = {
  alarm_clock: '⏰',
  arrows_counterclockwise: '🔄',
  calendar: '📆',
  hourglass: '⌛',
  information_source: 'ℹ️',
  large_green_circle: '🟢',
  large_yellow_circle: '🟡',
  lock: '🔒',
  newspaper: '📰',
  no_entry: '⛔',
  outbox_tray: '📤',
  pushpin: '📌',
  red_circle: '🔴',
  rotating_light: '🚨',
  tada: '🎉',
  warning: '⚠️',
  white_check_mark: '✅',
  white_circle: '⚪',
  x: '❌',
};

const ENTITIES = { '&amp;': '&', '&lt;': '<', '&gt;': '>' };

/** `&amp;`, `&lt;` and `&gt;` back to the characters Slack escaped. */
export function decodeEntities(text) {
  return text.replace(/&(amp|lt|gt);/g, (entity) => ENTITIES[entity]);
}

// Private-use characters stand in for tokens while the styles are matched around them.
const MARK = 0xe000;
const STYLES = [
  { char: '*', type: 'bold' },
  { char: '_', type: 'italic' },
  { char: '~', type: 'strike' },
];

/** One `<…>` token: a link, a mention, a broadcast or a date. */
function parseAngle(inner) {
  const bar = inner.indexOf('|');
  const target = bar < 0 ? inner : inner.slice(0, bar);
  const label = bar < 0 ? null : decodeEntities(inner.slice(bar + 1));
  if (target.startsWith('@')) return { type: 'user', id: target.slice(1), label };
  if (target.startsWith('#')) return { type: 'channel', id: target.slice(1), label };
  if (target.startsWith('!date^')) {
    // <!date^SECONDS^FORMAT[^LINK]|FALLBACK>
    const [, seconds, format = '', link = null] = target.split('^');
    return { type: 'date', seconds: Number(seconds), format, link, fallback: label ?? '' };
  }
  if (target.startsWith('!subteam^')) return { type: 'broadcast', name: label ?? 'group' };
  if (target.startsWith('!')) return { type: 'broadcast', name: target.slice(1) };
  return { type: 'link', url: decodeEntities(target), label: label ?? decodeEntities(target) };
}

/** Text with :emoji: replaced and entities decoded. */
function textNodes(text) {
  const nodes = [];
  let last = 0;
  for (const match of text.matchAll(/:([a-z0-9_+-]+):/g)) {
    const char = EMOJI[match[1]];
    if (!char) continue;
    if (match.index > last) nodes.push({ type: 'text', text: decodeEntities(text.slice(last, match.index)) });
    nodes.push({ type: 'emoji', name: match[1], char });
    last = match.index + match[0].length;
  }
  if (last < text.length) nodes.push({ type: 'text', text: decodeEntities(text.slice(last)) });
  return nodes;
}

const isBoundaryBefore = (ch) => ch === undefined || /[\s([{"'.,;:!?\-\u2014]/.test(ch) || isMark(ch);
const isBoundaryAfter = (ch) => ch === undefined || /[\s)\]}"'.,;:!?\-\u2014]/.test(ch) || isMark(ch);
function isMark(ch) {
  const code = ch.codePointAt(0) ?? 0;
  return code >= MARK && code < MARK + 4096;
}

/** Styles over text in which tokens are marks; returns nodes with the marks swapped back. */
function parseStyled(text, tokens) {
  for (let i = 0; i < text.length; i += 1) {
    const style = STYLES.find((s) => s.char === text[i]);
    if (!style || !isBoundaryBefore(text[i - 1]) || /\s/.test(text[i + 1] ?? ' ')) continue;
    for (let j = i + 2; j < text.length; j += 1) {
      if (text[j] === '\n') break;
      if (text[j] !== style.char || /\s/.test(text[j - 1]) || !isBoundaryAfter(text[j + 1])) continue;
      return [
        ...parseStyled(text.slice(0, i), tokens),
        { type: style.type, children: parseStyled(text.slice(i + 1, j), tokens) },
        ...parseStyled(text.slice(j + 1), tokens),
      ];
    }
  }
  const nodes = [];
  let plain = '';
  const flush = () => {
    if (plain) nodes.push(...textNodes(plain));
    plain = '';
  };
  for (const ch of text) {
    if (isMark(ch)) {
      flush();
      nodes.push(tokens[(ch.codePointAt(0) ?? MARK) - MARK]);
    } else if (ch === '\n') {
      flush();
      nodes.push({ type: 'br' });
    } else {
      plain += ch;
    }
  }
  flush();
  return nodes;
}

/** Parses mrkdwn into nodes: text, emoji, br, bold, italic, strike, code, pre, link, user, channel, broadcast, date. */
export function parseMrkdwn(source) {
  const tokens = [];
  const mark = (node) => {
    tokens.push(node);
    return String.fromCodePoint(MARK + tokens.length - 1);
  };
  const text = String(source ?? '')
    .replace(/```([\s\S]*?)```/g, (_, code) =>
      mark({ type: 'pre', text: decodeEntities(code.replace(/^\n/, '')) }),
    )
    .replace(/`([^`\n]+)`/g, (_, code) => mark({ type: 'code', text: decodeEntities(code) }))
    .replace(/<([^<>\n]+)>/g, (_, inner) => mark(parseAngle(inner)));
  return parseStyled(text, tokens);
}

const ordinal = (n) => {
  const tens = n % 100;
  if (tens >= 11 && tens <= 13) return `${n}th`;
  return `${n}${{ 1: 'st', 2: 'nd', 3: 'rd' }[n % 10] ?? 'th'}`;
};

function dayOffset(date, now, timeZone) {
  const day = (d) => new Intl.DateTimeFormat('en-CA', { timeZone, dateStyle: 'short' }).format(d);
  const utcMidnight = (d) => Date.parse(`${day(d)}T00:00:00Z`);
  return Math.round((utcMidnight(date) - utcMidnight(now)) / 86_400_000);
}

function formatAgo(date, now) {
  const seconds = Math.round((now.getTime() - date.getTime()) / 1000);
  const future = seconds < 0;
  const abs = Math.abs(seconds);
  const [value, unit] =
    abs < 60
      ? [abs, 'second']
      : abs < 3600
        ? [Math.floor(abs / 60), 'minute']
        : abs < 86_400
          ? [Math.floor(abs / 3600), 'hour']
          : [Math.floor(abs / 86_400), 'day'];
  const words = `${value} ${unit}${value === 1 ? '' : 's'}`;
  return future ? `in ${words}` : `${words} ago`;
}

/**
 * A Slack date token's format (`{date_short_pretty} {time}`) in a time zone — the viewer's, as Slack
 * shows it — with today / yesterday / tomorrow for the `_pretty` forms.
 */
export function formatDateToken(seconds, format, { now = new Date(), timeZone, locale = 'en-US' } = {}) {
  const date = new Date(seconds * 1000);
  const part = (options) => new Intl.DateTimeFormat(locale, { timeZone, ...options }).format(date);
  const day = ordinal(Number(part({ day: 'numeric' })));
  const forms = {
    date_num: () => new Intl.DateTimeFormat('en-CA', { timeZone, dateStyle: 'short' }).format(date),
    date: () => `${part({ month: 'long' })} ${day}, ${part({ year: 'numeric' })}`,
    date_short: () => part({ month: 'short', day: 'numeric', year: 'numeric' }),
    date_long: () =>
      `${part({ weekday: 'long' })}, ${part({ month: 'long' })} ${day}, ${part({ year: 'numeric' })}`,
    time: () => part({ hour: 'numeric', minute: '2-digit' }),
    time_secs: () => part({ hour: 'numeric', minute: '2-digit', second: '2-digit' }),
    ago: () => formatAgo(date, now),
  };
  const pretty = (base) => () => {
    const offset = dayOffset(date, now, timeZone);
    return { [-1]: 'Yesterday', 0: 'Today', 1: 'Tomorrow' }[offset] ?? forms[base]();
  };
  forms.date_pretty = pretty('date');
  forms.date_short_pretty = pretty('date_short');
  forms.date_long_pretty = pretty('date_long');
  return format.replace(/\{([a-z_]+)\}/g, (whole, name) => (forms[name] ? forms[name]() : whole));
}
