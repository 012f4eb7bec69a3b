/** Timers for latency and slow responses that all stop when the server closes. */

export class Delays {
  private readonly timers = new Set<NodeJS.Timeout>();
  private stopped = false;

  /** Resolves after `ms`. After stopAll() the promise never settles, so the waiting request ends there. */
  wait(ms: number): Promise<void> {
    if (this.stopped) {
      return new Promise<void>(() => undefined);
    }
    if (ms <= 0) {
      return Promise.resolve();
    }

    return new Promise<void>((resolve) => {
      const timer = setTimeout(() => {
        this.timers.delete(timer);
        resolve();
      }, ms);
      this.timers.add(timer);
    });
  }

  stopAll(): void {
    this.stopped = true;
    for (const timer of this.timers) {
      clearTimeout(timer);
    }
    this.timers.clear();
  }
}
