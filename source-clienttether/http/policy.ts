/**
 * The one table that decides what every API outcome means: HTTP status, network error, timeout,
 * or the result code inside an HTTP 200. Everything that talks to ClientTether goes through it.
 */

export type Outcome =
  | { kind: 'timeout' }
  | { kind: 'network'; code: string }
  | { kind: 'response'; status: number; json: boolean; code: string | null; message: string | null; hasItems: boolean };

export type Action =
  | 'success'
  | 'end_of_list'
  | 'retry'
  | 'rate_limited'
  | 'credential_error'
  | 'config_error'
  | 'system_error';

export interface Rule {
  action: Action;
  /** Why, in words a log line or error message can reuse. */
  reason: string;
  matches(outcome: Outcome): boolean;
}

const CREDENTIAL_WORDS = /access[ _-]?token|web[ _-]?key|\btoken\b|unauthori[sz]ed|forbidden|credential|authenticat|api key/i;

const status = (outcome: Outcome): number | null => (outcome.kind === 'response' ? outcome.status : null);
const inBody = (outcome: Outcome) =>
  outcome.kind === 'response' && outcome.status >= 200 && outcome.status < 300 && outcome.json;
const bodyCode = (outcome: Outcome): string | null => (outcome.kind === 'response' ? outcome.code : null);
const bodyMessage = (outcome: Outcome): string => (outcome.kind === 'response' ? (outcome.message ?? '') : '');

/** First matching rule wins. */
export const POLICY: readonly Rule[] = [
  { action: 'retry', reason: 'the request timed out', matches: (o) => o.kind === 'timeout' },
  {
    action: 'config_error',
    reason: 'a credential contains characters that an HTTP header cannot carry',
    matches: (o) => o.kind === 'network' && /^ERR_INVALID_(CHAR|HEADER_VALUE)$/.test(o.code),
  },
  { action: 'retry', reason: 'the connection failed', matches: (o) => o.kind === 'network' },
  { action: 'rate_limited', reason: 'rate limited (HTTP 429)', matches: (o) => status(o) === 429 },
  { action: 'credential_error', reason: 'credentials rejected', matches: (o) => status(o) === 401 || status(o) === 403 },
  { action: 'retry', reason: 'server error', matches: (o) => (status(o) ?? 0) >= 500 || status(o) === 408 },
  { action: 'config_error', reason: 'redirected', matches: (o) => (status(o) ?? 0) >= 300 && (status(o) ?? 0) < 400 },
  { action: 'config_error', reason: 'operation not found (HTTP 404)', matches: (o) => status(o) === 404 },
  { action: 'system_error', reason: 'request rejected', matches: (o) => (status(o) ?? 0) >= 400 },
  { action: 'retry', reason: 'the answer was not a complete JSON object', matches: (o) => o.kind === 'response' && !o.json },
  { action: 'success', reason: 'success', matches: (o) => inBody(o) && bodyCode(o) === '200' },
  { action: 'end_of_list', reason: 'no record found', matches: (o) => inBody(o) && bodyCode(o) === '515' },
  { action: 'success', reason: 'success', matches: (o) => inBody(o) && bodyCode(o) === null && (o as { hasItems: boolean }).hasItems },
  {
    action: 'credential_error',
    reason: 'credentials rejected',
    matches: (o) => inBody(o) && (bodyCode(o) === '401' || bodyCode(o) === '403' || CREDENTIAL_WORDS.test(bodyMessage(o))),
  },
  { action: 'rate_limited', reason: 'rate limited', matches: (o) => inBody(o) && bodyCode(o) === '429' },
  { action: 'retry', reason: 'unknown server error', matches: (o) => inBody(o) && bodyCode(o) === '500' },
  { action: 'system_error', reason: 'unexpected result code', matches: () => true },
];

export function decide(outcome: Outcome): Rule {
  return POLICY.find((rule) => rule.matches(outcome)) as Rule;
}

export type RejectedCredential = 'access_token' | 'web_key' | 'unknown';

/** Reads which credential an error message names; both or neither is "unknown". */
export function rejectedCredential(message: string): RejectedCredential {
  const token = /access[ _-]?token|\btoken\b/i.test(message);
  const webKey = /web[ _-]?key/i.test(message);
  if (token && !webKey) {
    return 'access_token';
  }
  if (webKey && !token) {
    return 'web_key';
  }
  return 'unknown';
}
