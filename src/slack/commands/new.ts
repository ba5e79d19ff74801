import type { XsaCommand } from '../command-parser.js';
import { usageError } from '../usage.js';
import { joined, one, parseCount, readOptions, type Token } from './read.js';

export function parseNew(tokens: Token[]): XsaCommand {
  // `/xsa new` alone opens the form instead.
  if (tokens.length === 0) return { kind: 'new_form' };
  const [idToken, ...rest] = tokens;
  if (!idToken || idToken.text.toLowerCase() === 'lift') throw usageError('new', 'Missing the campaign id.');
  const options = readOptions(rest, ['lift', 'title', 'cve', 'alias', 'notice', 'wave'] as const, 'new');
  const lift = joined(options.get('lift'));
  if (lift === null) throw usageError('new', 'Missing `lift <TIME>`: when the advisory becomes public.');
  const wave = options.get('wave');
  return {
    kind: 'new',
    request: {
      id: idToken.text,
      lift,
      title: joined(options.get('title')),
      cves: (joined(options.get('cve')) ?? '').split(/[\s,]+/).filter((c) => c !== ''),
      alias: joined(options.get('alias')),
      notice: joined(options.get('notice')),
      wave: wave ? parseCount(one(wave, 'new', 'wave size'), 'new', 'wave size') : null,
    },
  };
}
