import { warnAboutConfig, parseConfig, readConfigFile } from '../config';
import { configError, ConnectorError, toConnectorError } from '../errors';
import { readJsonFile } from '../files';
import type { ConfiguredAirbyteCatalog, ConfiguredAirbyteStream } from '../generated/protocol';
import { ApiError, ClientTetherClient } from '../http/client';
import type { Logger } from '../protocol/logger';
import { errorTraceMessage, streamStatusMessage } from '../protocol/messages';
import type { MessageWriter } from '../protocol/writer';
import { readInputState } from '../state';
import { AdaptiveConcurrency } from '../streams/concurrency';
import { findStream, supportedSyncModes, type StreamDeclaration } from '../streams/declarations';
import { StreamReader } from '../streams/reader';
import { TimestampParser } from '../timestamps';

export interface ReadArguments {
  config: string;
  catalog: string;
  state?: string;
}

const CATALOG_FIX = 'Pass --catalog with a configured catalog: a JSON object whose "streams" list names at least one stream.';

/**
 * Reads every configured stream in catalog order. A stream that fails ends INCOMPLETE with its own
 * ERROR trace, and the others still run. The exit code is 1 when any stream did not complete.
 */
export async function read(args: ReadArguments, writer: MessageWriter, logger: Logger, signal: AbortSignal): Promise<number> {
  const config = parseConfig(readConfigFile(args.config));
  const catalog = readCatalog(args.catalog);
  const state = readInputState(args.state, logger);

  const configuredNames = new Set(catalog.streams.map((configured) => configured.stream.name));
  for (const name of state.keys()) {
    if (!configuredNames.has(name)) {
      logger.info(`The state has an entry for stream ${name}, which is not in the catalog; it is left as it is.`);
    }
  }

  warnAboutConfig(config, logger);

  const concurrency = new AdaptiveConcurrency(config.pageConcurrency);
  const client = new ClientTetherClient(config, logger, { signal, onRateLimited: () => concurrency.onRateLimited() });
  const timestamps = new TimestampParser(config.timeZone);
  const failed: string[] = [];
  let rejectedCredentials: { stream: string; error: ApiError } | null = null;

  try {
    for (const configured of catalog.streams) {
      if (signal.aborted) {
        break;
      }
      const name = configured.stream.name;
      writer.emit(streamStatusMessage(name, 'STARTED'));

      if (rejectedCredentials) {
        // Every stream uses the same credentials, so the others would fail the same way.
        failed.push(name);
        const { stream: first, error } = rejectedCredentials;
        reportStreamFailure(name, configError(`Not read, because ClientTether rejected the credentials while reading ${first}. ${error.message}`), writer, logger);
        continue;
      }

      try {
        const stream = resolveStream(configured);
        const incremental = configured.sync_mode === 'incremental';
        const reader = new StreamReader(stream, incremental, { config, client, writer, logger, concurrency, timestamps });
        await reader.read(state.get(name));
        writer.emit(streamStatusMessage(name, 'COMPLETE'));
      } catch (error) {
        if (signal.aborted) {
          break;
        }
        failed.push(name);
        reportStreamFailure(name, error, writer, logger);
        if (error instanceof ApiError && error.credential !== undefined) {
          rejectedCredentials = { stream: name, error };
        }
      }
      await writer.drained();
    }
  } finally {
    client.close();
  }

  if (failed.length > 0) {
    logger.error(`The sync did not complete for: ${failed.join(', ')}. Each stream's ERROR trace gives the cause and the fix.`);
    return 1;
  }
  return signal.aborted ? 143 : 0;
}

function reportStreamFailure(stream: string, error: unknown, writer: MessageWriter, logger: Logger): void {
  const failure = toConnectorError(error);
  const resume = failure.failureType === 'transient_error' ? ' The next sync resumes from the last state this sync saved.' : '';
  const withResume = new ConnectorError(failure.failureType, `Stream ${stream}: ${failure.message}${resume}`, {
    internalMessage: failure.internalMessage,
    cause: failure.cause ?? failure,
  });

  logger.error(withResume.message);
  writer.emit(streamStatusMessage(stream, 'INCOMPLETE'));
  writer.emit(errorTraceMessage(withResume, stream));
}

function resolveStream(configured: ConfiguredAirbyteStream): StreamDeclaration {
  const stream = findStream(configured.stream.name);
  if (!stream) {
    throw configError(
      `The catalog asks for stream ${JSON.stringify(configured.stream.name)}, which this connector does not have. Refresh the source schema in Airbyte and select streams from the list it shows.`,
    );
  }

  const modes = supportedSyncModes(stream);
  if (!modes.includes(configured.sync_mode as 'full_refresh')) {
    throw configError(
      `Stream ${stream.name} does not support sync mode ${JSON.stringify(configured.sync_mode)}; it supports ${modes.join(' and ')}. Change the stream's sync mode in the connection.`,
    );
  }
  return stream;
}

function readCatalog(path: string): ConfiguredAirbyteCatalog {
  const file = readJsonFile(path, 'catalog', CATALOG_FIX);
  if (!file.found) {
    throw configError(`The catalog file ${path} was not found. ${CATALOG_FIX}`);
  }

  const catalog = file.value as { streams?: unknown } | undefined;
  if (file.empty || typeof catalog !== 'object' || catalog === null || !Array.isArray(catalog.streams)) {
    throw configError(`The catalog file ${path} has no "streams" list. ${CATALOG_FIX}`);
  }
  if (catalog.streams.length === 0) {
    throw configError(`The catalog file ${path} configures no stream, so there is nothing to read. ${CATALOG_FIX}`);
  }

  catalog.streams.forEach((configured, index) => {
    const name = (configured as ConfiguredAirbyteStream | null)?.stream?.name;
    if (typeof name !== 'string') {
      throw configError(`Catalog stream ${index} has no stream.name. ${CATALOG_FIX}`);
    }
  });
  return catalog as ConfiguredAirbyteCatalog;
}
