import { formatUtc, TimestampParser } from '../../source-clienttether/timestamps';

const utc = (parser: TimestampParser, value: unknown) => {
  const parsed = parser.parse(value);
  return parsed.kind === 'valid' ? formatUtc(parsed.epochMs) : parsed.kind;
};

describe('TimestampParser', () => {
  const newYork = new TimestampParser('America/New_York');

  test('naive local time uses the zone offset', () => {
    expect(utc(newYork, '2025-01-15 09:30:00')).toBe('2025-01-15T14:30:00Z');
    expect(utc(newYork, '2025-07-15 09:30:00')).toBe('2025-07-15T13:30:00Z');
  });

  test('offset changes across daylight saving', () => {
    // Clocks in New York went forward at 2025-03-09 02:00 local and back at 2025-11-02 02:00 local.
    expect(utc(newYork, '2025-03-09 01:59:59')).toBe('2025-03-09T06:59:59Z');
    expect(utc(newYork, '2025-03-09 03:00:00')).toBe('2025-03-09T07:00:00Z');
    expect(utc(newYork, '2025-11-02 00:30:00')).toBe('2025-11-02T04:30:00Z');
    expect(utc(newYork, '2025-11-02 02:30:00')).toBe('2025-11-02T07:30:00Z');
  });

  test('cached hours give the same result', () => {
    const first = utc(newYork, '2025-11-02 05:10:00');
    const again = utc(newYork, '2025-11-02 05:59:59');

    expect(first).toBe('2025-11-02T10:10:00Z');
    expect(again).toBe('2025-11-02T10:59:59Z');
  });

  test('values with an offset keep it', () => {
    expect(utc(newYork, '2025-01-15T09:30:00+01:00')).toBe('2025-01-15T08:30:00Z');
    expect(utc(newYork, '2025-01-15T09:30:00Z')).toBe('2025-01-15T09:30:00Z');
  });

  test('empty and zero dates are empty', () => {
    for (const value of ['', '   ', null, undefined, '0000-00-00 00:00:00', '0000-00-00']) {
      expect(newYork.parse(value).kind).toBe('empty');
    }
  });

  test('impossible values are invalid', () => {
    for (const value of ['2025-02-30 10:00:00', '2025-13-01 00:00:00', 'yesterday', 20250101, '2025-01-01 25:00:00']) {
      expect(newYork.parse(value).kind).toBe('invalid');
    }
  });

  test('UTC zone reads naive time as UTC', () => {
    expect(utc(new TimestampParser('UTC'), '2024-02-29 23:59:59')).toBe('2024-02-29T23:59:59Z');
  });
});
