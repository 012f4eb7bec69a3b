/**
 * Command line for the sandbox: starts one server with one account, prints its base URL and
 * fake credentials, and runs until SIGINT or SIGTERM.
 */

import yargs from 'yargs';
import { hideBin } from 'yargs/helpers';
import { AUTH_ERROR_FORMS } from './auth';
import { FAULT_KINDS, FaultKind } from './faults';
import { DEFAULT_ACCESS_TOKEN, DEFAULT_CLIENT_COUNT, DEFAULT_TIME_ZONE, DEFAULT_WEB_KEY, DOCUMENTED_PAGE_LIMIT, Quirks } from './options';
import { Sandbox, SandboxOptions, startSandbox } from './server';
import { DEFAULT_CLOCK_START } from './clock';

type Arguments = ReturnType<typeof parseArguments>;

function parseArguments(argv: string[]) {
  return yargs(argv)
    .scriptName('sandbox')
    .usage('$0 [options]\n\nRuns a local ClientTether API sandbox on 127.0.0.1 with fake credentials.')
    .option('port', { type: 'number', default: 0, describe: 'TCP port; 0 picks a free one' })
    .option('access-token', { type: 'string', default: DEFAULT_ACCESS_TOKEN, describe: 'X-Access-Token the server accepts' })
    .option('web-key', { type: 'string', default: DEFAULT_WEB_KEY, describe: 'X-Web-Key of the account' })
    .option('clients', { type: 'number', default: DEFAULT_CLIENT_COUNT, describe: 'Number of generated clients' })
    .option('opportunities', { type: 'number', describe: 'Number of generated opportunities (default: clients / 4)' })
    .option('seed', { type: 'number', default: 1, describe: 'Seed of the generated data' })
    .option('time-zone', { type: 'string', default: DEFAULT_TIME_ZONE, describe: 'IANA time zone of the account' })
    .option('latency', { type: 'number', default: 0, describe: 'Delay added to every request, in ms' })
    .option('auth-error-form', { choices: AUTH_ERROR_FORMS, default: 'http401-json' as const, describe: 'Response form of credential errors' })
    .option('now', { type: 'string', default: DEFAULT_CLOCK_START, describe: 'Start of the sandbox clock (ISO 8601)' })
    .option('freeze-clock', { type: 'boolean', default: false, describe: 'Keep the clock at --now instead of ticking' })
    .option('result-code-key', { choices: ['ResultCode', 'resultCode'] as const, describe: 'Key of the result code' })
    .option('code-style', { choices: ['CT_200', 'CT200'] as const, describe: 'Success codes with or without underscore' })
    .option('total-record-as', { choices: ['number', 'string'] as const, describe: 'Type of TotalRecord' })
    .option('limit-clamp', { type: 'number', default: DOCUMENTED_PAGE_LIMIT, describe: 'Maximum rows per page' })
    .option('limit-overflow', { choices: ['clamp', 'reject'] as const, describe: 'Response to a limit above the maximum' })
    .option('end-of-list', { choices: ['CT515', 'empty'] as const, describe: 'Response past the end of a list' })
    .option('extra-fields', { type: 'boolean', describe: 'Add undocumented custom fields to records' })
    .option('vague-auth-errors', { type: 'boolean', describe: 'Credential errors do not name the credential' })
    .option('assigned-user-as', { choices: ['name', 'object'] as const, describe: 'Shape of assigned_user' })
    .option('timestamp-format', { choices: ['naive-local', 'iso-offset'] as const, describe: 'Format of created and last_modified_date' })
    .option('blank-values-as', { choices: ['empty', 'null'] as const, describe: "Blank values as '' or null" })
    .option('reference-lists-ignore-paging', { type: 'boolean', describe: 'Small lists ignore limit and offset' })
    .option('fault-rate', { type: 'string', array: true, default: [] as string[], describe: 'KIND=PROBABILITY, e.g. 429=0.1; repeatable' })
    .option('fault-seed', { type: 'number', default: 1, describe: 'Seed of the random fault draws' })
    .strict()
    .help()
    .parseSync();
}

function sandboxOptions(args: Arguments): SandboxOptions {
  const quirks: Quirks = {
    resultCodeKey: args['result-code-key'],
    codeStyle: args['code-style'],
    totalRecordAs: args['total-record-as'],
    limitClamp: args['limit-clamp'],
    limitOverflow: args['limit-overflow'],
    endOfList: args['end-of-list'],
    extraFields: args['extra-fields'],
    vagueAuthErrors: args['vague-auth-errors'],
    assignedUserAs: args['assigned-user-as'],
    timestampFormat: args['timestamp-format'],
    blankValuesAs: args['blank-values-as'],
    referenceListsIgnorePaging: args['reference-lists-ignore-paging'],
  };

  return {
    port: args.port,
    accessToken: args['access-token'],
    accounts: [
      {
        webKey: args['web-key'],
        clients: args.clients,
        opportunities: args.opportunities,
        seed: args.seed,
        timeZone: args['time-zone'],
      },
    ],
    authErrorForm: args['auth-error-form'],
    quirks,
    latencyMs: args.latency,
    now: args.now,
    freezeClock: args['freeze-clock'],
  };
}

/** Parses 'KIND=PROBABILITY' values such as '429=0.1'. */
function parseFaultRates(values: string[]): Array<{ kind: FaultKind; probability: number }> {
  return values.map((value) => {
    const [kind, rawProbability] = value.split('=');
    const probability = rawProbability === undefined || rawProbability === '' ? NaN : Number(rawProbability);

    if (!FAULT_KINDS.includes(kind as FaultKind) || !(probability >= 0 && probability <= 1)) {
      throw new Error(
        `Invalid --fault-rate ${JSON.stringify(value)}: expected KIND=PROBABILITY with KIND one of ` +
          `${FAULT_KINDS.join(', ')} and PROBABILITY from 0 to 1`,
      );
    }

    return { kind: kind as FaultKind, probability };
  });
}

function printStartup(sandbox: Sandbox): void {
  const account = sandbox.account();

  console.log('ClientTether sandbox started');
  console.log(`Base URL: ${sandbox.url}`);
  console.log(`Access token: ${sandbox.accessToken}`);
  console.log(`Web key: ${account.webKey}`);
  console.log(`Account: ${account.clientCount()} clients, time zone ${account.timeZone}`);
  console.log('Send SIGINT (Ctrl+C) or SIGTERM to stop.');
}

function stopOnSignals(sandbox: Sandbox): void {
  let stopping = false;

  const stop = (signal: NodeJS.Signals) => {
    if (stopping) {
      return;
    }
    stopping = true;

    console.log(`Received ${signal}, stopping the sandbox`);
    sandbox.close().then(
      () => process.exit(0),
      (error: unknown) => {
        console.error('Failed to stop the sandbox:', error);
        process.exit(1);
      },
    );
  };

  process.on('SIGINT', stop);
  process.on('SIGTERM', stop);
}

async function main(): Promise<void> {
  const args = parseArguments(hideBin(process.argv));
  const faultRates = parseFaultRates(args['fault-rate']);
  const sandbox = await startSandbox(sandboxOptions(args));

  for (const { kind, probability } of faultRates) {
    sandbox.faults.rate(kind, probability, args['fault-seed']);
  }

  stopOnSignals(sandbox);
  printStartup(sandbox);
}

main().catch((error: unknown) => {
  console.error(`Sandbox failed to start: ${error instanceof Error ? error.message : String(error)}`);
  process.exit(1);
});
