import type { Sandbox } from '../../sandbox/server';
import { errorTraces, logs, nextInputState, records, states, statuses, type RunResult } from '../helpers/connector';
import { readSandbox, withSandbox } from '../helpers/sandbox';

const clientIds = (result: RunResult) => records(result, 'clients').map((record) => String(record.data.client_id));

describe('read recovers from API faults', () => {
  let sandbox: Sandbox;

  beforeEach(async () => {
    sandbox = await withSandbox({ accounts: [{ webKey: 'CT_0123456789abcdef0123456789abcdef', clients: 600 }] });
  });

  afterEach(async () => {
    await sandbox.close();
  });

  const everyClient = () => sandbox.account().listClients(0, 10_000).map((client) => String(client.client_id));

  const faults = [
    { kind: '429', retryAfterSeconds: 1 },
    { kind: '429', retryAfterDate: true, retryAfterSeconds: 1 },
    { kind: '500' },
    { kind: '502' },
    { kind: '503' },
    { kind: 'drop' },
    { kind: 'truncated' },
    { kind: 'non-json' },
    { kind: 'error-code' },
  ] as const;

  test.each(faults)('$kind is retried without loss', async (fault) => {
    sandbox.faults.inject({ ...fault, operation: 'read_client_list', times: 2 });

    const result = await readSandbox(sandbox, [['clients', 'incremental']]);

    expect(result.code).toBe(0);
    expect(clientIds(result).sort()).toEqual(everyClient().sort());
    const retries = logs(result).filter((log) => /read_client_list at offset \d+: .*\(attempt \d of \d+\); retrying in/.test(log.message));
    expect(retries).toHaveLength(2);
  });

  test('slow answer past the timeout is retried', async () => {
    sandbox.faults.inject({ kind: 'slow', delayMs: 4000, operation: 'read_client_list', times: 1 });

    const result = await readSandbox(sandbox, [['clients', 'full_refresh']], undefined, { request_timeout_seconds: 1 });

    expect(result.code).toBe(0);
    expect(clientIds(result)).toHaveLength(600);
    expect(logs(result).some((log) => /timed out/.test(log.message))).toBe(true);
  });

  test('faults at a rate lose nothing', async () => {
    sandbox.faults.rate('503', 0.3, 7);

    const result = await readSandbox(sandbox, [['clients', 'incremental']], undefined, { page_concurrency: 4 });

    expect(result.code).toBe(0);
    expect(new Set(clientIds(result))).toEqual(new Set(everyClient()));
    const failedRequests = sandbox.requests.filter((request) => request.status === 503);
    expect(failedRequests.length).toBeGreaterThan(0);
  });

  test('exhausted retries end INCOMPLETE and resume', async () => {
    const config = { checkpoint_interval_records: 100, page_concurrency: 1 };
    let pages = 0;
    sandbox.onRequest((request) => {
      if (request.operation === 'read_client_list' && ++pages === 4) {
        sandbox.faults.inject({ kind: '429', retryAfterSeconds: 0, operation: 'read_client_list', times: 50 });
      }
    });

    const failed = await readSandbox(sandbox, [['clients', 'incremental']], undefined, config);

    expect(failed.code).toBe(1);
    expect(statuses(failed, 'clients')).toEqual(['STARTED', 'RUNNING', 'INCOMPLETE']);
    const [error] = errorTraces(failed);
    expect(error.failure_type).toBe('transient_error');
    expect(error.message).toMatch(/rate limiting/);
    expect(error.message).toMatch(/next sync resumes/);
    expect(states(failed, 'clients').length).toBeGreaterThan(0);

    sandbox.faults.clear();
    const resumed = await readSandbox(sandbox, [['clients', 'incremental']], nextInputState(failed), config);
    expect(resumed.code).toBe(0);
    const delivered = new Set([...clientIds(failed), ...clientIds(resumed)]);
    expect(delivered).toEqual(new Set(everyClient()));
  });
});

describe('interrupted sync', () => {
  let sandbox: Sandbox;

  beforeAll(async () => {
    sandbox = await withSandbox({ accounts: [{ webKey: 'CT_0123456789abcdef0123456789abcdef', clients: 1000 }], latencyMs: 50 });
  });

  afterAll(async () => {
    await sandbox.close();
  });

  const points: Array<['SIGTERM' | 'SIGKILL', number]> = [
    ['SIGTERM', 1],
    ['SIGTERM', 4],
    ['SIGKILL', 2],
    ['SIGKILL', 6],
  ];

  test.each(points)('%s after state %i resumes without loss', async (signal, afterStates) => {
    const config = { checkpoint_interval_records: 90, page_concurrency: 1 };
    let seen = 0;
    let signalledAt = 0;

    const stopped = await readSandbox(sandbox, [['clients', 'incremental']], undefined, config, {
      onMessage: (message, child) => {
        if (message.type === 'STATE' && ++seen === afterStates) {
          signalledAt = Date.now();
          child.kill(signal);
        }
      },
    });

    // runConnector rejects a run whose stdout ends inside a line, so reaching here proves whole lines.
    expect(signalledAt).toBeGreaterThan(0);
    if (signal === 'SIGTERM') {
      expect(stopped.code).toBe(143);
      expect(Date.now() - signalledAt).toBeLessThan(5000);
    } else {
      expect(stopped.signal).toBe('SIGKILL');
    }

    const rerun = await readSandbox(sandbox, [['clients', 'incremental']], nextInputState(stopped), config);
    expect(rerun.code).toBe(0);
    const delivered = new Set([...clientIds(stopped), ...clientIds(rerun)]);
    const everyClient = sandbox.account().listClients(0, 10_000).map((client) => String(client.client_id));
    expect(delivered).toEqual(new Set(everyClient));
  });
});

describe('stop signals', () => {
  test.each([
    ['SIGINT', 130],
    ['SIGTERM', 143],
  ] as const)('%s behind a slow reader leaves whole lines', async (signal, exitCode) => {
    const sandbox = await withSandbox({ accounts: [{ webKey: 'CT_0123456789abcdef0123456789abcdef', clients: 20_000 }] });
    try {
      let sent = false;
      const result = await readSandbox(sandbox, [['clients', 'incremental']], undefined, { checkpoint_interval_records: 500 }, {
        pauseEveryChunks: 5,
        pauseMs: 50,
        onMessage: (message, child) => {
          if (!sent && message.type === 'STATE') {
            sent = true;
            child.kill(signal);
          }
        },
      });

      // runConnector rejects a run whose stdout ends inside a line.
      expect(result.code).toBe(exitCode);
      expect(result.messages.at(-1)?.log?.message).toMatch(new RegExp(`Received ${signal}`));
      expect(records(result, 'clients').length).toBeLessThan(20_000);
    } finally {
      await sandbox.close();
    }
  });
});

describe('slow reader of stdout', () => {
  test('every stream completes', async () => {
    const sandbox = await withSandbox({ accounts: [{ webKey: 'CT_0123456789abcdef0123456789abcdef', clients: 20_000 }] });
    try {
      const result = await readSandbox(
        sandbox,
        [['clients', 'full_refresh'], ['opportunities', 'full_refresh'], ['users', 'full_refresh'], ['lead_sources', 'full_refresh']],
        undefined,
        {},
        { pauseEveryChunks: 20, pauseMs: 30, timeoutMs: 120_000 },
      );

      expect(result.code).toBe(0);
      expect(records(result, 'clients')).toHaveLength(20_000);
      for (const stream of ['clients', 'opportunities', 'users', 'lead_sources']) {
        expect(statuses(result, stream)).toEqual(['STARTED', 'RUNNING', 'COMPLETE']);
      }
    } finally {
      await sandbox.close();
    }
  }, 150_000);
});
