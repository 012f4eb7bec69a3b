/**
 * The path of one HTTP request through the sandbox: latency, request hooks, faults, then
 * credentials and the operation, and finally the response with the sandbox clock's Date header.
 */

import { IncomingMessage, ServerResponse } from 'node:http';
import { SandboxAccount } from './account';
import { SandboxResponse, htmlResponse, jsonResponse } from './responses';
import { authenticate, credentialFailureResponse } from './auth';
import { Clock } from './clock';
import { Delays } from './delays';
import { buildEnvelope, errorEnvelope, resultCodeKeyFor } from './envelope';
import { replacementResponse } from './fault-responses';
import { ActiveFault, DEFAULT_SLOW_DELAY_MS, FaultPlan } from './faults';
import { runOperation } from './operations';
import { AuthErrorForm, ResolvedQuirks } from './options';

export const API_PATH_PREFIX = '/v2/api/';

export interface RequestInfo {
  operation: string;
  offset: number;
  limit: number;
  webKey: string | undefined;
}

export type RequestHook = (request: RequestInfo) => void | Promise<void>;

export interface RequestLogEntry {
  operation: string;
  /** The query's offset and limit as whole numbers, or null when absent or not a whole number. */
  offset: number | null;
  limit: number | null;
  /** HTTP status sent, or 0 when no response was delivered (dropped, or the client closed first). */
  status: number;
  resultCode: string | null;
  webKey: string | undefined;
}

export interface SandboxState {
  clock: Clock;
  accessToken: string;
  accounts: ReadonlyMap<string, SandboxAccount>;
  authErrorForm: AuthErrorForm;
  quirks: ResolvedQuirks;
  latencyMs: number;
  faults: FaultPlan;
  hooks: RequestHook[];
  requests: RequestLogEntry[];
  delays: Delays;
}

interface ParsedRequest {
  /** Operation name, or the whole path when it is outside the API prefix. */
  operation: string;
  isApiPath: boolean;
  pathArgument: string | undefined;
  rawOffset: string | null;
  rawLimit: string | null;
  webKey: string | undefined;
}

export async function handleRequest(state: SandboxState, request: IncomingMessage, serverResponse: ServerResponse): Promise<void> {
  const parsed = parseRequest(request);

  await state.delays.wait(state.latencyMs);

  const hookFailure = await runHooks(state, parsed);
  const fault = hookFailure ? undefined : state.faults.take(parsed.operation);

  if (fault?.kind === 'slow') {
    await state.delays.wait(fault.delayMs ?? DEFAULT_SLOW_DELAY_MS);
  }
  if (fault?.kind === 'drop') {
    request.socket.destroy();
    logRequest(state, parsed, undefined);
    return;
  }

  const response = hookFailure ?? responseWithFault(state, parsed, request, fault);
  const delivered = sendResponse(serverResponse, response, state.clock.now(), fault?.kind === 'truncated');
  logRequest(state, parsed, delivered ? response : undefined);
}

function responseWithFault(
  state: SandboxState,
  parsed: ParsedRequest,
  request: IncomingMessage,
  fault: ActiveFault | undefined,
): SandboxResponse {
  const resultCodeKey = resultCodeKeyFor(parsed.operation, state.quirks);
  const replacement = fault === undefined ? undefined : replacementResponse(fault, state.clock.now(), resultCodeKey);
  return replacement ?? buildResponse(state, parsed, request);
}

/** Builds the response the API sends when nothing goes wrong in transport. */
function buildResponse(state: SandboxState, parsed: ParsedRequest, request: IncomingMessage): SandboxResponse {
  const resultCodeKey = resultCodeKeyFor(parsed.operation, state.quirks);

  if (!parsed.isApiPath) {
    return htmlResponse(404, '404 Not Found', 'The requested URL was not found on this server.');
  }
  if (request.method !== 'GET') {
    const message = `Method ${request.method} is not supported: the sandbox serves GET reads only`;
    return jsonResponse(405, errorEnvelope(resultCodeKey, 'CT400', message));
  }

  const authentication = authenticate(request.headers, state.accessToken, state.accounts);
  if ('failure' in authentication) {
    return credentialFailureResponse(authentication.failure, state.authErrorForm, state.quirks.vagueAuthErrors, resultCodeKey);
  }

  const result = runOperation(parsed.operation, { ...parsed, account: authentication.account, quirks: state.quirks });
  return jsonResponse(200, buildEnvelope(result, parsed.operation, state.quirks));
}

/** Runs the hooks in order. A hook that throws replaces the response with a 500 that names the error. */
async function runHooks(state: SandboxState, parsed: ParsedRequest): Promise<SandboxResponse | undefined> {
  const info: RequestInfo = {
    operation: parsed.operation,
    offset: wholeNumber(parsed.rawOffset) ?? 0,
    limit: wholeNumber(parsed.rawLimit) ?? state.quirks.limitClamp,
    webKey: parsed.webKey,
  };

  try {
    for (const hook of state.hooks) {
      await hook(info);
    }
    return undefined;
  } catch (error) {
    const message = `Sandbox request hook failed: ${error instanceof Error ? error.message : String(error)}`;
    console.error(message);
    return jsonResponse(500, errorEnvelope(resultCodeKeyFor(parsed.operation, state.quirks), 'CT500', message));
  }
}

/**
 * Sends the response with the sandbox clock's Date header. A truncated response declares its full
 * length, sends half the body and closes the socket. Returns false when the client had left.
 */
function sendResponse(serverResponse: ServerResponse, response: SandboxResponse, now: Date, truncate: boolean): boolean {
  if (serverResponse.destroyed || serverResponse.socket === null || serverResponse.socket.destroyed) {
    return false;
  }

  const body = Buffer.from(response.body, 'utf8');
  serverResponse.writeHead(response.status, { ...response.headers, Date: now.toUTCString(), 'Content-Length': body.length });

  if (truncate) {
    serverResponse.write(body.subarray(0, Math.floor(body.length / 2)), () => serverResponse.destroy());
  } else {
    serverResponse.end(body);
  }

  return true;
}

function parseRequest(request: IncomingMessage): ParsedRequest {
  const url = new URL(request.url ?? '/', 'http://127.0.0.1');
  const webKeyHeader = request.headers['x-web-key'];
  const webKey = Array.isArray(webKeyHeader) ? webKeyHeader[0] : webKeyHeader;
  const query = { rawOffset: url.searchParams.get('offset'), rawLimit: url.searchParams.get('limit'), webKey };

  if (!url.pathname.startsWith(API_PATH_PREFIX)) {
    return { operation: url.pathname, isApiPath: false, pathArgument: undefined, ...query };
  }

  const [operation, pathArgument] = url.pathname.slice(API_PATH_PREFIX.length).split('/').map(decodePathSegment);
  return { operation, isApiPath: true, pathArgument, ...query };
}

function decodePathSegment(segment: string): string {
  try {
    return decodeURIComponent(segment);
  } catch {
    return segment;
  }
}

function logRequest(state: SandboxState, parsed: ParsedRequest, response: SandboxResponse | undefined): void {
  state.requests.push({
    operation: parsed.operation,
    offset: wholeNumber(parsed.rawOffset),
    limit: wholeNumber(parsed.rawLimit),
    status: response?.status ?? 0,
    resultCode: response?.resultCode ?? null,
    webKey: parsed.webKey,
  });
}

function wholeNumber(raw: string | null): number | null {
  return raw !== null && /^\d+$/.test(raw) ? Number(raw) : null;
}
