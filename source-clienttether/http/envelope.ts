/**
 * ClientTether's response envelope, normalized across the variants the API is known or assumed to
 * use: `ResultCode` or `resultCode`, `CT_200` or `CT200`, `TotalRecord` as a number or a string.
 */
export interface Envelope {
  /** The result code's number, such as "200" or "515"; null when the body has none. */
  code: string | null;
  message: string | null;
  total: number | null;
  /** The `data` array; null when the body has no `data`. */
  items: unknown[] | null;
}

export function parseEnvelope(body: Record<string, unknown>): Envelope {
  const code = fieldIgnoringCase(body, 'resultcode');
  const message = fieldIgnoringCase(body, 'message');
  const total = fieldIgnoringCase(body, 'totalrecord');

  return {
    code: normalizeResultCode(code),
    message: typeof message === 'string' ? message : null,
    total: parseTotal(total),
    items: itemsOf(body.data),
  };
}

/** "CT_200", "CT200", "ct200" and 200 all become "200". */
export function normalizeResultCode(code: unknown): string | null {
  if (typeof code === 'number') {
    return String(code);
  }
  if (typeof code !== 'string') {
    return null;
  }
  const digits = /^\s*(?:CT)?[_-]?(\d+)\s*$/i.exec(code);
  return digits ? digits[1] : code.trim();
}

function parseTotal(value: unknown): number | null {
  const total = typeof value === 'string' && value.trim() !== '' ? Number(value) : value;
  return typeof total === 'number' && Number.isInteger(total) && total >= 0 ? total : null;
}

/**
 * PHP encodes an array whose keys are not 0..n-1 as a JSON object ({"0": {...}, "2": {...}}),
 * so an object `data` is read as the list of its values, in key order.
 */
function itemsOf(data: unknown): unknown[] | null {
  if (Array.isArray(data)) {
    return data;
  }
  if (typeof data === 'object' && data !== null) {
    return Object.values(data);
  }
  return null;
}

function fieldIgnoringCase(body: Record<string, unknown>, lowerCaseName: string): unknown {
  for (const key of Object.keys(body)) {
    if (key.toLowerCase().replace(/_/g, '') === lowerCaseName) {
      return body[key];
    }
  }
  return undefined;
}
