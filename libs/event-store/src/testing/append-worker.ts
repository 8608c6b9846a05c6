/**
 * A child process for the contract's multi-process test: appends `count` events to its own stream and
 * `count` events to a shared stream (re-reading and retrying on conflicts), then prints a JSON summary.
 * Run: node --conditions=chengyun-source --import tsx append-worker.ts '<json args>'
 */
import { ConcurrencyError } from '../errors.js';
import { newEventId } from '../event-id.js';
import { openStore, type StoreDescriptor } from './store-descriptor.js';

interface Args {
  readonly store: StoreDescriptor;
  readonly worker: string;
  readonly prefix: string;
  readonly count: number;
}

const args = JSON.parse(process.argv[2] ?? '{}') as Args;
const store = await openStore(args.store);
const own = `${args.prefix}-${args.worker}`;
const shared = `${args.prefix}-shared`;
let conflicts = 0;

const ownLoop = async () => {
  for (let i = 0; i < args.count; i += 1) {
    await store.append(
      own,
      [{ id: newEventId(), type: 'Counted', data: { worker: args.worker, i }, metadata: {} }],
      {
        expectedRevision: i === 0 ? 'no-stream' : i - 1,
      },
    );
  }
};
const sharedLoop = async () => {
  for (let i = 0; i < args.count; i += 1) {
    for (;;) {
      const events = await store.readStream(shared);
      try {
        await store.append(
          shared,
          [{ id: newEventId(), type: 'Shared', data: { worker: args.worker, i }, metadata: {} }],
          { expectedRevision: events.length === 0 ? 'no-stream' : events.length - 1 },
        );
        break;
      } catch (error) {
        if (!(error instanceof ConcurrencyError)) throw error;
        conflicts += 1;
      }
    }
  }
};
await Promise.all([ownLoop(), sharedLoop()]);
await store.close();
process.stdout.write(`${JSON.stringify({ worker: args.worker, appended: args.count * 2, conflicts })}\n`);
