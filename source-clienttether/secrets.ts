/** Name of the spec keyword that marks a config field as a secret. */
const SECRET_KEYWORD = 'airbyte_secret';

export const REDACTED = '**********';

/**
 * Collects the values of every config field that the spec marks `airbyte_secret`, walking nested
 * properties, so that the secret filter follows the spec instead of a hand-kept list of names.
 */
export function secretValuesOf(config: unknown, specSchema: Record<string, unknown>): string[] {
  const values: string[] = [];
  collect(config, specSchema, values);
  return values.filter((value) => value.length > 0);
}

function collect(value: unknown, schema: Record<string, unknown>, values: string[]): void {
  if (schema[SECRET_KEYWORD] === true && (typeof value === 'string' || typeof value === 'number')) {
    values.push(String(value));
    return;
  }

  const properties = schema.properties as Record<string, Record<string, unknown>> | undefined;
  if (!properties || typeof value !== 'object' || value === null) {
    return;
  }

  for (const [key, propertySchema] of Object.entries(properties)) {
    collect((value as Record<string, unknown>)[key], propertySchema, values);
  }
}

/**
 * Masks secret values in every string of a JSON-like value. Walking the object, not the
 * serialized line, keeps the output valid JSON whatever characters a secret contains.
 */
export class SecretFilter {
  private readonly secrets: string[];

  constructor(secrets: Iterable<string> = []) {
    // Sorted by length, longest first, so a secret that contains another is masked whole.
    this.secrets = [...new Set(secrets)].filter((secret) => secret.length > 0).sort((a, b) => b.length - a.length);
  }

  get active(): boolean {
    return this.secrets.length > 0;
  }

  /** Returns true when the text contains any secret value. */
  appearsIn(text: string): boolean {
    return this.secrets.some((secret) => text.includes(secret));
  }

  redactText(text: string): string {
    let result = text;
    for (const secret of this.secrets) {
      result = result.split(secret).join(REDACTED);
    }
    return result;
  }

  redact<T>(value: T): T {
    if (typeof value === 'string') {
      return this.redactText(value) as T;
    }
    if (Array.isArray(value)) {
      return value.map((item) => this.redact(item)) as T;
    }
    if (typeof value === 'object' && value !== null) {
      const copy: Record<string, unknown> = {};
      for (const [key, item] of Object.entries(value)) {
        copy[this.redactText(key)] = this.redact(item);
      }
      return copy as T;
    }
    return value;
  }
}
