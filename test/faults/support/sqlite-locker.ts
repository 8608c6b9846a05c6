import { launch, type Launched } from '../../support/processes.js';
import { eventually } from '../../support/test-env.js';
import { root } from './fault-env.js';

/*
 * Another OS process that holds the SQLite file's write lock: it opens the file with better-sqlite3, runs
 * `BEGIN EXCLUSIVE` and keeps the transaction open until it is told to let go (SIGTERM: ROLLBACK, close, exit).
 */
const SCRIPT = `
const Database = require('better-sqlite3');
const db = new Database(process.argv[1], { timeout: 0 });
db.exec('BEGIN EXCLUSIVE');
process.stdout.write('locked\\n');
process.on('SIGTERM', () => { db.exec('ROLLBACK'); db.close(); process.stdout.write('released\\n'); process.exit(0); });
setInterval(() => undefined, 60_000);
`;

export interface SqliteLocker {
  /** Ends the transaction and the process; the lock is free when this resolves. */
  release(): Promise<void>;
}

export async function lockSqliteFile(file: string): Promise<SqliteLocker> {
  const child: Launched = launch(process.execPath, ['-e', SCRIPT, file], { ...process.env }, root);
  await eventually(() => {
    if (child.child.exitCode !== null) throw new Error(`the locker exited: ${child.output()}`);
    if (!child.output().includes('locked')) throw new Error(`not locked yet: ${child.output()}`);
    return Promise.resolve();
  }, 15_000);
  return {
    async release() {
      if (child.child.exitCode === null && child.child.signalCode === null) child.child.kill('SIGTERM');
      await child.exited();
    },
  };
}
