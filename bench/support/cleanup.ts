/**
 * Cleanup that runs however a benchmark ends: normally, on an error, or on SIGINT/SIGTERM. Actions run last
 * registered first (a child process stops before its data directory is removed), each at most once.
 */
type Action = () => void | Promise<void>;

const actions: { readonly label: string; readonly run: Action }[] = [];
let running: Promise<void> | undefined;

/** Registers an action; the returned function runs it now (and removes it from the list). */
export function onCleanup(label: string, run: Action): () => Promise<void> {
  const entry = { label, run };
  actions.push(entry);
  return async () => {
    const index = actions.indexOf(entry);
    if (index === -1) return;
    actions.splice(index, 1);
    await run();
  };
}

/** Runs every registered action, newest first; a failing action is reported and the others still run. */
export function runCleanups(): Promise<void> {
  running ??= (async () => {
    while (actions.length > 0) {
      const entry = actions.pop();
      if (!entry) break;
      try {
        await entry.run();
      } catch (error) {
        process.stderr.write(`[bench] cleanup "${entry.label}" failed: ${String(error)}\n`);
      }
    }
  })().finally(() => {
    running = undefined;
  });
  return running;
}

for (const signal of ['SIGINT', 'SIGTERM'] as const) {
  process.once(signal, () => {
    process.stderr.write(`[bench] ${signal}: cleaning up\n`);
    void runCleanups().finally(() => process.exit(130));
  });
}

/** Runs a benchmark's main, then the cleanups; an error is printed and sets exit code 1. */
export function runMain(main: () => Promise<void>): void {
  main()
    .catch((error: unknown) => {
      process.stderr.write(`${error instanceof Error ? (error.stack ?? error.message) : String(error)}\n`);
      process.exitCode = 1;
    })
    .finally(() => runCleanups())
    .catch(() => undefined)
    .finally(() => {
      // Everything is closed by now; a handle some library forgot must not keep the run waiting.
      setTimeout(() => process.exit(), 5000).unref();
    });
}
