/**
 * Credential checks. Each request carries `X-Access-Token` and `X-Web-Key`. The token must match
 * the server's, and the web key selects the account. Each failure has its own message unless the
 * vague quirk hides which credential failed.
 */

import { IncomingHttpHeaders } from 'node:http';
import { SandboxAccount } from './account';
import { SandboxResponse, htmlResponse, jsonResponse } from './responses';
import { errorEnvelope } from './envelope';
import { AuthErrorForm, ResultCodeKey } from './options';

export type CredentialFailure =
  | 'missing-both'
  | 'missing-access-token'
  | 'missing-web-key'
  | 'invalid-access-token'
  | 'invalid-web-key';

export const CREDENTIAL_MESSAGES: Readonly<Record<CredentialFailure, string>> = {
  'missing-both': 'Missing X-Access-Token and X-Web-Key headers',
  'missing-access-token': 'Missing X-Access-Token header',
  'missing-web-key': 'Missing X-Web-Key header',
  'invalid-access-token': 'Invalid access token',
  'invalid-web-key': 'Invalid web key',
};

export const VAGUE_CREDENTIAL_MESSAGE = 'Authentication failed';

export type Authentication = { account: SandboxAccount } | { failure: CredentialFailure };

export function authenticate(
  headers: IncomingHttpHeaders,
  accessToken: string,
  accounts: ReadonlyMap<string, SandboxAccount>,
): Authentication {
  const token = headerValue(headers['x-access-token']);
  const webKey = headerValue(headers['x-web-key']);

  if (token === '' && webKey === '') {
    return { failure: 'missing-both' };
  }
  if (token === '') {
    return { failure: 'missing-access-token' };
  }
  if (webKey === '') {
    return { failure: 'missing-web-key' };
  }
  if (token !== accessToken) {
    return { failure: 'invalid-access-token' };
  }

  const account = accounts.get(webKey);
  return account === undefined ? { failure: 'invalid-web-key' } : { account };
}

export function credentialFailureResponse(
  failure: CredentialFailure,
  form: AuthErrorForm,
  vague: boolean,
  resultCodeKey: ResultCodeKey,
): SandboxResponse {
  const message = vague ? VAGUE_CREDENTIAL_MESSAGE : CREDENTIAL_MESSAGES[failure];

  switch (form) {
    case 'http401-json':
      return jsonResponse(401, errorEnvelope(resultCodeKey, 'CT401', message));
    case 'http403-json':
      return jsonResponse(403, errorEnvelope(resultCodeKey, 'CT403', message));
    case 'http401-text':
      return htmlResponse(401, '401 Unauthorized', message);
    case 'http403-text':
      return htmlResponse(403, '403 Forbidden', message);
    case 'http200-code':
      return jsonResponse(200, errorEnvelope(resultCodeKey, 'CT401', message));
  }
}

export const AUTH_ERROR_FORMS: readonly AuthErrorForm[] = [
  'http401-json',
  'http403-json',
  'http401-text',
  'http403-text',
  'http200-code',
];

/** Returns the header's trimmed value, or '' when it is absent. */
function headerValue(value: string | string[] | undefined): string {
  const single = Array.isArray(value) ? value[0] : value;
  return (single ?? '').trim();
}
