import Ajv, { type ErrorObject } from 'ajv';
import addFormats from 'ajv-formats';
import { DateTime, IANAZone } from 'luxon';

import { configError } from './errors';
import { readJsonFile } from './files';
import type { Logger } from './protocol/logger';
import spec from './spec.json';

export const SPEC = spec;
export const CONNECTION_SPECIFICATION = spec.connectionSpecification as unknown as Record<string, unknown>;

const PROPERTIES = spec.connectionSpecification.properties;
export const DEFAULT_API_URL = PROPERTIES.api_url.default;

/** The validated config, in the units the connector works with. */
export interface ConnectorConfig {
  accessToken: string;
  webKey: string;
  /** Lower bound of last_modified_date, epoch milliseconds; null syncs the whole history. */
  startDate: number | null;
  timeZone: string;
  apiUrl: URL;
  requestTimeoutMs: number;
  connectTimeoutMs: number;
  pageConcurrency: number;
  checkpointIntervalRecords: number;
}

const CONFIG_FIX = 'Pass --config with a JSON object holding at least access_token and web_key.';

/** Reads the config file; an unreadable file is a config_error, since only the user can fix it. */
export function readConfigFile(path: string): Record<string, unknown> {
  const file = readJsonFile(path, 'config', CONFIG_FIX);
  if (!file.found) {
    throw configError(`The config file ${path} was not found. ${CONFIG_FIX}`);
  }
  if (file.empty || typeof file.value !== 'object' || file.value === null || Array.isArray(file.value)) {
    throw configError(`The config file ${path} does not hold a JSON object. ${CONFIG_FIX}`);
  }
  return file.value as Record<string, unknown>;
}

const ajv = new Ajv({ allErrors: true, strict: false, verbose: true });
addFormats(ajv);
const validateAgainstSpec = ajv.compile(spec.connectionSpecification);

/**
 * Validates a raw config against the spec, then checks what a schema cannot: a real calendar date,
 * a known time zone, an https URL. Throws a config_error naming the field and a valid example.
 */
export function parseConfig(raw: Record<string, unknown>, now: Date = new Date()): ConnectorConfig {
  if (!validateAgainstSpec(raw)) {
    throw configError(describeSchemaErrors(validateAgainstSpec.errors ?? []));
  }

  const value = raw as Record<string, string | number | undefined>;
  const timeZone = parseTimeZone(value.time_zone);

  return {
    accessToken: parseCredential('access_token', value.access_token),
    webKey: parseCredential('web_key', value.web_key),
    startDate: parseStartDate(value.start_date as string | undefined, now),
    timeZone,
    apiUrl: parseApiUrl(value.api_url as string | undefined),
    requestTimeoutMs: 1000 * Number(value.request_timeout_seconds ?? PROPERTIES.request_timeout_seconds.default),
    connectTimeoutMs: 1000 * Number(value.connect_timeout_seconds ?? PROPERTIES.connect_timeout_seconds.default),
    pageConcurrency: Number(value.page_concurrency ?? PROPERTIES.page_concurrency.default),
    checkpointIntervalRecords: Number(value.checkpoint_interval_records ?? PROPERTIES.checkpoint_interval_records.default),
  };
}

const FIELD_HELP: Record<string, string> = {
  access_token: 'the Access Token from ClientTether Settings → API of the Enterprise account',
  web_key: 'the Web Key from Settings → API of the account to read',
  start_date: 'a date such as 2024-01-01 or a date-time such as 2024-01-01T00:00:00Z',
  time_zone: 'an IANA time zone name such as America/New_York',
  api_url: `a URL such as ${DEFAULT_API_URL}`,
  request_timeout_seconds: 'a whole number of seconds from 1 to 600, such as 60',
  connect_timeout_seconds: 'a whole number of seconds from 1 to 120, such as 10',
  page_concurrency: 'a whole number from 1 to 16, such as 4',
  checkpoint_interval_records: 'a whole number of at least 1, such as 1000',
};

function describeSchemaErrors(errors: ErrorObject[]): string {
  const missing = errors.filter((error) => error.keyword === 'required').map((error) => String(error.params.missingProperty));
  if (missing.length > 0) {
    const fields = missing.join(' and ');
    const help = missing.map((field) => `${field} to ${FIELD_HELP[field] ?? 'a value'}`).join(', and ');
    return `Config field${missing.length > 1 ? 's' : ''} ${fields} ${missing.length > 1 ? 'are' : 'is'} missing. Set ${help}.`;
  }
  return describeSchemaError(errors[0]);
}

function describeSchemaError(error: ErrorObject | undefined): string {
  if (!error) {
    return 'The config is invalid.';
  }

  const field = error.instancePath.replace(/^\//, '').split('/')[0];
  const help = FIELD_HELP[field] ?? 'a value the spec allows';
  // Secret values are never quoted back, even when they have the wrong type.
  const isSecret = (PROPERTIES as Record<string, { airbyte_secret?: boolean }>)[field]?.airbyte_secret === true;
  const received = isSecret ? '' : ` (got ${JSON.stringify(valueAt(error))})`;

  if (field === '') {
    return `The config must be a JSON object holding access_token and web_key${received}.`;
  }
  if (error.keyword === 'minLength') {
    return `Config field ${field} is empty. Set it to ${help}.`;
  }
  if (error.keyword === 'pattern') {
    const format = (PROPERTIES as Record<string, { pattern_descriptor?: string }>)[field]?.pattern_descriptor ?? 'the expected format';
    return `Config field ${field} is not in the format ${format}${received}. Use ${help}.`;
  }
  return `Config field ${field} is invalid: it ${error.message ?? 'does not match the spec'}${received}. Use ${help}.`;
}

function valueAt(error: ErrorObject): unknown {
  return (error as ErrorObject & { data?: unknown }).data;
}

/** Visible ASCII: what an HTTP header value can carry without encoding. */
const HEADER_SAFE = /^[\x21-\x7e]+$/;

/**
 * Trims a pasted credential and rejects one that an HTTP header cannot carry. The value itself is
 * never quoted, since it is a secret.
 */
function parseCredential(field: string, value: string | number | undefined): string {
  const credential = String(value).trim();
  if (credential === '') {
    throw configError(`Config field ${field} is empty. Set it to ${FIELD_HELP[field]}.`);
  }
  if (!HEADER_SAFE.test(credential)) {
    throw configError(
      `Config field ${field} contains spaces, line breaks or non-ASCII characters, which ClientTether credentials do not have. Copy it again from ClientTether Settings → API and paste it without extra characters.`,
    );
  }
  return credential;
}

function parseTimeZone(value: string | number | undefined): string {
  const zone = value === undefined || value === '' ? PROPERTIES.time_zone.default : String(value);
  if (!IANAZone.isValidZone(zone)) {
    throw configError(
      `Config field time_zone "${zone}" is not a known IANA time zone. Use the time zone of your ClientTether account, such as America/New_York or UTC.`,
    );
  }
  return zone;
}

/** Logs what a valid config may still get wrong, such as a time zone without daylight saving time. */
export function warnAboutConfig(config: ConnectorConfig, logger: Logger): void {
  const zoneWarning = fixedOffsetZoneWarning(config.timeZone);
  if (zoneWarning) {
    logger.warn(zoneWarning);
  }
}

/**
 * Returns a warning for a zone that never changes its offset although its name is not UTC, such
 * as EST or MST: an account in New York uses America/New_York, whose offset changes in summer.
 */
function fixedOffsetZoneWarning(zone: string): string | null {
  if (/^(UTC|GMT|Etc\/|Zulu|UCT|Universal)/i.test(zone)) {
    return null;
  }
  const year = new Date().getUTCFullYear();
  const january = DateTime.fromObject({ year, month: 1, day: 15 }, { zone }).offset;
  const july = DateTime.fromObject({ year, month: 7, day: 15 }, { zone }).offset;
  if (january !== july || zone.includes('/')) {
    return null;
  }
  return `time_zone ${zone} has the same UTC offset all year, with no daylight saving time. If your ClientTether account follows daylight saving time, use its region name, such as America/New_York, or timestamps are an hour off in summer.`;
}

/** Parses YYYY-MM-DD (midnight UTC) or an RFC 3339 date-time into epoch milliseconds. */
export function parseStartDate(value: string | undefined, now: Date): number | null {
  if (value === undefined || value.trim() === '') {
    return null;
  }

  const text = value.trim();
  const parsed = /^\d{4}-\d{2}-\d{2}$/.test(text)
    ? DateTime.fromISO(text, { zone: 'UTC' })
    : DateTime.fromISO(text.replace(' ', 'T'), { setZone: true });
  const hasOffset = /([Zz]|[+-]\d{2}:\d{2})$/.test(text);

  if (!parsed.isValid || (!hasOffset && text.length > 10)) {
    throw configError(
      `Config field start_date "${value}" is not a valid date. Use YYYY-MM-DD or an RFC 3339 date-time with a zone, such as 2024-01-01 or 2024-01-01T00:00:00Z.`,
    );
  }
  if (parsed.toMillis() > now.getTime()) {
    throw configError(
      `Config field start_date "${value}" is in the future, so no record would be synced. Use a past date such as 2024-01-01, or leave it empty to sync the whole history.`,
    );
  }
  return parsed.toMillis();
}

const LOOPBACK_HOSTS = /^(localhost|127(\.\d{1,3}){3}|\[::1\])$/i;

function parseApiUrl(value: string | undefined): URL {
  const text = value === undefined || value.trim() === '' ? DEFAULT_API_URL : value.trim();

  let url: URL;
  try {
    url = new URL(text);
  } catch {
    throw configError(`Config field api_url "${text}" is not a valid URL. Use ${DEFAULT_API_URL}, or leave it empty.`);
  }

  if (url.username || url.password) {
    throw configError(
      `Config field api_url must not contain a user name or password; ClientTether credentials go in access_token and web_key. Use ${DEFAULT_API_URL}.`,
    );
  }
  const isLoopback = LOOPBACK_HOSTS.test(url.hostname);
  if (url.protocol !== 'https:' && !(url.protocol === 'http:' && isLoopback)) {
    throw configError(
      `Config field api_url "${text}" must use https:// (http:// is allowed only for loopback addresses such as 127.0.0.1 or localhost). Use ${DEFAULT_API_URL}.`,
    );
  }
  if (!url.pathname.endsWith('/')) {
    url.pathname = `${url.pathname}/`;
  }
  url.search = '';
  url.hash = '';
  return url;
}
