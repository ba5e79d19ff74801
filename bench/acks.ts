import {
  type Bench,
  campaign,
  click,
  command,
  ms,
  ROUNDS,
  type Row,
  row,
  type Summary,
  sleep,
  summary,
  type Target,
  timed,
  triple,
} from './support.js';

/**
 * Ack latency (`--only acks`): `/xsa status` on 200 zones and Done clicks at concurrency 1, 10 and
 * 50, against the bare-Bolt baseline, as the load generator saw them and as the process measured
 * them (bench/server-timing.mjs).
 */

/** The durations the server-timing preload measured in `target` since the last call (and forgets them). */
async function serverTimes(target: Target): Promise<number[]> {
  const response = await fetch(`http://127.0.0.1:${target.port}/__bench/server-timing`);
  return (await response.json()) as number[];
}

/** One timed batch against `target`: what the load generator saw, and what the process itself measured. */
async function measured(
  bench: Bench,
  target: Target,
  tasks: Array<() => Promise<unknown>>,
  concurrency: number,
  into: { client: number[]; server: number[] },
): Promise<void> {
  await serverTimes(target); // forget the set-up's requests
  into.client.push(...(await timed(tasks, concurrency)));
  const server = await serverTimes(target);
  if (server.length !== tasks.length)
    bench.notes.push(`${target.name}: ${server.length} server timings for ${tasks.length} requests`);
  into.server.push(...server);
}

export async function ackLatency(bench: Bench, bot: Target, bare: Target): Promise<Row[]> {
  console.log('\nAck latency');
  const rows: Row[] = [];
  await campaign(bench, bot, 'STATUS-200', 200, false);
  const perRound = 100;
  const serverRows: Array<[number, Summary, Summary, number]> = [];
  for (const concurrency of [1, 10, 50]) {
    const samples = () => ({ client: [] as number[], server: [] as number[] });
    const statusBot = samples();
    const statusBare = samples();
    const doneBot = samples();
    const doneBare = samples();
    for (let round = 0; round < ROUNDS; round += 1) {
      const id = `DONE-${concurrency}-${round}`;
      const zones = await campaign(bench, bot, id, perRound, true);
      const status = (target: Target) => () => command(bench, target, 'status STATUS-200');
      await measured(
        bench,
        bot,
        Array.from({ length: perRound }, () => status(bot)),
        concurrency,
        statusBot,
      );
      await measured(
        bench,
        bare,
        Array.from({ length: perRound }, () => status(bare)),
        concurrency,
        statusBare,
      );
      await measured(
        bench,
        bot,
        zones.map((z) => () => click(bench, bot, 'zone_done', `${id}|${z}`)),
        concurrency,
        doneBot,
      );
      await measured(
        bench,
        bare,
        zones.map((z) => () => click(bench, bare, 'zone_done', `${id}|${z}`)),
        concurrency,
        doneBare,
      );
      await sleep(500); // let the clicks' message refreshes (after the ack) settle
    }
    const sb = summary(statusBot.client);
    const sa = summary(statusBare.client);
    const db = summary(doneBot.client);
    const da = summary(doneBare.client);
    rows.push(
      row(
        'Ack latency (p50 / p99 / max)',
        `\`/xsa status\`, 200 zones, concurrency ${concurrency}`,
        triple(sb),
        triple(sa),
        `p99 ×${(sb.p99 / sa.p99).toFixed(1)}, ${sb.n} requests`,
      ),
    );
    rows.push(
      row(
        'Ack latency (p50 / p99 / max)',
        `Done click, concurrency ${concurrency}`,
        triple(db),
        triple(da),
        `p99 ×${(db.p99 / da.p99).toFixed(1)}, ${db.n} clicks`,
      ),
    );
    serverRows.push([concurrency, summary(doneBot.server), summary(doneBare.server), db.p50]);
    const ss = summary(statusBot.server);
    const sbare = summary(statusBare.server);
    console.log(`  (status server time: ${triple(ss)}  |  baseline ${triple(sbare)})`);
  }
  for (const [concurrency, server, baseline, clientP50] of serverRows)
    rows.push(
      row(
        'Ack server time, inside the process (p50 / p99 / max)',
        `Done click, concurrency ${concurrency}: request read → ack written`,
        triple(server),
        triple(baseline),
        `the load generator saw p50 ${ms(clientP50)}`,
      ),
    );
  return rows;
}
