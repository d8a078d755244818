/** Synchronous cleanups to run if the process exits while they are still registered. */
const cleanups = new Set<() => void>();
let installed = false;

function runAll(): void {
  for (const cleanup of cleanups) {
    try {
      cleanup();
    } catch {
      // The process is exiting; nothing useful can be done with the error.
    }
  }
  cleanups.clear();
}

/**
 * Registers `cleanup` to run synchronously on `process.exit` (normal exit, `process.exit()`, or an uncaught error).
 * Returns a function that unregisters it. One shared listener serves all registrations.
 */
export function onProcessExit(cleanup: () => void): () => void {
  if (!installed) {
    process.once('exit', runAll);
    installed = true;
  }
  cleanups.add(cleanup);
  return () => {
    cleanups.delete(cleanup);
  };
}
