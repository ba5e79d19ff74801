import type { TestBot } from './test-bot.js';

export type Row = Record<string, unknown>;

/**
 * Every row of every table the bot writes (campaigns, zones, events and any added later), by
 * table name, for comparing the database before and after a request. With `only`, just those
 * of the named tables that exist.
 */
export function snapshotRows(bot: TestBot, only?: readonly string[]): Record<string, Row[]> {
  const db = bot.bot.ctx.db;
  const tables = (
    db
      .prepare(
        "SELECT name FROM sqlite_master WHERE type = 'table' AND name NOT LIKE 'sqlite_%' AND name <> 'schema_migrations' ORDER BY name",
      )
      .pluck()
      .all() as string[]
  ).filter((table) => only === undefined || only.includes(table));
  return Object.fromEntries(
    tables.map((table) => [table, db.prepare(`SELECT * FROM "${table}" ORDER BY rowid`).all() as Row[]]),
  );
}
