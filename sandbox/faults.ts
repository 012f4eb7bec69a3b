/**
 * Fault injection: queued faults for the next matching requests, and faults drawn at a fixed
 * rate from a seeded generator so a run with faults is repeatable.
 */

import { Random } from './random';

export type FaultKind = '429' | '500' | '502' | '503' | 'slow' | 'drop' | 'truncated' | 'non-json' | 'error-code';

export const FAULT_KINDS: readonly FaultKind[] = ['429', '500', '502', '503', 'slow', 'drop', 'truncated', 'non-json', 'error-code'];

/** Default delay of a 'slow' fault: long enough for a client's timeout to fire first. */
export const DEFAULT_SLOW_DELAY_MS = 30_000;

export interface FaultOptions {
  /** For 429: the Retry-After value in seconds. Without it or `retryAfterDate`, no Retry-After is sent. */
  retryAfterSeconds?: number;
  /** For 429: send Retry-After as an HTTP date, `retryAfterSeconds` (default 1) after the sandbox clock's now. */
  retryAfterDate?: boolean;
  /** For 'slow': delay in ms before the normal response, default 30 000. */
  delayMs?: number;
}

export interface FaultSpec extends FaultOptions {
  kind: FaultKind;
  /** Operation name such as 'read_client_list', or '*' (default) for any. */
  operation?: string;
  /** Number of matching requests that fail this way, default 1. */
  times?: number;
}

export interface ActiveFault extends FaultOptions {
  kind: FaultKind;
}

export interface Faults {
  inject(fault: FaultSpec): void;
  /** Fails each request in this way with `probability` (0 to 1). Probability 0 stops it. */
  rate(kind: FaultKind, probability: number, seed?: number, options?: FaultOptions): void;
  clear(): void;
}

interface QueuedFault extends ActiveFault {
  operation: string;
  remaining: number;
}

interface FaultRate {
  probability: number;
  random: Random;
  options: FaultOptions;
}

export class FaultPlan implements Faults {
  private queue: QueuedFault[] = [];
  private readonly rates = new Map<FaultKind, FaultRate>();

  inject(fault: FaultSpec): void {
    const times = fault.times ?? 1;

    validateKind(fault.kind);
    if (!Number.isInteger(times) || times < 1) {
      throw new Error(`Invalid fault times ${times}: expected a whole number of at least 1`);
    }

    this.queue.push({
      kind: fault.kind,
      retryAfterSeconds: fault.retryAfterSeconds,
      retryAfterDate: fault.retryAfterDate,
      delayMs: fault.delayMs,
      operation: fault.operation ?? '*',
      remaining: times,
    });
  }

  rate(kind: FaultKind, probability: number, seed = 1, options: FaultOptions = {}): void {
    validateKind(kind);
    if (!(probability >= 0 && probability <= 1)) {
      throw new Error(`Invalid fault probability ${probability}: expected a number from 0 to 1`);
    }

    if (probability === 0) {
      this.rates.delete(kind);
    } else {
      this.rates.set(kind, { probability, random: new Random(seed, 0xfa), options });
    }
  }

  clear(): void {
    this.queue = [];
    this.rates.clear();
  }

  /** Returns the fault for a request to `operation`, taking it from the queue first, or undefined. */
  take(operation: string): ActiveFault | undefined {
    const queued = this.queue.find((fault) => fault.operation === '*' || fault.operation === operation);

    if (queued !== undefined) {
      queued.remaining--;
      this.queue = this.queue.filter((fault) => fault.remaining > 0);
      return queued;
    }

    for (const [kind, rate] of this.rates) {
      if (rate.random.chance(rate.probability)) {
        return { kind, ...rate.options };
      }
    }

    return undefined;
  }
}

function validateKind(kind: FaultKind): void {
  if (!FAULT_KINDS.includes(kind)) {
    throw new Error(`Invalid fault kind ${JSON.stringify(kind)}: expected one of ${FAULT_KINDS.join(', ')}`);
  }
}
