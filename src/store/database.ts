import { mkdirSync, readdirSync, readFileSync } from 'node:fs';
import { dirname, join, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';
import Database from 'better-sqlite3';

export type Db = Database.Database;

/** `migrations/` at the repository root: two levels up from both src/store and dist/store. */
export const MIGRATIONS_DIR = resolve(dirname(fileURLToPath(import.meta.url)), '..', '..', 'migrations');

/**
 * Opens (creating if needed) the SQLite file with the pragmas the bot relies on: WAL so readers never
 * wait for the writer, foreign keys on, a busy timeout so a second process waits instead of failing.
 */
export function openDatabase(path: string): Db {
  if (path !== ':memory:') mkdirSync(dirname(resolve(path)), { recursive: true });
  const db = new Database(path);
  db.pragma('journal_mode = WAL');
  // FULL, not NORMAL: a change we acknowledged to Slack must survive a power cut, not only a crash.
  db.pragma('synchronous = FULL');
  db.pragma('foreign_keys = ON');
  db.pragma('busy_timeout = 5000');
  return db;
}

export interface AppliedMigration {
  version: number;
  name: string;
}

/** Applies `NNNN_name.sql` files not yet recorded, in order, each in its own transaction. */
export function migrate(db: Db, dir: string = MIGRATIONS_DIR): AppliedMigration[] {
  db.exec(`CREATE TABLE IF NOT EXISTS schema_migrations (
    version INTEGER PRIMARY KEY,
    name TEXT NOT NULL,
    applied_at TEXT NOT NULL
  )`);
  const applied = new Set(
    db
      .prepare('SELECT version FROM schema_migrations')
      .pluck()
      .all()
      .map((v) => Number(v)),
  );
  const files = readdirSync(dir)
    .filter((f) => /^\d{4}_[\w-]+\.sql$/.test(f))
    .sort();
  const record = db.prepare('INSERT INTO schema_migrations (version, name, applied_at) VALUES (?, ?, ?)');
  const done: AppliedMigration[] = [];
  for (const file of files) {
    const version = Number(file.slice(0, 4));
    if (applied.has(version)) continue;
    const sql = readFileSync(join(dir, file), 'utf8');
    db.transaction(() => {
      db.exec(sql);
      // The wall clock on purpose: when this machine applied the file, not an instant of the domain.
      record.run(version, file, new Date().toISOString());
    })();
    done.push({ version, name: file });
  }
  return done;
}
