/**
 * The one-command demo (`npm start`): starts the sandbox on 127.0.0.1, runs the built connector
 * against it as the platform does (check, discover, a full read, changes in the sandbox, an
 * incremental read with the first read's state) and prints what happened. The records, config,
 * catalog and states go to the output folder. Exits with 1 when any step fails.
 */

import path from 'node:path';
import { performance } from 'node:perf_hooks';

import yargs from 'yargs';
import { hideBin } from 'yargs/helpers';

import { CONNECTOR_CLI } from './demo-connector';
import { displayPath, formatSeconds, printLines } from './demo-report';
import {
  changeStep,
  checkStep,
  compareStep,
  discoverStep,
  printSampleClient,
  readStep,
  StepFailure,
  writeConfig,
  type DemoContext,
} from './demo-steps';
import { DEFAULT_WEB_KEY, startSandbox, type Sandbox } from './server';

const DEFAULT_CLIENTS = 5000;
/** The demo changes four existing Prospect or Clients records, and the first ten clients of seed 1 contain enough. */
const MIN_CLIENTS = 10;
const SEED = 1;
const TIME_ZONE = 'America/New_York';
/** The git-ignored folder at the package root, two levels above dist/sandbox/. */
const DEFAULT_OUTPUT = path.join(__dirname, '..', '..', 'demo-output');

interface DemoOptions {
  clients: number;
  output: string;
  keepRunning: boolean;
}

function parseOptions(argv: string[]): DemoOptions {
  const args = yargs(argv)
    .scriptName('demo')
    .usage('$0 [options]\n\nRuns the built ClientTether connector against a local sandbox API and shows what it read.')
    .option('clients', { type: 'number', default: DEFAULT_CLIENTS, describe: `Number of clients in the sandbox account, at least ${MIN_CLIENTS}` })
    .option('output', { type: 'string', default: DEFAULT_OUTPUT, describe: 'Folder for the records, config, catalog and states' })
    .option('keep-running', {
      type: 'boolean',
      default: false,
      describe: 'Leave the sandbox running after the demo and print its URL and fake credentials',
    })
    .check((parsed) => {
      if (!Number.isInteger(parsed.clients) || parsed.clients < MIN_CLIENTS) {
        throw new Error(`Invalid --clients ${parsed.clients}: expected a whole number of at least ${MIN_CLIENTS}`);
      }
      return true;
    })
    .strict()
    .help()
    .version(false)
    .parseSync();

  return { clients: args.clients, output: path.resolve(args.output), keepRunning: args['keep-running'] };
}

async function main(): Promise<number> {
  const options = parseOptions(hideBin(process.argv));
  const startedAt = performance.now();

  let sandbox: Sandbox;
  try {
    sandbox = await startSandbox({
      accounts: [{ webKey: DEFAULT_WEB_KEY, clients: options.clients, seed: SEED, timeZone: TIME_ZONE }],
      freezeClock: true,
    });
  } catch (error) {
    console.error(`Demo failed: the sandbox did not start: ${(error as Error).message}`);
    return 1;
  }

  const context: DemoContext = {
    sandbox,
    output: options.output,
    configPath: path.join(options.output, 'config.json'),
    catalogPath: path.join(options.output, 'catalog.json'),
  };
  printIntroduction(context);

  const failure = await runSteps(context);
  printOutcome(failure, context, startedAt);

  if (options.keepRunning) {
    printHandOff(context);
    await waitForStopSignal();
  }
  await sandbox.close();
  return failure === null ? 0 : 1;
}

function printIntroduction(context: DemoContext): void {
  const account = context.sandbox.account();

  console.log(`ClientTether connector demo: the built connector (${displayPath(CONNECTOR_CLI)}) against a local sandbox API`);
  printLines([
    `Sandbox: ${context.sandbox.url}`,
    `Account: ${account.clientCount()} clients, ${account.opportunities.count()} opportunities, seed ${SEED}, time zone ${account.timeZone}`,
    `Clock:   frozen at ${context.sandbox.clock.now().toISOString()}, and the demo advances it between the reads`,
    `Output:  ${displayPath(context.output)}`,
  ]);
}

/** Runs the steps in order and returns the failure line of the first that fails, or null. */
async function runSteps(context: DemoContext): Promise<string | null> {
  let number = 0;
  let title = 'write the config';

  const step = async <T>(stepTitle: string, action: () => Promise<T> | T): Promise<T> => {
    number++;
    title = stepTitle;
    console.log(`\n${number}. ${stepTitle}`);
    return action();
  };

  try {
    writeConfig(context);
    await step('check', () => checkStep(context));
    const catalog = await step('discover', () => discoverStep(context));
    const firstRead = await step('read (full): every stream, no state', () => readStep(context, catalog, '1-full'));
    printSampleClient(firstRead);
    const changes = await step('change clients in the sandbox', () => changeStep(context));
    const incrementalRead = await step(`read (incremental): --state ${displayPath(firstRead.statePath)}`, () =>
      readStep(context, catalog, '2-incremental', firstRead.statePath),
    );
    compareStep(changes, firstRead, incrementalRead);
    return null;
  } catch (error) {
    return describeFailure(number, title, error);
  }
}

function describeFailure(number: number, title: string, error: unknown): string {
  const where = number === 0 ? title : `step ${number} (${title})`;

  if (error instanceof StepFailure) {
    return `Demo failed at ${where}: ${error.message}`;
  }
  // Anything else is a fault of the demo or of the machine, so the stack helps more than the message alone.
  return `Demo failed at ${where}: ${error instanceof Error ? (error.stack ?? error.message) : String(error)}`;
}

function printOutcome(failure: string | null, context: DemoContext, startedAt: number): void {
  console.log('');

  if (failure !== null) {
    console.error(failure);
    return;
  }
  console.log(`Demo succeeded in ${formatSeconds(performance.now() - startedAt)}. Output: ${displayPath(context.output)}`);
}

/** Prints what a person needs to run the connector by hand against the sandbox, whose clock now ticks. */
function printHandOff(context: DemoContext): void {
  const { sandbox } = context;
  const cli = displayPath(CONNECTOR_CLI);
  const config = `--config ${displayPath(context.configPath)}`;
  const lastState = path.join(context.output, '2-incremental', 'state.json');

  sandbox.clock.resume();
  console.log('\nThe sandbox keeps running until Ctrl+C (SIGINT) or SIGTERM. Its credentials are fake constants.');
  printLines([
    `API URL:      ${sandbox.url}`,
    `Access token: ${sandbox.accessToken}`,
    `Web key:      ${sandbox.account().webKey}`,
    'Run the connector by hand, for example:',
    `  ${cli} check ${config}`,
    `  ${cli} read ${config} --catalog ${displayPath(context.catalogPath)} --state ${displayPath(lastState)}`,
  ]);
}

function waitForStopSignal(): Promise<void> {
  return new Promise((resolve) => {
    const stop = (signal: NodeJS.Signals) => {
      console.log(`Received ${signal}, stopping the sandbox`);
      resolve();
    };
    process.once('SIGINT', stop);
    process.once('SIGTERM', stop);
  });
}

// A reader that stops early, such as `npm start | head`, is not a failure of the demo.
process.stdout.on('error', (error: NodeJS.ErrnoException) => {
  if (error.code !== 'EPIPE') {
    throw error;
  }
  process.exit(process.exitCode ?? 0);
});

main().then(
  (code) => {
    process.exitCode = code;
  },
  (error: unknown) => {
    console.error(`Demo failed: ${error instanceof Error ? (error.stack ?? error.message) : String(error)}`);
    process.exitCode = 1;
  },
);
