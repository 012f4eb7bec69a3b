/** Shared helpers of the sandbox tests: HTTP calls with the sandbox credentials and envelope access. */

import { DEFAULT_WEB_KEY, Sandbox, SandboxOptions, startSandbox } from '../../sandbox/server';

export interface FetchedResponse {
  status: number;
  headers: Headers;
  text: string;
}

export type Envelope = Record<string, unknown> & { data?: unknown[] };

/** Sends a GET to `path` under the sandbox's base URL with valid credentials unless `headers` replaces them. */
export async function get(
  sandbox: Sandbox,
  path: string,
  headers: Record<string, string> = credentials(sandbox),
  init: RequestInit = {},
): Promise<FetchedResponse> {
  const response = await fetch(sandbox.url + path, { ...init, headers });
  const text = await response.text();
  return { status: response.status, headers: response.headers, text };
}

/** Sends a GET and parses the JSON body. Throws when the status is not 200. */
export async function getJson(sandbox: Sandbox, path: string, headers?: Record<string, string>): Promise<Envelope> {
  const response = await get(sandbox, path, headers);

  if (response.status !== 200) {
    throw new Error(`GET ${path} returned HTTP ${response.status}: ${response.text}`);
  }

  return JSON.parse(response.text) as Envelope;
}

export function credentials(sandbox: Sandbox, webKey: string = DEFAULT_WEB_KEY): Record<string, string> {
  return { 'X-Access-Token': sandbox.accessToken, 'X-Web-Key': webKey };
}

export function rows(envelope: Envelope): Array<Record<string, unknown>> {
  if (!Array.isArray(envelope.data)) {
    throw new Error(`Envelope has no data array: ${JSON.stringify(envelope)}`);
  }

  return envelope.data as Array<Record<string, unknown>>;
}

/** Reads a whole list by offset paging, advancing by the rows received, as a careful client does. */
export async function readAll(sandbox: Sandbox, operation: string, limit = 100): Promise<Array<Record<string, unknown>>> {
  const all: Array<Record<string, unknown>> = [];

  for (let page = 0; page < 100_000; page++) {
    const envelope = await getJson(sandbox, `${operation}?limit=${limit}&offset=${all.length}`);
    if (!Array.isArray(envelope.data) || envelope.data.length === 0) {
      return all;
    }
    all.push(...rows(envelope));
  }

  throw new Error(`${operation} did not end within 100000 pages`);
}

/** Starts a sandbox with `options`, runs `body` against it and closes it, also when `body` fails. */
export async function withSandbox<T>(options: SandboxOptions, body: (sandbox: Sandbox) => Promise<T>): Promise<T> {
  const sandbox = await startSandbox(options);

  try {
    return await body(sandbox);
  } finally {
    await sandbox.close();
  }
}
