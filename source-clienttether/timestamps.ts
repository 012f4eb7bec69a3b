import { DateTime } from 'luxon';

const NAIVE = /^(\d{4})-(\d{2})-(\d{2})(?:[ T](\d{2}):(\d{2})(?::(\d{2})(?:\.(\d{1,9}))?)?)?$/;
const WITH_OFFSET = /^\d{4}-\d{2}-\d{2}[ T]\d{2}:\d{2}(:\d{2}(\.\d+)?)?([Zz]|[+-]\d{2}:?\d{2})$/;
const MAX_CACHED_ENTRIES = 200_000;

export type ParsedTimestamp = { kind: 'empty' } | { kind: 'invalid' } | { kind: 'valid'; epochMs: number };

/**
 * Converts ClientTether timestamps to epoch milliseconds. The API writes naive local times
 * (`YYYY-MM-DD HH:MM:SS`) in the account's time zone. ISO 8601 values with an offset are read as
 * they are. Empty strings, null and MySQL zero dates mean "no value".
 *
 * The zone's UTC offset is looked up once per local day (per hour on days with a transition) and
 * cached, because building a luxon DateTime per value dominates the cost of a large sync.
 */
export class TimestampParser {
  private readonly offsetMinutesByDay = new Map<number, number>();
  private readonly offsetMinutesByHour = new Map<number, number>();

  constructor(readonly timeZone: string) {}

  parse(value: unknown): ParsedTimestamp {
    if (value === null || value === undefined) {
      return { kind: 'empty' };
    }
    if (typeof value !== 'string') {
      return { kind: 'invalid' };
    }

    const text = value.trim();
    if (text === '' || text.startsWith('0000-00-00')) {
      return { kind: 'empty' };
    }

    const naive = NAIVE.exec(text);
    if (naive) {
      return this.parseNaive(naive);
    }
    if (WITH_OFFSET.test(text)) {
      const epochMs = Date.parse(text.replace(' ', 'T'));
      return Number.isNaN(epochMs) ? { kind: 'invalid' } : { kind: 'valid', epochMs };
    }
    return { kind: 'invalid' };
  }

  private parseNaive(match: RegExpExecArray): ParsedTimestamp {
    const [year, month, day, hour, minute, second] = [1, 2, 3, 4, 5, 6].map((index) => Number(match[index] ?? 0));
    const fraction = match[7] ? Number(`0.${match[7]}`) * 1000 : 0;

    // Date.UTC rolls invalid days over (Feb 30 becomes Mar 1), so the round trip catches them.
    const wallClockAsUtc = Date.UTC(year, month - 1, day, hour, minute, second) + Math.floor(fraction);
    const check = new Date(wallClockAsUtc);
    if (check.getUTCDate() !== day || check.getUTCMonth() !== month - 1 || hour > 23 || minute > 59 || second > 59) {
      return { kind: 'invalid' };
    }

    const offsetMinutes = this.offsetMinutesAt(year, month, day, hour);
    return { kind: 'valid', epochMs: wallClockAsUtc - offsetMinutes * 60_000 };
  }

  /**
   * Offset of the zone at a local hour, as luxon resolves it. A day whose offset is the same at
   * 00:00 and 23:00 is cached whole; only days with a transition are looked up hour by hour. In
   * the hour repeated when clocks go back, luxon picks one of the two offsets, so such a naive
   * time is ambiguous by design.
   */
  private offsetMinutesAt(year: number, month: number, day: number, hour: number): number {
    const dayKey = (year * 100 + month) * 100 + day;
    const dayOffset = this.offsetMinutesByDay.get(dayKey);
    if (dayOffset !== undefined) {
      return dayOffset;
    }

    const hourKey = dayKey * 100 + hour;
    const hourOffset = this.offsetMinutesByHour.get(hourKey);
    if (hourOffset !== undefined) {
      return hourOffset;
    }

    if (this.offsetMinutesByDay.size + this.offsetMinutesByHour.size >= MAX_CACHED_ENTRIES) {
      this.offsetMinutesByDay.clear();
      this.offsetMinutesByHour.clear();
    }
    const offsetAt = (atHour: number) => DateTime.fromObject({ year, month, day, hour: atHour }, { zone: this.timeZone }).offset;
    const midnight = offsetAt(0);
    if (midnight === offsetAt(23)) {
      this.offsetMinutesByDay.set(dayKey, midnight);
      return midnight;
    }
    const offset = offsetAt(hour);
    this.offsetMinutesByHour.set(hourKey, offset);
    return offset;
  }
}

/** Formats epoch milliseconds as RFC 3339 in UTC, without milliseconds when they are zero. */
export function formatUtc(epochMs: number): string {
  const iso = new Date(epochMs).toISOString();
  return iso.endsWith('.000Z') ? `${iso.slice(0, -5)}Z` : iso;
}
