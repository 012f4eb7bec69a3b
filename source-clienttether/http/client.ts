import { setTimeout as sleep } from 'node:timers/promises';

import axios, { type AxiosInstance, type AxiosResponse } from 'axios';

import type { ConnectorConfig } from '../config';
import { ConnectorError } from '../errors';
import type { Logger } from '../protocol/logger';
import { keepAliveAgents } from './agent';
import { parseEnvelope, type Envelope } from './envelope';
import { decide, rejectedCredential, type Outcome, type RejectedCredential, type Rule } from './policy';

/** How long and how often one request may be retried. */
export interface RetryBudget {
  maxAttempts: number;
  maxTotalMs: number;
  baseDelayMs: number;
  maxDelayMs: number;
  /** Give up at the first 429 instead of waiting, so `check` returns within seconds. */
  failFastOnRateLimit: boolean;
}

export const READ_RETRY_BUDGET: RetryBudget = {
  maxAttempts: 8,
  maxTotalMs: 10 * 60_000,
  baseDelayMs: 1000,
  maxDelayMs: 60_000,
  failFastOnRateLimit: false,
};

export const CHECK_RETRY_BUDGET: RetryBudget = {
  maxAttempts: 2,
  maxTotalMs: 15_000,
  baseDelayMs: 1000,
  maxDelayMs: 5000,
  failFastOnRateLimit: true,
};

export interface ApiPage {
  items: unknown[];
  total: number | null;
  endOfList: boolean;
  /** The server's clock from the HTTP Date header, epoch milliseconds. */
  serverDateMs: number | null;
  /** When the successful request was sent and its response received, on this machine's clock. */
  sentAtMs: number;
  answeredAtMs: number;
}

/** An API failure that the policy table classified and the retries could not recover. */
export class ApiError extends ConnectorError {
  constructor(
    failureType: ConstructorParameters<typeof ConnectorError>[0],
    message: string,
    readonly action: Rule['action'],
    readonly context: string,
    readonly detail: string,
    readonly credential?: RejectedCredential,
  ) {
    super(failureType, message, { internalMessage: `${context}: ${detail}` });
    this.name = 'ApiError';
  }
}

export const CREDENTIALS_CHANGED_ADVICE =
  'The credentials have changed or been revoked: update the source with the current Access Token and Web Key from ClientTether Settings → API.';

const TOKEN_ROTATION_NOTE =
  " ClientTether changes the Access Token by itself when the enterprise user's name, user level or white label changes.";

export interface ClientOptions {
  budget?: RetryBudget;
  signal?: AbortSignal;
  /** Called on every rate-limited response, so paging can lower its concurrency. */
  onRateLimited?: () => void;
  random?: () => number;
}

interface Attempt {
  rule: Rule;
  outcome: Outcome;
  envelope: Envelope | null;
  response: AxiosResponse<string> | null;
  detail: string;
  sentAtMs: number;
  answeredAtMs: number;
}

/**
 * The one HTTP client for ClientTether. It sends both credential headers on every request and never
 * puts them in the URL. It keeps connections alive for the whole sync, classifies every outcome
 * with the policy table, and retries with exponential backoff and jitter within a budget.
 */
export class ClientTetherClient {
  private readonly http: AxiosInstance;
  private readonly agents: ReturnType<typeof keepAliveAgents>;
  private readonly budget: RetryBudget;
  readonly host: string;
  retries = 0;

  constructor(
    config: ConnectorConfig,
    private readonly logger: Logger,
    private readonly options: ClientOptions = {},
  ) {
    this.budget = options.budget ?? READ_RETRY_BUDGET;
    this.host = config.apiUrl.host;
    this.agents = keepAliveAgents(config.connectTimeoutMs);
    this.http = axios.create({
      baseURL: config.apiUrl.toString(),
      timeout: config.requestTimeoutMs,
      headers: { 'X-Access-Token': config.accessToken, 'X-Web-Key': config.webKey, Accept: 'application/json' },
      httpAgent: this.agents.httpAgent,
      httpsAgent: this.agents.httpsAgent,
      // A redirect could carry the credential headers to another host, so none is followed.
      maxRedirects: 0,
      responseType: 'text',
      transformResponse: [(data: string) => data],
      validateStatus: () => true,
      signal: options.signal,
    });
  }

  /** Requests one page of a list operation. */
  async list(operation: string, offset: number, limit: number): Promise<ApiPage> {
    const context = `${operation} at offset ${offset}`;
    const startedAt = Date.now();

    for (let attemptNumber = 1; ; attemptNumber++) {
      const attempt = await this.attempt(operation, { limit, offset });
      const { rule } = attempt;

      if (rule.action === 'success' || rule.action === 'end_of_list') {
        return this.toPage(attempt);
      }
      if (rule.action !== 'retry' && rule.action !== 'rate_limited') {
        throw this.failure(attempt, context);
      }

      if (rule.action === 'rate_limited') {
        this.options.onRateLimited?.();
      }
      const delayMs = this.retryDelay(attempt, attemptNumber);
      const elapsedMs = Date.now() - startedAt;
      const giveUp =
        (rule.action === 'rate_limited' && this.budget.failFastOnRateLimit) ||
        attemptNumber >= this.budget.maxAttempts ||
        elapsedMs + delayMs > this.budget.maxTotalMs;
      if (giveUp) {
        throw this.exhausted(attempt, context, attemptNumber, elapsedMs);
      }

      this.retries++;
      this.logger.warn(
        `${context}: ${attempt.detail} (attempt ${attemptNumber} of ${this.budget.maxAttempts}); retrying in ${(delayMs / 1000).toFixed(1)} s.`,
      );
      await sleep(delayMs, undefined, { signal: this.options.signal });
    }
  }

  close(): void {
    this.agents.httpAgent.destroy();
    this.agents.httpsAgent.destroy();
  }

  private async attempt(operation: string, params: Record<string, number>): Promise<Attempt> {
    const sentAtMs = Date.now();
    let response: AxiosResponse<string>;
    try {
      response = await this.http.get<string>(operation, { params });
    } catch (error) {
      return this.networkAttempt(error, sentAtMs);
    }

    const answeredAtMs = Date.now();
    const body = parseJsonObject(response.data);
    const envelope = body ? parseEnvelope(body) : null;
    const outcome: Outcome = {
      kind: 'response',
      status: response.status,
      json: body !== null,
      code: envelope?.code ?? null,
      message: envelope?.message ?? (body ? null : textSnippet(response.data)),
      hasItems: envelope?.items !== null && envelope?.items !== undefined,
    };
    const rule = decide(outcome);
    const detail = describe(outcome, rule);
    if (this.logger.debugEnabled) {
      this.logger.debug(`GET ${operation} limit=${params.limit} offset=${params.offset}: ${detail} in ${answeredAtMs - sentAtMs} ms (${rule.action}).`);
    }
    return { rule, outcome, envelope, response, detail, sentAtMs, answeredAtMs };
  }

  private networkAttempt(error: unknown, sentAtMs: number): Attempt {
    if (axios.isCancel(error) || (error as Error).name === 'AbortError' || this.options.signal?.aborted) {
      throw error;
    }

    // Only the error code is kept: axios errors carry the request config, headers included.
    const code = String((error as { code?: string }).code ?? 'ERR_UNKNOWN');
    const outcome: Outcome =
      code === 'ECONNABORTED' || code === 'ETIMEDOUT' || code === 'ECONNTIMEDOUT' ? { kind: 'timeout' } : { kind: 'network', code };
    const rule = decide(outcome);
    const detail = outcome.kind === 'timeout' ? `timed out (${code})` : `connection failed (${code})`;
    return { rule, outcome, envelope: null, response: null, detail, sentAtMs, answeredAtMs: Date.now() };
  }

  private toPage(attempt: Attempt): ApiPage {
    const envelope = attempt.envelope as Envelope;
    const serverDateMs = serverDateOf(attempt);

    return {
      items: attempt.rule.action === 'end_of_list' ? [] : (envelope.items ?? []),
      total: envelope.total,
      endOfList: attempt.rule.action === 'end_of_list',
      serverDateMs,
      sentAtMs: attempt.sentAtMs,
      answeredAtMs: attempt.answeredAtMs,
    };
  }

  /** Backoff with jitter (half to all of the exponential delay). A Retry-After header wins when present. */
  private retryDelay(attempt: Attempt, attemptNumber: number): number {
    const retryAfter = retryAfterMs(attempt.response?.headers['retry-after'], serverDateOf(attempt) ?? Date.now());
    if (retryAfter !== null) {
      return retryAfter;
    }
    const ceiling = Math.min(this.budget.maxDelayMs, this.budget.baseDelayMs * 2 ** (attemptNumber - 1));
    const random = this.options.random ?? Math.random;
    return Math.round(ceiling / 2 + (random() * ceiling) / 2);
  }

  private failure(attempt: Attempt, context: string): ApiError {
    const { rule, detail } = attempt;

    if (rule.action === 'credential_error') {
      const credential = rejectedCredential(attempt.outcome.kind === 'response' ? (attempt.outcome.message ?? '') : '');
      const rejected = CREDENTIAL_NAMES[credential];
      return new ApiError(
        'config_error',
        `ClientTether rejected ${rejected} (${detail}). ${CREDENTIALS_CHANGED_ADVICE}${credential === 'web_key' ? '' : TOKEN_ROTATION_NOTE}`,
        rule.action,
        context,
        detail,
        credential,
      );
    }
    if (rule.action === 'config_error' && attempt.outcome.kind === 'network') {
      return new ApiError(
        'config_error',
        `The Access Token or the Web Key contains characters that an HTTP header cannot carry. Copy both again from ClientTether Settings → API.`,
        rule.action,
        context,
        detail,
        'unknown',
      );
    }
    if (rule.action === 'config_error') {
      const location = attempt.response?.headers.location ? ` to ${String(attempt.response.headers.location).split('?')[0]}` : '';
      return new ApiError(
        'config_error',
        `The API at ${this.host} answered ${context} with ${detail}${location}. Check api_url: ClientTether's API is at https://api.clienttether.com/v2/api/.`,
        rule.action,
        context,
        detail,
      );
    }
    return new ApiError(
      'system_error',
      `ClientTether answered ${context} with ${detail}, which the connector does not know how to handle.`,
      rule.action,
      context,
      detail,
    );
  }

  private exhausted(attempt: Attempt, context: string, attempts: number, elapsedMs: number): ApiError {
    const unreachable = attempt.outcome.kind === 'network' ? ` Could not reach the ClientTether API at ${this.host}.` : '';
    const rateLimited = attempt.rule.action === 'rate_limited' ? ' ClientTether is rate limiting this account; try again later.' : '';
    return new ApiError(
      'transient_error',
      `The ClientTether API kept failing for ${context}: ${attempt.detail} after ${attempts} attempt(s) in ${Math.round(elapsedMs / 1000)} s.${unreachable}${rateLimited}`,
      attempt.rule.action,
      context,
      attempt.detail,
    );
  }
}

const CREDENTIAL_NAMES: Record<RejectedCredential, string> = {
  access_token: 'the Access Token',
  web_key: 'the Web Key',
  unknown: 'the Access Token or the Web Key',
};

function describe(outcome: Outcome, rule: Rule): string {
  if (outcome.kind !== 'response') {
    return rule.reason;
  }
  const code = outcome.code ? `, result code ${outcome.code}` : '';
  const message = outcome.message ? `: ${outcome.message}` : '';
  return `HTTP ${outcome.status}${code}${message}`;
}

/** Reads the server's clock from the response's Date header, in epoch milliseconds. */
function serverDateOf(attempt: Attempt): number | null {
  const header = attempt.response?.headers.date;
  const epochMs = typeof header === 'string' ? Date.parse(header) : NaN;
  return Number.isNaN(epochMs) ? null : epochMs;
}

function parseJsonObject(text: unknown): Record<string, unknown> | null {
  if (typeof text !== 'string') {
    return null;
  }
  try {
    const value: unknown = JSON.parse(text);
    return typeof value === 'object' && value !== null && !Array.isArray(value) ? (value as Record<string, unknown>) : null;
  } catch {
    return null;
  }
}

/** Extracts the start of a non-JSON body as one short line, so an HTML error page still yields a message. */
function textSnippet(text: unknown): string | null {
  if (typeof text !== 'string' || text.trim() === '') {
    return null;
  }
  return text.replace(/<[^>]*>/g, ' ').replace(/\s+/g, ' ').trim().slice(0, 160) || null;
}

/** Reads Retry-After in seconds or as an HTTP date, which counts from the server's own clock. */
export function retryAfterMs(header: unknown, serverNowMs: number = Date.now()): number | null {
  if (typeof header !== 'string' || header.trim() === '') {
    return null;
  }
  const text = header.trim();
  if (/^\d+$/.test(text)) {
    return Number(text) * 1000;
  }
  const date = Date.parse(text);
  return Number.isNaN(date) ? null : Math.max(0, date - serverNowMs);
}
