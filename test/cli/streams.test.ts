import Ajv from 'ajv';
import addFormats from 'ajv-formats';

import type { Sandbox } from '../../sandbox/server';
import { STREAMS } from '../../source-clienttether/streams/declarations';
import { connectionStatus, errorTraces, records, runConnector, statuses, tempFile, type SyncMode } from '../helpers/connector';
import { readSandbox, sandboxConfig, withSandbox } from '../helpers/sandbox';

const ajv = new Ajv({ strict: false, allErrors: true });
addFormats(ajv);

const modes: Array<[string, SyncMode]> = STREAMS.map((stream) => [stream.name, stream.cursorField ? 'incremental' : 'full_refresh']);

describe('every stream', () => {
  let sandbox: Sandbox;

  beforeAll(async () => {
    sandbox = await withSandbox();
  });

  afterAll(async () => {
    await sandbox.close();
  });

  test('reads records that match each schema', async () => {
    const result = await readSandbox(sandbox, modes);

    expect(result.code).toBe(0);
    for (const stream of STREAMS) {
      const emitted = records(result, stream.name);
      const validate = ajv.compile({ ...stream.schema, additionalProperties: false });

      expect(emitted.length).toBeGreaterThan(0);
      expect(statuses(result, stream.name)).toEqual(['STARTED', 'RUNNING', 'COMPLETE']);
      for (const record of emitted) {
        expect(validate(record.data)).toBe(true);
        expect(record.data[stream.primaryKey]).toEqual(expect.any(String));
      }
      const keys = emitted.map((record) => record.data[stream.primaryKey]);
      expect(new Set(keys).size).toBe(keys.length);
    }
  });

  test('client references name existing objects', async () => {
    const result = await readSandbox(sandbox, modes);
    const names = (stream: string, field: string) => new Set(records(result, stream).map((record) => record.data[field]));
    const leadSources = names('lead_sources', 'lead_source_name');
    const salesCycles = names('sales_cycles', 'sales_cycle_name');
    const actionPlans = names('action_plans', 'action_plan_name');

    for (const client of records(result, 'clients')) {
      const { clients_lead_source: source, clients_sales_cycle: cycle, clients_action_plan: plan } = client.data;
      if (source) expect(leadSources).toContain(source);
      if (cycle) expect(salesCycles).toContain(cycle);
      if (plan) expect(actionPlans).toContain(plan);
    }
  });

  test('action plans keep their group', async () => {
    const result = await readSandbox(sandbox, [['action_plans', 'full_refresh']]);
    const groups = new Set(records(result, 'action_plans').map((record) => record.data.action_plan_group));

    expect(groups.size).toBeGreaterThan(1);
    expect([...groups].every((group) => Number.isInteger(group))).toBe(true);
  });

  test('catalog order and subset are kept', async () => {
    const result = await readSandbox(sandbox, [['users', 'full_refresh'], ['clients', 'full_refresh']]);
    const started = result.messages
      .filter((message) => message.trace?.stream_status?.status === 'STARTED')
      .map((message) => message.trace?.stream_status?.stream_descriptor.name);

    expect(started).toEqual(['users', 'clients']);
    expect(records(result, 'opportunities')).toHaveLength(0);
  });

  test('failed stream does not stop others', async () => {
    sandbox.faults.inject({ kind: '429', retryAfterSeconds: 0, operation: 'read_user_list', times: 20 });

    const result = await readSandbox(sandbox, modes);
    sandbox.faults.clear();

    expect(result.code).toBe(1);
    expect(statuses(result, 'users')).toEqual(['STARTED', 'INCOMPLETE']);
    expect(errorTraces(result)[0].stream_descriptor?.name).toBe('users');
    for (const stream of STREAMS.filter((declared) => declared.name !== 'users')) {
      expect(statuses(result, stream.name)).toEqual(['STARTED', 'RUNNING', 'COMPLETE']);
    }
  });

  test('check names an unreadable stream', async () => {
    sandbox.faults.inject({ kind: '429', operation: 'read_lead_source_list', times: 1 });

    const result = await runConnector(['check', '--config', tempFile('config.json', sandboxConfig(sandbox))]);
    sandbox.faults.clear();

    expect(result.code).toBe(0);
    expect(connectionStatus(result)[0].status).toBe('FAILED');
    expect(connectionStatus(result)[0].message).toMatch(/cannot be read: lead_sources/);
  });
});

describe('envelope variants', () => {
  const variants = [
    { resultCodeKey: 'resultCode' as const },
    { codeStyle: 'CT200' as const },
    { totalRecordAs: 'string' as const },
    { limitClamp: 37 },
    { endOfList: 'empty' as const },
    { assignedUserAs: 'object' as const },
    { timestampFormat: 'iso-offset' as const },
    { blankValuesAs: 'null' as const },
    { referenceListsIgnorePaging: true },
  ];

  test.each(variants)('%o reads everything', async (quirks) => {
    const sandbox = await withSandbox({ quirks });
    try {
      const result = await readSandbox(sandbox, modes);

      expect(result.code).toBe(0);
      expect(records(result, 'clients')).toHaveLength(sandbox.account().clientCount());
      for (const stream of STREAMS) {
        expect(statuses(result, stream.name)).toEqual(['STARTED', 'RUNNING', 'COMPLETE']);
      }
    } finally {
      await sandbox.close();
    }
  });

  test('offset timestamps equal naive ones', async () => {
    const naive = await withSandbox();
    const withOffset = await withSandbox({ quirks: { timestampFormat: 'iso-offset' } });
    try {
      const [a, b] = await Promise.all([readSandbox(naive, [['clients', 'full_refresh']]), readSandbox(withOffset, [['clients', 'full_refresh']])]);
      const modified = (result: typeof a) => records(result, 'clients').map((record) => record.data.last_modified_date);

      expect(modified(b)).toEqual(modified(a));
    } finally {
      await naive.close();
      await withOffset.close();
    }
  });
});
