/**
 * The sandbox clock. It starts at a chosen instant and then ticks in real time unless frozen,
 * so tests can place "now" anywhere and still see time pass.
 */

export const DEFAULT_CLOCK_START = '2026-01-15T12:00:00Z';

export interface Clock {
  now(): Date;
  set(t: Date | string): void;
  advance(ms: number): void;
  freeze(): void;
  /** Lets a frozen clock tick in real time again, from the instant it shows. */
  resume(): void;
}

export function parseInstant(t: Date | string): Date {
  const instant = t instanceof Date ? new Date(t.getTime()) : new Date(t);

  if (Number.isNaN(instant.getTime())) {
    throw new Error(`Invalid clock time ${JSON.stringify(String(t))}: expected a Date or an ISO 8601 string`);
  }

  return instant;
}

export class SandboxClock implements Clock {
  /** Sandbox time in ms at the real instant `realBaseMs`. */
  private baseMs: number;
  private realBaseMs = Date.now();
  private frozen: boolean;

  constructor(start: Date | string = DEFAULT_CLOCK_START, frozen = false) {
    this.baseMs = parseInstant(start).getTime();
    this.frozen = frozen;
  }

  now(): Date {
    return new Date(this.nowMs());
  }

  set(t: Date | string): void {
    this.baseMs = parseInstant(t).getTime();
    this.realBaseMs = Date.now();
  }

  advance(ms: number): void {
    this.baseMs += ms;
  }

  freeze(): void {
    this.baseMs = this.nowMs();
    this.frozen = true;
  }

  resume(): void {
    this.baseMs = this.nowMs();
    this.realBaseMs = Date.now();
    this.frozen = false;
  }

  private nowMs(): number {
    return this.frozen ? this.baseMs : this.baseMs + (Date.now() - this.realBaseMs);
  }
}
