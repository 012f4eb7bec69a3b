#!/usr/bin/env node
import { setMaxListeners } from 'node:events';

import { toConnectorError } from './errors';
import { errorTraceMessage, logMessage } from './protocol/messages';
import { MessageWriter } from './protocol/writer';
import spec from './spec.json';

/**
 * How long a stop signal waits for stdout to take the lines it already holds. Exiting earlier
 * could cut a line in half; the platform sends SIGKILL if it will not wait this long.
 */
const SHUTDOWN_GRACE_MS = 30_000;

/** The shell's convention for a process ended by a signal: 128 plus the signal's number. */
const SIGNAL_EXIT_CODES: Partial<Record<NodeJS.Signals, number>> = { SIGINT: 130, SIGTERM: 143 };

async function main(): Promise<void> {
  const writer = new MessageWriter(process.stdout);
  const abort = new AbortController();
  // Every request in flight and every retry wait listens to this signal: up to 16 parallel pages,
  // each with a request or a wait, stay below this limit, so Node prints no leak warning.
  setMaxListeners(64, abort.signal);
  let finished = false;

  // Node exits by itself when nothing is left to wait for, even with a promise still pending. Such
  // an exit is a bug, and it must not look like a successful sync to the platform.
  process.exitCode = 1;
  process.on('beforeExit', () => {
    if (!finished) {
      finished = true;
      writer.emit(errorTraceMessage(toConnectorError(new Error('the connector stopped before its command finished'))));
      void exitAfterDrain(writer, 1);
    }
  });

  // The reader of stdout went away (the platform cancelled): nothing more can be delivered.
  process.stdout.on('error', () => process.exit(1));

  let signalExitCode = 0;
  const stop = (signal: NodeJS.Signals) => {
    signalExitCode = SIGNAL_EXIT_CODES[signal] ?? 1;
    writer.stop(logMessage('INFO', `Received ${signal}: stopping the sync. The last state emitted is where the next sync resumes.`));
    abort.abort();
    setTimeout(() => process.exit(signalExitCode), SHUTDOWN_GRACE_MS).unref();
  };
  process.once('SIGTERM', stop);
  process.once('SIGINT', stop);

  const fail = (error: unknown) => {
    writer.emit(errorTraceMessage(toConnectorError(error)));
    void exitAfterDrain(writer, 1);
  };
  process.on('uncaughtException', fail);
  process.on('unhandledRejection', fail);

  const argv = process.argv.slice(2);
  let code: number;
  if (argv.length === 1 && argv[0] === 'spec') {
    // The platform runs `spec` often; it needs neither the HTTP client, the validator nor yargs.
    writer.emit({ type: 'SPEC', spec });
    code = 0;
  } else {
    const { runCommand } = await import('./cli');
    code = await runCommand(argv, writer, abort.signal);
  }
  finished = true;
  await exitAfterDrain(writer, abort.signal.aborted ? signalExitCode : code);
}

/** Exits only once stdout has handed every line to the system, so no message is lost or cut. */
async function exitAfterDrain(writer: MessageWriter, code: number): Promise<void> {
  await writer.flushed();
  process.exit(code);
}

void main();
