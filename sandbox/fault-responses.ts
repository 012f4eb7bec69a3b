/** The HTTP responses of the faults that replace or damage a normal response. */

import { SandboxResponse, htmlResponse, jsonResponse } from './responses';
import { errorEnvelope } from './envelope';
import { ActiveFault } from './faults';
import { ResultCodeKey } from './options';

const SERVER_ERROR_TITLES: Readonly<Record<string, string>> = {
  '500': '500 Internal Server Error',
  '502': '502 Bad Gateway',
  '503': '503 Service Unavailable',
};

/**
 * Returns the response that replaces the normal one, or undefined for faults that only delay,
 * drop or cut the normal response.
 */
export function replacementResponse(fault: ActiveFault, now: Date, resultCodeKey: ResultCodeKey): SandboxResponse | undefined {
  switch (fault.kind) {
    case '429':
      return rateLimitResponse(fault, now);
    case '500':
    case '502':
    case '503':
      return htmlResponse(Number(fault.kind), SERVER_ERROR_TITLES[fault.kind], 'The server could not complete the request. Try again later.');
    case 'non-json':
      return htmlResponse(200, 'Scheduled Maintenance', 'The site is down for maintenance and will be back shortly.');
    case 'error-code':
      return jsonResponse(200, errorEnvelope(resultCodeKey, 'CT500', 'Unknown error'));
    default:
      return undefined;
  }
}

/** Retry-After as an HTTP date counts from the sandbox clock, which the Date header shows too. */
function rateLimitResponse(fault: ActiveFault, now: Date): SandboxResponse {
  const headers: Record<string, string> = { 'Content-Type': 'text/plain; charset=utf-8' };

  if (fault.retryAfterDate) {
    const seconds = fault.retryAfterSeconds ?? 1;
    headers['Retry-After'] = new Date(now.getTime() + seconds * 1000).toUTCString();
  } else if (fault.retryAfterSeconds !== undefined) {
    headers['Retry-After'] = String(fault.retryAfterSeconds);
  }

  return { status: 429, headers, body: 'Too Many Requests\n', resultCode: null };
}
