import { readdirSync, readFileSync, statSync } from 'node:fs';
import { join, relative, resolve } from 'node:path';

/**
 * Reads the newest V8 CPU profile (`.cpuprofile`) in a folder — the one `npm run bench -- --only
 * acks --cpu-prof bench/profiles` makes — and prints where the bot's time went: self time by
 * package or source file, and the heaviest functions. Usage: `npx tsx bench/summarize-profile.ts [dir]`.
 */

interface ProfileNode {
  id: number;
  callFrame: { functionName: string; url: string; lineNumber: number };
  children?: number[];
}
interface Profile {
  nodes: ProfileNode[];
  samples: number[];
  timeDeltas: number[];
  startTime: number;
  endTime: number;
}

const dir = resolve(process.argv[2] ?? 'bench/profiles');
const root = resolve('.');
const newest = readdirSync(dir)
  .filter((f) => f.endsWith('.cpuprofile'))
  .map((f) => join(dir, f))
  .sort((a, b) => statSync(b).mtimeMs - statSync(a).mtimeMs)[0];
if (!newest) throw new Error(`no .cpuprofile in ${dir}`);
const profile = JSON.parse(readFileSync(newest, 'utf8')) as Profile;

const byId = new Map(profile.nodes.map((n) => [n.id, n]));
const selfUs = new Map<number, number>();
profile.samples.forEach((id, i) => {
  selfUs.set(id, (selfUs.get(id) ?? 0) + (profile.timeDeltas[i] ?? 0));
});

function place(url: string): string {
  if (url === '') return '(native / V8)';
  if (url.startsWith('node:')) return 'node internals';
  const path = url.replace(/^file:\/\//, '');
  const modules = /node_modules\/((?:@[^/]+\/)?[^/]+)/.exec(path);
  if (modules?.[1]) return modules[1];
  return relative(root, path);
}

const byPlace = new Map<string, number>();
const byFunction = new Map<string, number>();
let total = 0;
let idle = 0;
for (const [id, us] of selfUs) {
  const node = byId.get(id);
  if (!node) continue;
  const { functionName, url, lineNumber } = node.callFrame;
  total += us;
  if (functionName === '(idle)') {
    idle += us;
    continue;
  }
  const where = ['(garbage collector)', '(program)'].includes(functionName) ? functionName : place(url);
  byPlace.set(where, (byPlace.get(where) ?? 0) + us);
  const fn = `${functionName || '(anonymous)'} ${place(url)}:${lineNumber + 1}`;
  byFunction.set(fn, (byFunction.get(fn) ?? 0) + us);
}

const busy = total - idle;
const ms = (us: number) => `${(us / 1000).toFixed(0)} ms`;
const pct = (us: number) => `${((100 * us) / busy).toFixed(1)}%`;
const top = (map: Map<string, number>, n: number) => [...map].sort((a, b) => b[1] - a[1]).slice(0, n);

console.log(`${relative(root, newest)}: ${ms(total)} sampled, ${ms(busy)} busy (not idle)\n`);
console.log('Self time by package or source file (share of busy time)');
for (const [where, us] of top(byPlace, 20))
  console.log(`  ${pct(us).padStart(6)}  ${ms(us).padStart(8)}  ${where}`);
console.log('\nHeaviest functions (self time)');
for (const [fn, us] of top(byFunction, 25))
  console.log(`  ${pct(us).padStart(6)}  ${ms(us).padStart(8)}  ${fn}`);
