import { Sandbox, startSandbox } from '../../sandbox/server';
import { credentials, getJson, readAll, rows, withSandbox } from './helpers';

describe('sandbox paging', () => {
  let sandbox: Sandbox;

  beforeAll(async () => {
    sandbox = await startSandbox({ accounts: [{ webKey: 'CT_0123456789abcdef0123456789abcdef', clients: 250 }] });
  });

  afterAll(() => sandbox.close());

  test('limit and offset select rows', async () => {
    const envelope = await getJson(sandbox, 'read_client_list?limit=10&offset=20');
    const ids = rows(envelope).map((client) => client.client_id);

    expect(envelope.ResultCode).toBe('CT_200');
    expect(envelope.Message).toBe('Success');
    expect(envelope.TotalRecord).toBe(250);
    expect(ids).toEqual(sandbox.account().listClients(20, 10).map((client) => client.client_id));
    expect(ids).toHaveLength(10);
    expect(ids[0]).toBe('1000020');
  });

  test('missing limit and offset serve the first 100 rows', async () => {
    const envelope = await getJson(sandbox, 'read_client_list');
    const ids = rows(envelope).map((client) => client.client_id);

    expect(ids).toHaveLength(100);
    expect(ids[0]).toBe('1000000');
  });

  test('limit above 100 is clamped to 100', async () => {
    const envelope = await getJson(sandbox, 'read_client_list?limit=500&offset=0');

    expect(rows(envelope)).toHaveLength(100);
    expect(envelope.TotalRecord).toBe(250);
  });

  test('last page is short', async () => {
    const envelope = await getJson(sandbox, 'read_client_list?limit=100&offset=200');

    expect(rows(envelope)).toHaveLength(50);
    expect(rows(envelope)[49].client_id).toBe('1000249');
  });

  test('offset past the end returns CT515 without data', async () => {
    for (const offset of [250, 251, 10_000]) {
      const envelope = await getJson(sandbox, `read_client_list?limit=100&offset=${offset}`);

      expect(envelope).toEqual({ ResultCode: 'CT_515', Message: 'No Record Found' });
    }
  });

  test('full scan returns every client once', async () => {
    const all = await readAll(sandbox, 'read_client_list', 37);
    const ids = all.map((client) => client.client_id);

    expect(ids).toHaveLength(250);
    expect(new Set(ids).size).toBe(250);
    expect(all).toEqual(sandbox.account().listClients(0, 250));
  });

  test('invalid limit or offset returns CT400', async () => {
    for (const query of ['limit=abc', 'limit=0', 'limit=-5', 'offset=-1', 'offset=1.5', 'offset=x']) {
      const envelope = await getJson(sandbox, `read_client_list?${query}`);

      expect(envelope.ResultCode).toBe('CT400');
      expect(String(envelope.Message)).toMatch(/^Invalid (limit|offset)/);
      expect(envelope.data).toBeUndefined();
    }
  });

  test('opportunity list pages like the client list', async () => {
    const total = sandbox.account().opportunities.count();
    const all = await readAll(sandbox, 'read_opportunity_list', 25);

    expect(total).toBe(62);
    expect(all.map((row) => row.opportunity_id)).toEqual(
      sandbox.account().opportunities.list(0, total).map((row) => row.opportunity_id),
    );
  });

  test('reference lists honour limit and offset', async () => {
    const first = await getJson(sandbox, 'read_lead_source_list?limit=5&offset=0');
    const second = await getJson(sandbox, 'read_lead_source_list?limit=5&offset=5');
    const firstIds = rows(first).map((row) => row.lead_source_id);
    const secondIds = rows(second).map((row) => row.lead_source_id);

    expect(firstIds).toHaveLength(5);
    expect(secondIds).toHaveLength(5);
    expect(firstIds.filter((id) => secondIds.includes(id))).toEqual([]);
    expect(first.TotalRecord).toBe(sandbox.account().reference.leadSources.length);
  });

  test('action plan pages count plans, not groups', async () => {
    const whole = await getJson(sandbox, 'read_action_plan_list');
    const groups = whole.data as Array<Array<Record<string, unknown>>>;
    const page = await getJson(sandbox, 'read_action_plan_list?limit=3&offset=2');
    const pageGroups = page.data as Array<Array<Record<string, unknown>>>;
    const allPlans = groups.flat();

    expect(groups.length).toBeGreaterThan(1);
    expect(groups.every((group) => Array.isArray(group) && group.length > 0)).toBe(true);
    expect(whole.TotalRecord).toBe(allPlans.length);
    expect(pageGroups.flat()).toEqual(allPlans.slice(2, 5));
    expect(pageGroups.length).toBeGreaterThanOrEqual(1);
  });
});

describe('sandbox paging quirks', () => {
  test('limitClamp caps rows silently', async () => {
    await withSandbox({ quirks: { limitClamp: 20 } }, async (sandbox) => {
      const envelope = await getJson(sandbox, 'read_client_list?limit=100&offset=0');

      expect(rows(envelope)).toHaveLength(20);
      expect(envelope.TotalRecord).toBe(250);
    });
  });

  test('limitOverflow reject returns CT400', async () => {
    await withSandbox({ quirks: { limitOverflow: 'reject' } }, async (sandbox) => {
      const rejected = await getJson(sandbox, 'read_client_list?limit=101&offset=0');
      const accepted = await getJson(sandbox, 'read_client_list?limit=100&offset=0');

      expect(rejected.ResultCode).toBe('CT400');
      expect(rejected.Message).toBe('Invalid limit 101: at most 100 rows per page are allowed');
      expect(rows(accepted)).toHaveLength(100);
    });
  });

  test('endOfList empty returns success with no rows', async () => {
    await withSandbox({ quirks: { endOfList: 'empty' } }, async (sandbox) => {
      const envelope = await getJson(sandbox, 'read_client_list?limit=100&offset=250');

      expect(envelope).toEqual({ ResultCode: 'CT_200', Message: 'Success', TotalRecord: 250, data: [] });
    });
  });

  test('TotalRecord as string', async () => {
    await withSandbox({ quirks: { totalRecordAs: 'string' } }, async (sandbox) => {
      const envelope = await getJson(sandbox, 'read_client_list?limit=1');

      expect(envelope.TotalRecord).toBe('250');
    });
  });

  test('empty account returns CT515 at offset 0', async () => {
    await withSandbox({ accounts: [{ webKey: 'CT_ffffffffffffffffffffffffffffffff', clients: 0 }] }, async (sandbox) => {
      const envelope = await getJson(
        sandbox,
        'read_client_list?limit=100&offset=0',
        credentials(sandbox, 'CT_ffffffffffffffffffffffffffffffff'),
      );

      expect(envelope).toEqual({ ResultCode: 'CT_515', Message: 'No Record Found' });
    });
  });

  test('reference lists can ignore paging', async () => {
    await withSandbox({ quirks: { referenceListsIgnorePaging: true } }, async (sandbox) => {
      const users = await getJson(sandbox, 'read_user_list?limit=2&offset=4');
      const plans = await getJson(sandbox, 'read_action_plan_list?limit=1&offset=50');

      expect(rows(users)).toEqual(sandbox.account().reference.users);
      expect(plans.data).toEqual(sandbox.account().reference.actionPlanGroups);
    });
  });
});
