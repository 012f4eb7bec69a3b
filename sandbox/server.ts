/**
 * A local stand-in for the ClientTether API: a Node `http` server on 127.0.0.1 that serves the
 * read operations with deterministic data, switchable API variants (quirks), faults and a
 * controllable clock.
 */

import { createServer, Server } from 'node:http';
import { AddressInfo } from 'node:net';
import { SandboxAccount, createAccount } from './account';
import { Clock, DEFAULT_CLOCK_START, SandboxClock, parseInstant } from './clock';
import { Delays } from './delays';
import { FaultPlan, Faults } from './faults';
import {
  AccountOptions,
  AuthErrorForm,
  DEFAULT_ACCESS_TOKEN,
  DEFAULT_WEB_KEY,
  Quirks,
  resolveQuirks,
} from './options';
import { RequestHook, RequestLogEntry, SandboxState, handleRequest } from './request-handler';
import { AUTH_ERROR_FORMS } from './auth';

export { DEFAULT_ACCESS_TOKEN, DEFAULT_WEB_KEY, DOCUMENTED_PAGE_LIMIT } from './options';
export type { AccountOptions, AuthErrorForm, Quirks } from './options';
export type { SandboxAccount } from './account';
export { FIRST_CLIENT_ID, FIRST_OPPORTUNITY_ID } from './account';
export type { FaultKind, FaultOptions, FaultSpec, Faults } from './faults';
export { FAULT_KINDS } from './faults';
export type { RequestHook, RequestInfo, RequestLogEntry } from './request-handler';
export { OPERATION_NAMES } from './operations';
export { ARCHIVED_CONTACT_TYPE, CONTACT_TYPES } from './reference-data';
export { CREDENTIAL_MESSAGES, VAGUE_CREDENTIAL_MESSAGE } from './auth';
export { ZERO_DATE } from './timestamps';

export interface SandboxOptions {
  /** Default 0, a free port. */
  port?: number;
  /** Default DEFAULT_ACCESS_TOKEN. */
  accessToken?: string;
  /** Default one account: DEFAULT_WEB_KEY, 250 clients, seed 1, America/New_York. */
  accounts?: AccountOptions[];
  /** Default 'http401-json'. */
  authErrorForm?: AuthErrorForm;
  quirks?: Quirks;
  /** Delay in ms added to every request. */
  latencyMs?: number;
  /** Clock start, default 2026-01-15T12:00:00Z. Generated record times lie before it. */
  now?: Date | string;
  /** Stops the clock at `now` instead of letting it tick in real time. */
  freezeClock?: boolean;
}

export interface Sandbox {
  /** Base URL with a trailing slash, e.g. 'http://127.0.0.1:PORT/v2/api/'. */
  url: string;
  port: number;
  accessToken: string;
  clock: Clock;
  /** Returns the account of `webKey`, or the first account. */
  account(webKey?: string): SandboxAccount;
  faults: Faults;
  /** Adds a hook that runs, in order of addition, for every request before faults and the response. Returns a function that removes it. */
  onRequest(hook: RequestHook): () => void;
  /** Every request served so far, in order. */
  requests: RequestLogEntry[];
  /** Stops listening, closes keep-alive sockets and abandons delayed responses. */
  close(): Promise<void>;
}

export async function startSandbox(options: SandboxOptions = {}): Promise<Sandbox> {
  const state = createState(options);
  const server = createServer((request, serverResponse) => {
    handleRequest(state, request, serverResponse).catch((error: unknown) => {
      console.error('Sandbox request failed:', error);
      serverResponse.destroy();
    });
  });

  await listen(server, options.port ?? 0);
  const port = (server.address() as AddressInfo).port;

  return {
    url: `http://127.0.0.1:${port}/v2/api/`,
    port,
    accessToken: state.accessToken,
    clock: state.clock,
    account: (webKey) => findAccount(state, webKey),
    faults: state.faults,
    onRequest: (hook) => addHook(state, hook),
    requests: state.requests,
    close: () => closeServer(server, state),
  };
}

function createState(options: SandboxOptions): SandboxState {
  const start = parseInstant(options.now ?? DEFAULT_CLOCK_START);
  const clock = new SandboxClock(start, options.freezeClock ?? false);
  const quirks = resolveQuirks(options.quirks);
  const environment = { clock, anchorMs: start.getTime(), quirks };
  const accounts = new Map<string, SandboxAccount>();

  for (const accountOptions of options.accounts ?? [{ webKey: DEFAULT_WEB_KEY }]) {
    if (accounts.has(accountOptions.webKey)) {
      throw new Error(`Duplicate web key ${JSON.stringify(accountOptions.webKey)}: each account needs its own`);
    }
    accounts.set(accountOptions.webKey, createAccount(accountOptions, environment));
  }

  return {
    clock,
    accessToken: validateAccessToken(options.accessToken ?? DEFAULT_ACCESS_TOKEN),
    accounts,
    authErrorForm: validateAuthErrorForm(options.authErrorForm ?? 'http401-json'),
    quirks,
    latencyMs: validateLatency(options.latencyMs ?? 0),
    faults: new FaultPlan(),
    hooks: [],
    requests: [],
    delays: new Delays(),
  };
}

function findAccount(state: SandboxState, webKey: string | undefined): SandboxAccount {
  const account = webKey === undefined ? state.accounts.values().next().value : state.accounts.get(webKey);

  if (account === undefined) {
    throw new Error(`No sandbox account has web key ${JSON.stringify(webKey)}`);
  }

  return account;
}

function addHook(state: SandboxState, hook: RequestHook): () => void {
  state.hooks.push(hook);

  return () => {
    const position = state.hooks.indexOf(hook);
    if (position >= 0) {
      state.hooks.splice(position, 1);
    }
  };
}

function listen(server: Server, port: number): Promise<void> {
  return new Promise((resolve, reject) => {
    server.once('error', reject);
    server.listen(port, '127.0.0.1', () => {
      server.off('error', reject);
      resolve();
    });
  });
}

function closeServer(server: Server, state: SandboxState): Promise<void> {
  state.delays.stopAll();

  return new Promise((resolve) => {
    server.close(() => resolve());
    server.closeAllConnections();
  });
}

function validateAccessToken(token: string): string {
  if (token.trim() === '') {
    throw new Error('Invalid access token: expected a non-empty string');
  }

  return token;
}

function validateAuthErrorForm(form: AuthErrorForm): AuthErrorForm {
  if (!AUTH_ERROR_FORMS.includes(form)) {
    throw new Error(`Invalid auth error form ${JSON.stringify(form)}: expected one of ${AUTH_ERROR_FORMS.join(', ')}`);
  }

  return form;
}

function validateLatency(latencyMs: number): number {
  if (!(latencyMs >= 0)) {
    throw new Error(`Invalid latencyMs ${latencyMs}: expected a number of milliseconds of at least 0`);
  }

  return latencyMs;
}
