import { warnAboutConfig, parseConfig, readConfigFile, type ConnectorConfig } from '../config';
import { ConnectorError } from '../errors';
import { ApiError, CHECK_RETRY_BUDGET, ClientTetherClient } from '../http/client';
import type { Logger } from '../protocol/logger';
import type { MessageWriter } from '../protocol/writer';
import { STREAMS } from '../streams/declarations';

const CREDENTIAL_ADVICE = {
  access_token:
    "ClientTether rejected the Access Token. Copy the current Access Token from Settings → API of your ClientTether Enterprise account into the source's Access Token field. ClientTether changes this token by itself when the enterprise user's name, user level or white label changes.",
  web_key:
    "ClientTether rejected the Web Key. Copy the Web Key from Settings → API of the ClientTether account you want to sync into the source's Web Key field.",
  unknown:
    'ClientTether rejected the credentials without saying which one. Check both in ClientTether: the Access Token under Settings → API of the Enterprise account, and the Web Key under Settings → API of the account to sync.',
};

/**
 * Validates the config, then makes one small authenticated request per stream. Every problem the
 * user can fix, including rejected credentials, returns FAILED with exit code 0.
 */
export async function check(configPath: string, writer: MessageWriter, logger: Logger): Promise<number> {
  // A file that is missing or not a JSON object is not a setting the user can fix in the UI, so it
  // ends with an ERROR trace and exit code 1. Invalid settings return FAILED.
  const raw = readConfigFile(configPath);
  let config: ConnectorConfig;
  try {
    config = parseConfig(raw);
  } catch (error) {
    if (error instanceof ConnectorError && error.failureType === 'config_error') {
      return failed(writer, error.message);
    }
    throw error;
  }

  warnAboutConfig(config, logger);

  const client = new ClientTetherClient(config, logger, { budget: CHECK_RETRY_BUDGET });
  try {
    const message = await firstProblem(client, logger);
    if (message !== null) {
      return failed(writer, message);
    }
    writer.emit({ type: 'CONNECTION_STATUS', connectionStatus: { status: 'SUCCEEDED' } });
    return 0;
  } finally {
    client.close();
  }
}

async function firstProblem(client: ClientTetherClient, logger: Logger): Promise<string | null> {
  // The first stream shows whether the credentials work at all, and the rest whether they reach every stream.
  const [first, ...rest] = STREAMS;
  const firstError = await tryRead(client, first.operation);
  if (firstError) {
    return describe(firstError, client.host);
  }

  const errors = await Promise.all(rest.map((stream) => tryRead(client, stream.operation)));
  const unreadable = rest.map((stream, index) => ({ stream, error: errors[index] })).filter(({ error }) => error !== null);
  if (unreadable.length === 0) {
    logger.info(`Connection check passed: the credentials read ${STREAMS.map((stream) => stream.name).join(', ')}.`);
    return null;
  }

  const list = unreadable.map(({ stream, error }) => `${stream.name} (${(error as ApiError).detail})`).join('; ');
  return `The credentials work for ${first.name}, but these streams cannot be read: ${list}. Check that the enterprise user may read them, or leave those streams out of the connection.`;
}

async function tryRead(client: ClientTetherClient, operation: string): Promise<ApiError | null> {
  try {
    await client.list(operation, 0, 1);
    return null;
  } catch (error) {
    if (error instanceof ApiError) {
      return error;
    }
    throw error;
  }
}

function describe(error: ApiError, host: string): string {
  if (error.action === 'credential_error') {
    return CREDENTIAL_ADVICE[error.credential ?? 'unknown'];
  }
  if (error.action === 'rate_limited') {
    return `ClientTether is rate limiting this account (${error.detail}), so the credentials could not be checked. Try again in a few minutes.`;
  }
  if (error.action === 'retry' && /^(connection failed|timed out)/.test(error.detail)) {
    return `Could not reach the ClientTether API at ${host}: ${error.detail}. Check the API URL and that this machine can reach ${host}.`;
  }
  return error.message;
}

function failed(writer: MessageWriter, message: string): number {
  writer.emit({ type: 'CONNECTION_STATUS', connectionStatus: { status: 'FAILED', message } });
  return 0;
}
