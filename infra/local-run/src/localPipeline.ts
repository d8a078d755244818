import type { ServiceProcess } from './serviceProcess.ts';
import { startServiceProcess } from './serviceProcess.ts';

/** A running set of services: one dispatcher, `processors` processors, one merger. */
export interface LocalPipeline {
  readonly services: readonly ServiceProcess[];
  readonly processors: readonly ServiceProcess[];
  /** SIGTERM all, and wait for them to exit. */
  stop(): Promise<void>;
}

/** Start the three services as separate processes, the way containers would run them. */
export function startLocalPipeline(
  env: Readonly<Record<string, string>>,
  logDir: string,
  processors = 2,
): LocalPipeline {
  const processorProcesses = Array.from({ length: processors }, (_, i) =>
    startServiceProcess('processor', env, logDir, `processor-${i + 1}`),
  );
  const services = [
    startServiceProcess('dispatcher', env, logDir),
    ...processorProcesses,
    startServiceProcess('merger', env, logDir),
  ];
  return {
    services,
    processors: processorProcesses,
    stop: async () => {
      await Promise.all(services.map((s) => s.stop()));
    },
  };
}
