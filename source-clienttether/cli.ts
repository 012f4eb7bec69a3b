import yargs from 'yargs';

import { check } from './commands/check';
import { discover } from './commands/discover';
import { read } from './commands/read';
import { spec } from './commands/spec';
import { CONNECTION_SPECIFICATION } from './config';
import { configError, ConnectorError, toConnectorError } from './errors';
import { readJsonFile } from './files';
import { Logger, levelFromEnvironment } from './protocol/logger';
import { errorTraceMessage } from './protocol/messages';
import type { MessageWriter } from './protocol/writer';
import { secretValuesOf, SecretFilter } from './secrets';

interface Arguments {
  command: string;
  config?: string;
  catalog?: string;
  state?: string;
  debug: boolean;
}

/** Parses the Airbyte command line: spec, check --config, discover --config, read --config --catalog [--state]. */
export function parseArguments(argv: string[]): Arguments {
  let usageError: string | null = null;
  const parsed = yargs(argv)
    .scriptName('source-clienttether')
    .usage('Airbyte source for ClientTether. Every command writes Airbyte protocol messages to stdout.')
    .command('spec', 'Print the connector specification')
    .command('check', 'Check the config and the credentials', (command) => command.option('config', { type: 'string', demandOption: true, describe: 'Path of the config JSON file' }))
    .command('discover', 'Print the catalog of streams', (command) => command.option('config', { type: 'string', demandOption: true, describe: 'Path of the config JSON file' }))
    .command('read', 'Read the configured streams', (command) =>
      command
        .option('config', { type: 'string', demandOption: true, describe: 'Path of the config JSON file' })
        .option('catalog', { type: 'string', demandOption: true, describe: 'Path of the configured catalog JSON file' })
        .option('state', { type: 'string', describe: 'Path of the state JSON file that the previous sync emitted' }),
    )
    .option('debug', { type: 'boolean', default: false, describe: 'Log at DEBUG level (LOG_LEVEL=debug does the same)' })
    .demandCommand(1, 'Name a command: spec, check, discover or read.')
    .strict()
    .help()
    .version(false)
    .exitProcess(false)
    .fail((message: string | null, error: Error | undefined) => {
      usageError = message ?? error?.message ?? 'invalid arguments';
    })
    .parseSync();

  if (usageError !== null) {
    throw configError(`Invalid command line: ${usageError} Usage: spec | check --config FILE | discover --config FILE | read --config FILE --catalog FILE [--state FILE].`);
  }
  return {
    command: String(parsed._[0] ?? ''),
    config: parsed.config as string | undefined,
    catalog: parsed.catalog as string | undefined,
    state: parsed.state as string | undefined,
    debug: parsed.debug === true,
  };
}

/** Runs one command and returns its exit code; failures become one ERROR trace, never a bare stack. */
export async function runCommand(argv: string[], writer: MessageWriter, signal: AbortSignal): Promise<number> {
  let logger = new Logger(writer);
  try {
    const args = parseArguments(argv);
    logger = new Logger(writer, levelFromEnvironment(args.debug));
    installSecretFilter(args.config, writer);

    switch (args.command) {
      case 'spec':
        return spec(writer);
      case 'check':
        return await check(args.config as string, writer, logger);
      case 'discover':
        return discover(args.config as string, writer);
      case 'read':
        return await read({ config: args.config as string, catalog: args.catalog as string, state: args.state }, writer, logger, signal);
      default:
        // --help and --version print their text and end here.
        return 0;
    }
  } catch (error) {
    const failure = toConnectorError(error);
    if (!(error instanceof ConnectorError)) {
      logger.error(`Unexpected error: ${failure.internalMessage}`, (error as Error)?.stack);
    }
    writer.emit(errorTraceMessage(failure));
    return 1;
  }
}

/** Masks every airbyte_secret value of the config in all later output, before anything can log it. */
function installSecretFilter(configPath: string | undefined, writer: MessageWriter): void {
  if (configPath === undefined) {
    return;
  }
  try {
    const file = readJsonFile(configPath, 'config', '');
    if (file.found && !file.empty) {
      writer.useSecretFilter(new SecretFilter(secretValuesOf(file.value, CONNECTION_SPECIFICATION)));
    }
  } catch {
    // The command reads the file again and reports the problem in its own words.
  }
}
