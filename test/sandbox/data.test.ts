import { DateTime } from 'luxon';
import { ARCHIVED_CONTACT_TYPE, CONTACT_TYPES, Sandbox, ZERO_DATE, startSandbox } from '../../sandbox/server';
import { getJson, readAll, rows, withSandbox } from './helpers';

const CLIENT_FIELDS = [
  'client_id', 'external_id', 'firstName', 'lastName', 'compName', 'email', 'phone', 'address', 'city', 'state', 'zip',
  'clients_lead_source', 'clients_sales_cycle', 'clients_action_plan', 'deal_size', 'contact_type', 'assigned_user',
  'created', 'last_modified_date',
];
const OPPORTUNITY_FIELDS = [
  'opportunity_id', 'firstName', 'lastName', 'compName', 'contact_sales_cycle', 'contact_lead_source',
  'contact_action_plan', 'deal_size', 'contact_type', 'assigned_user', 'created', 'last_modified_date',
];
const NAIVE_TIME = /^\d{4}-\d{2}-\d{2} \d{2}:\d{2}:\d{2}$/;
const CLOCK_START = '2026-01-15T12:00:00Z';

type Row = Record<string, unknown>;

function parseNaive(value: unknown, timeZone: string): DateTime {
  return DateTime.fromFormat(String(value), 'yyyy-MM-dd HH:mm:ss', { zone: timeZone });
}

describe('sandbox data', () => {
  let sandbox: Sandbox;
  let clients: Row[];
  let opportunities: Row[];

  beforeAll(async () => {
    sandbox = await startSandbox({ accounts: [{ webKey: 'CT_0123456789abcdef0123456789abcdef', clients: 1000 }], now: CLOCK_START });
    clients = await readAll(sandbox, 'read_client_list');
    opportunities = await readAll(sandbox, 'read_opportunity_list');
  });

  afterAll(() => sandbox.close());

  test('records have exactly the documented fields', () => {
    expect(clients).toHaveLength(1000);
    expect(opportunities).toHaveLength(250);
    for (const client of clients) {
      expect(Object.keys(client)).toEqual(CLIENT_FIELDS);
    }
    for (const opportunity of opportunities) {
      expect(Object.keys(opportunity)).toEqual(OPPORTUNITY_FIELDS);
    }
  });

  test('ids and numbers are strings', () => {
    for (const client of clients) {
      for (const value of Object.values(client)) {
        expect(typeof value).toBe('string');
      }
      expect(client.client_id).toMatch(/^\d+$/);
      expect(client.contact_type).toMatch(/^\d$/);
      expect(client.deal_size).toMatch(/^(\d+\.\d{2})?$/);
    }
    expect(clients.some((client) => client.deal_size === '')).toBe(true);
    expect(clients.some((client) => client.deal_size === '0.00')).toBe(true);
  });

  test('ids are unique and deterministic', () => {
    const ids = clients.map((client) => client.client_id);

    expect(new Set(ids).size).toBe(1000);
    expect(ids[0]).toBe('1000000');
    expect(ids[999]).toBe('1000999');
  });

  test('names referenced exist in the lists', async () => {
    const leadSources = rows(await getJson(sandbox, 'read_lead_source_list')).map((row) => row.lead_source_name);
    const cycles = rows(await getJson(sandbox, 'read_sales_cycle_list'));
    const cycleNames = cycles.map((row) => row.sales_cycle_name);
    const planGroups = (await getJson(sandbox, 'read_action_plan_list')).data as Row[][];
    const planNames = planGroups.flat().map((plan) => plan.action_plan_name);
    const users = rows(await getJson(sandbox, 'read_user_list'));
    const userNames = users.map((user) => `${user.user_first_name} ${user.user_last_name}`);

    for (const client of clients) {
      expect(['', ...leadSources]).toContain(client.clients_lead_source);
      expect(['', ...cycleNames]).toContain(client.clients_sales_cycle);
      expect(['', ...planNames]).toContain(client.clients_action_plan);
      expect(['', ...userNames]).toContain(client.assigned_user);
    }
    for (const opportunity of opportunities) {
      expect(['', ...leadSources]).toContain(opportunity.contact_lead_source);
      expect(['', ...cycleNames]).toContain(opportunity.contact_sales_cycle);
      expect(['', ...planNames]).toContain(opportunity.contact_action_plan);
      expect(['', ...userNames]).toContain(opportunity.assigned_user);
    }
  });

  test('sales cycle matches the contact type', async () => {
    const cycles = rows(await getJson(sandbox, 'read_sales_cycle_list'));

    for (const client of clients.filter((row) => row.clients_sales_cycle !== '')) {
      const cycle = cycles.find((row) => row.sales_cycle_name === client.clients_sales_cycle);
      expect(cycle?.contact_type).toBe(client.contact_type);
      expect(cycle?.sales_cycle_active_status).toBe('1');
    }
  });

  test('blank sales cycles occur', () => {
    const blanks = clients.filter((client) => client.clients_sales_cycle === '');

    expect(blanks.length).toBeGreaterThan(20);
    expect(blanks.length).toBeLessThan(400);
  });

  test('contact types exist in the sales cycle list', async () => {
    const cycles = rows(await getJson(sandbox, 'read_sales_cycle_list'));
    const typeNames = new Map(cycles.map((cycle) => [cycle.contact_type, cycle.contact_type_name]));

    expect(typeNames.get('1')).toBe('Prospect');
    expect(typeNames.get(ARCHIVED_CONTACT_TYPE)).toBe('Archived');
    expect([...typeNames.values()].sort()).toEqual(CONTACT_TYPES.map((type) => type.name).sort());
    for (const record of [...clients, ...opportunities]) {
      expect(typeNames.has(record.contact_type)).toBe(true);
    }
    expect(new Set(clients.map((client) => client.contact_type)).size).toBeGreaterThanOrEqual(6);
  });

  test('reference list fields', async () => {
    const cycle = rows(await getJson(sandbox, 'read_sales_cycle_list'))[0];
    const user = rows(await getJson(sandbox, 'read_user_list'))[0];
    const leadSource = rows(await getJson(sandbox, 'read_lead_source_list'))[0];
    const plan = ((await getJson(sandbox, 'read_action_plan_list')).data as Row[][])[0][0];

    expect(Object.keys(cycle)).toEqual([
      'sales_cycle_id', 'sales_cycle_name', 'sales_cycle_active_status', 'sales_cycle_order',
      'likelihood_to_close', 'contact_type', 'contact_type_name',
    ]);
    expect(Object.keys(user)).toEqual(['user_id', 'user_first_name', 'user_last_name', 'user_email']);
    expect(Object.keys(leadSource)).toEqual(['lead_source_id', 'lead_source_name']);
    expect(Object.keys(plan)).toEqual(['action_plan_id', 'action_plan_name']);
  });

  test('timestamps are naive local times before the clock start', () => {
    const start = DateTime.fromISO(CLOCK_START);

    for (const record of [...clients, ...opportunities]) {
      const modified = parseNaive(record.last_modified_date, 'America/New_York');

      expect(record.last_modified_date).toMatch(NAIVE_TIME);
      expect(modified.isValid).toBe(true);
      expect(modified <= start).toBe(true);
      if (record.created !== '' && record.created !== ZERO_DATE) {
        expect(record.created).toMatch(NAIVE_TIME);
        expect(parseNaive(record.created, 'America/New_York') <= modified).toBe(true);
      }
    }
  });

  test('timestamps span several years', () => {
    const years = new Set(clients.map((client) => String(client.created).slice(0, 4)).filter((year) => /^20\d\d$/.test(year)));

    expect(years.size).toBeGreaterThanOrEqual(4);
  });

  test('some created values are zero or empty', () => {
    const zero = clients.filter((client) => client.created === ZERO_DATE);
    const empty = clients.filter((client) => client.created === '');

    expect(zero.length).toBeGreaterThan(0);
    expect(empty.length).toBeGreaterThan(0);
    expect(zero.length + empty.length).toBeLessThan(100);
  });

  test('names include non-ASCII text', () => {
    const names = clients.flatMap((client) => [String(client.firstName), String(client.lastName)]);

    expect(names.some((name) => /[À-ž]/.test(name))).toBe(true);
    expect(names.some((name) => /[\u4e00-\u9fff\u3040-\u30ff\uac00-\ud7af]/.test(name))).toBe(true);
    expect(names.some((name) => name.includes("'"))).toBe(true);
  });

  test('contact details look real', () => {
    const withEmail = clients.filter((client) => client.email !== '');
    const withExternalId = clients.filter((client) => client.external_id !== '');

    expect(withEmail.length).toBeGreaterThan(800);
    for (const client of withEmail) {
      expect(client.email).toMatch(/^[A-Za-z0-9.+]+@[A-Za-z.]+$/);
    }
    expect(withExternalId.length).toBeGreaterThan(200);
    expect(withExternalId.length).toBeLessThan(700);
    expect(clients.some((client) => client.compName !== '')).toBe(true);
    expect(clients.some((client) => /^\d{5}$|^[A-Z]\d[A-Z] \d[A-Z]\d$/.test(String(client.zip)))).toBe(true);
  });
});

describe('sandbox data seeds', () => {
  test('same seed gives the same records', async () => {
    const options = { accounts: [{ webKey: 'CT_0123456789abcdef0123456789abcdef', seed: 7, clients: 300 }] };

    const first = await withSandbox(options, (sandbox) => readAll(sandbox, 'read_client_list'));
    const second = await withSandbox(options, (sandbox) => readAll(sandbox, 'read_client_list'));

    expect(first).toHaveLength(300);
    expect(second).toEqual(first);
  });

  test('another seed gives other records', async () => {
    const account = (seed: number) => ({ accounts: [{ webKey: 'CT_0123456789abcdef0123456789abcdef', seed, clients: 50 }] });

    const first = await withSandbox(account(1), (sandbox) => readAll(sandbox, 'read_client_list'));
    const second = await withSandbox(account(2), (sandbox) => readAll(sandbox, 'read_client_list'));
    const sameNames = first.filter((client, index) => client.firstName === second[index].firstName);

    expect(first.map((client) => client.client_id)).toEqual(second.map((client) => client.client_id));
    expect(sameNames.length).toBeLessThan(10);
  });

  test('time zone shifts the local timestamps', async () => {
    const account = (timeZone: string) => ({ accounts: [{ webKey: 'CT_0123456789abcdef0123456789abcdef', timeZone, clients: 20 }] });

    const eastern = await withSandbox(account('America/New_York'), (sandbox) => readAll(sandbox, 'read_client_list'));
    const tokyo = await withSandbox(account('Asia/Tokyo'), (sandbox) => readAll(sandbox, 'read_client_list'));

    for (const [index, client] of eastern.entries()) {
      const easternInstant = parseNaive(client.last_modified_date, 'America/New_York');
      const tokyoInstant = parseNaive(tokyo[index].last_modified_date, 'Asia/Tokyo');

      expect(client.last_modified_date).not.toBe(tokyo[index].last_modified_date);
      expect(tokyoInstant.toMillis()).toBe(easternInstant.toMillis());
    }
  });

  test('invalid account options are rejected', async () => {
    await expect(startSandbox({ accounts: [{ webKey: 'k', timeZone: 'Mars/Olympus' }] })).rejects.toThrow('Invalid time zone "Mars/Olympus"');
    await expect(startSandbox({ accounts: [{ webKey: 'k', clients: -1 }] })).rejects.toThrow('Invalid clients -1');
    await expect(startSandbox({ accounts: [{ webKey: '' }] })).rejects.toThrow('Invalid web key ""');
    await expect(startSandbox({ accounts: [{ webKey: 'k' }, { webKey: 'k' }] })).rejects.toThrow('Duplicate web key "k"');
  });
});
