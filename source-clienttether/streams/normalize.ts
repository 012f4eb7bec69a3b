import type { AirbyteRecordChange } from '../generated/protocol';
import type { TimestampParser } from '../timestamps';
import { formatUtc } from '../timestamps';
import type { JsonSchema, StreamDeclaration } from './declarations';

export interface NormalizedRecord {
  data: Record<string, unknown>;
  /** The cursor value in epoch milliseconds; null when the record has none that can be read. */
  cursorMs: number | null;
  changes: AirbyteRecordChange[];
}

type Conversion = 'timestamp' | 'number' | 'integer';

/**
 * Converts API records to their schema's types, driven by the schema itself: date-time fields
 * from naive local times to RFC 3339 UTC, number and integer fields from numeric strings. Empty
 * and zero dates become null. Fields the schema does not list pass through unchanged. A value that
 * cannot be converted becomes null and is reported in the record's `meta.changes`.
 */
export class RecordNormalizer {
  private readonly conversions: Array<[string, Conversion]>;

  constructor(
    private readonly stream: StreamDeclaration,
    private readonly timestamps: TimestampParser,
  ) {
    this.conversions = conversionsOf(stream.schema);
  }

  /** Converts the item in place: it was parsed from this page's response and nothing else refers to it. */
  normalize(item: Record<string, unknown>): NormalizedRecord {
    const data = item;
    const changes: AirbyteRecordChange[] = [];
    let cursorMs: number | null = null;

    for (const [field, conversion] of this.conversions) {
      if (!(field in data)) {
        continue;
      }
      const converted = this.convert(data[field], conversion);
      if (converted.failed) {
        changes.push({ field, change: 'NULLED', reason: 'SOURCE_SERIALIZATION_ERROR' });
      }
      data[field] = converted.value;
      if (field === this.stream.cursorField && converted.epochMs !== undefined) {
        cursorMs = converted.epochMs;
      }
    }

    return { data, cursorMs, changes };
  }

  private convert(value: unknown, conversion: Conversion): { value: unknown; failed: boolean; epochMs?: number } {
    if (conversion === 'timestamp') {
      const parsed = this.timestamps.parse(value);
      if (parsed.kind === 'valid') {
        return { value: formatUtc(parsed.epochMs), failed: false, epochMs: parsed.epochMs };
      }
      return { value: null, failed: parsed.kind === 'invalid' };
    }
    return convertNumber(value, conversion === 'integer');
  }
}

function convertNumber(value: unknown, integer: boolean): { value: unknown; failed: boolean } {
  if (value === null || value === undefined || (typeof value === 'string' && value.trim() === '')) {
    return { value: null, failed: false };
  }

  let number = NaN;
  if (typeof value === 'number') {
    number = value;
  } else if (typeof value === 'string') {
    // Thousands separators ("1,500.00") are dropped; anything else that is not a number fails.
    number = Number(value.trim().replace(/,/g, ''));
  }
  if (!Number.isFinite(number) || (integer && !Number.isInteger(number))) {
    return { value: null, failed: true };
  }
  return { value: number, failed: false };
}

function conversionsOf(schema: JsonSchema): Array<[string, Conversion]> {
  const conversions: Array<[string, Conversion]> = [];
  for (const [field, property] of Object.entries(schema.properties)) {
    const types = ([] as unknown[]).concat(property.type ?? []);
    if (property.format === 'date-time') {
      conversions.push([field, 'timestamp']);
    } else if (types.includes('integer')) {
      conversions.push([field, 'integer']);
    } else if (types.includes('number')) {
      conversions.push([field, 'number']);
    }
  }
  return conversions;
}
