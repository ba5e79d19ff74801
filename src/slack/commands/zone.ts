import type { XsaError } from '../../domain/errors.js';
import { clip } from '../../domain/limits.js';
import type { XsaCommand } from '../command-parser.js';
import { usageError } from '../usage.js';
import { joined, nearestKeyword, one, parseCount, parseUser, readOptions, type Token } from './read.js';

const ZONE_KEYWORDS = ['region', 'hosts', 'window', 'owner'] as const;

/** A word where none belongs in `zone add`: never a zone, but an error naming the likely keyword. */
function strayWord(word: string, after: string): XsaError {
  const near = nearestKeyword(word, ZONE_KEYWORDS);
  return usageError(
    'zone',
    near
      ? `Unexpected \`${clip(word)}\` ${after}: did you mean \`${near}\`?`
      : `Unexpected \`${clip(word)}\` ${after}. Separate zone names with commas (\`a,b\`); options are ${ZONE_KEYWORDS.map((k) => `\`${k}\``).join(', ')}.`,
  );
}

/** `zone add`, `zone remove` and `zone rename`. */
export function parseZone(tokens: Token[], campaign: string | null): XsaCommand {
  const [sub, ...rest] = tokens;
  const verb = sub?.text.toLowerCase();
  if (verb === 'remove') {
    const confirm = rest.length > 1 && rest[rest.length - 1]?.text.toLowerCase() === 'confirm';
    const zone = one(confirm ? rest.slice(0, -1) : rest, 'zone remove', 'zone');
    return { kind: 'zone_remove', campaign, zone, confirm };
  }
  if (verb === 'rename') {
    const [from, to, ...extra] = rest;
    if (!from || !to) throw usageError('zone rename', 'Give the zone and its new name.');
    if (extra.length > 0)
      throw usageError('zone rename', `Unexpected \`${clip(extra.map((t) => t.text).join(' '))}\`.`);
    return { kind: 'zone_rename', campaign, zone: from.text, to: to.text };
  }
  if (verb !== 'add')
    throw usageError(
      'zone',
      sub
        ? `Unknown \`zone ${clip(sub.text)}\`: use \`zone add\`, \`zone remove\` or \`zone rename\`.`
        : 'Missing `add`.',
    );
  const keywords = ZONE_KEYWORDS;
  const firstOption = rest.findIndex(
    (t) => !t.quoted && (keywords as readonly string[]).includes(t.text.toLowerCase()),
  );
  const nameTokens = firstOption === -1 ? rest : rest.slice(0, firstOption);
  // Names are one comma-separated list: `a,b` or `a, b`. A second bare word is a mistake
  // (`us-west-2a hots 100`), never a zone.
  nameTokens.forEach((token, i) => {
    const previous = nameTokens[i - 1];
    if (previous && !previous.text.endsWith(',') && !token.text.startsWith(','))
      throw strayWord(token.text, `after the zone name${i > 1 ? 's' : ''}`);
  });
  const names = nameTokens.flatMap((t) => t.text.split(',')).filter((n) => n !== '');
  if (names.length === 0) throw usageError('zone', 'Missing the zone name(s).');
  const options = readOptions(firstOption === -1 ? [] : rest.slice(firstOption), keywords, 'zone');
  for (const single of ['region', 'hosts', 'owner'] as const) {
    const extra = options.get(single)?.[1];
    if (extra) throw strayWord(extra.text, `after \`${single}\``);
  }
  const hosts = options.get('hosts');
  return {
    kind: 'zone_add',
    request: {
      campaign,
      names,
      region: options.has('region') ? one(options.get('region') ?? [], 'zone', 'region') : null,
      hosts: hosts ? parseCount(one(hosts, 'zone', 'host count'), 'zone', 'host count') : null,
      window: joined(options.get('window')),
      owner: options.has('owner') ? parseUser(one(options.get('owner') ?? [], 'zone', 'owner')) : null,
    },
  };
}
