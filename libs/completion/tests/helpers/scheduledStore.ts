import type { CreateOutcome } from '@chunkline/contracts';
import type { CompletionStore } from '../../src/index.ts';

/** Thrown into a simulated process that the scheduler kills between two steps. */
export class Killed extends Error {
  override readonly name = 'Killed';
}

interface Waiter {
  readonly pid: number;
  readonly resume: () => void;
  readonly kill: () => void;
}

/**
 * An in-memory marker store whose every operation first waits for the scheduler to pick
 * its process, so a seeded random scheduler can interleave processes between any two
 * storage steps, and kill them there.
 */
export class Scheduler {
  readonly markers = new Set<string>();
  private readonly waiting: Waiter[] = [];
  private readonly random: () => number;

  constructor(random: () => number) {
    this.random = random;
  }

  /** A store view for process `pid`. */
  storeFor(pid: number): CompletionStore {
    return {
      createIfAbsent: async (key: string): Promise<CreateOutcome> => {
        await this.turn(pid);
        if (this.markers.has(key)) return 'exists';
        this.markers.add(key);
        return 'created';
      },
      count: async (prefix: string): Promise<number> => {
        await this.turn(pid);
        let n = 0;
        for (const key of this.markers) if (key.startsWith(prefix)) n += 1;
        return n;
      },
    };
  }

  get pending(): number {
    return this.waiting.length;
  }

  /** Let one random waiting process take its next step, or kill it with `killRate`. */
  step(killRate: number): { pid: number; killed: boolean } | undefined {
    if (this.waiting.length === 0) return undefined;
    const at = Math.floor(this.random() * this.waiting.length);
    const [waiter] = this.waiting.splice(at, 1);
    if (!waiter) return undefined;
    const killed = this.random() < killRate;
    if (killed) waiter.kill();
    else waiter.resume();
    return { pid: waiter.pid, killed };
  }

  private turn(pid: number): Promise<void> {
    return new Promise<void>((resume, reject) => {
      this.waiting.push({ pid, resume, kill: () => reject(new Killed()) });
    });
  }
}
