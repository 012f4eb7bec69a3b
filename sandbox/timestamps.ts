/** Timestamp forms of the API: naive local time in the account's zone, and its variants. */

import { DateTime, IANAZone } from 'luxon';

/** MySQL's zero date, which some records carry in place of a real time. */
export const ZERO_DATE = '0000-00-00 00:00:00';

const NAIVE_FORMAT = 'yyyy-MM-dd HH:mm:ss';

export function validateTimeZone(timeZone: string): void {
  if (!IANAZone.isValidZone(timeZone)) {
    throw new Error(`Invalid time zone ${JSON.stringify(timeZone)}: expected an IANA name such as America/New_York`);
  }
}

/** Formats an instant as `YYYY-MM-DD HH:MM:SS` in `timeZone`, without an offset. */
export function formatNaiveLocal(instant: Date | number, timeZone: string): string {
  const ms = instant instanceof Date ? instant.getTime() : instant;
  return DateTime.fromMillis(ms, { zone: timeZone }).toFormat(NAIVE_FORMAT);
}

/**
 * Rewrites a naive local timestamp as ISO 8601 with the zone's offset. Values that are not a
 * naive local time (blank, the zero date) come back unchanged.
 */
export function naiveLocalToIso(value: string, timeZone: string): string {
  const parsed = DateTime.fromFormat(value, NAIVE_FORMAT, { zone: timeZone });
  return parsed.isValid ? parsed.toISO({ suppressMilliseconds: true }) ?? value : value;
}
