import { Sandbox, startSandbox } from '../../sandbox/server';
import { get, withSandbox } from './helpers';

async function dateHeader(sandbox: Sandbox): Promise<string | null> {
  return (await get(sandbox, 'read_user_list')).headers.get('date');
}

describe('sandbox clock', () => {
  let sandbox: Sandbox;

  beforeEach(async () => {
    sandbox = await startSandbox({ now: '2026-01-15T12:00:00Z', freezeClock: true });
  });

  afterEach(() => sandbox.close());

  test('Date header shows the sandbox clock', async () => {
    expect(await dateHeader(sandbox)).toBe('Thu, 15 Jan 2026 12:00:00 GMT');
    expect(sandbox.clock.now().toISOString()).toBe('2026-01-15T12:00:00.000Z');
  });

  test('frozen clock does not move', async () => {
    await new Promise((resolve) => setTimeout(resolve, 1_100));

    expect(await dateHeader(sandbox)).toBe('Thu, 15 Jan 2026 12:00:00 GMT');
  });

  test('advance moves the clock', async () => {
    sandbox.clock.advance(90 * 60 * 1000);

    expect(await dateHeader(sandbox)).toBe('Thu, 15 Jan 2026 13:30:00 GMT');
  });

  test('set moves the clock to an instant', async () => {
    sandbox.clock.set('2027-03-01T08:15:30Z');

    expect(await dateHeader(sandbox)).toBe('Mon, 01 Mar 2027 08:15:30 GMT');
    expect(() => sandbox.clock.set('not a time')).toThrow('Invalid clock time "not a time"');
  });

  test('resume lets the clock tick again', async () => {
    sandbox.clock.resume();
    await new Promise((resolve) => setTimeout(resolve, 1_100));

    expect(sandbox.clock.now().getTime()).toBeGreaterThanOrEqual(Date.parse('2026-01-15T12:00:01Z'));
  });

  test('modify stamps the clock time in the account zone', () => {
    sandbox.clock.set('2026-07-04T16:20:05Z');
    const modified = sandbox.account().modifyClient('1000001', { phone: '' });

    expect(modified.last_modified_date).toBe('2026-07-04 12:20:05');
  });
});

describe('sandbox clock ticking', () => {
  test('clock ticks in real time by default', async () => {
    await withSandbox({ now: '2030-05-05T00:00:00Z' }, async (sandbox) => {
      const first = sandbox.clock.now().getTime();
      await new Promise((resolve) => setTimeout(resolve, 200));
      const second = sandbox.clock.now().getTime();

      expect(first).toBeGreaterThanOrEqual(Date.parse('2030-05-05T00:00:00Z'));
      expect(first).toBeLessThan(Date.parse('2030-05-05T00:00:10Z'));
      expect(second - first).toBeGreaterThanOrEqual(190);
    });
  });

  test('freeze stops a ticking clock', async () => {
    await withSandbox({}, async (sandbox) => {
      sandbox.clock.freeze();
      const frozen = sandbox.clock.now().getTime();
      await new Promise((resolve) => setTimeout(resolve, 100));

      expect(sandbox.clock.now().getTime()).toBe(frozen);
    });
  });

  test('default start is 2026-01-15T12:00:00Z', async () => {
    await withSandbox({ freezeClock: true }, async (sandbox) => {
      expect(await dateHeader(sandbox)).toBe('Thu, 15 Jan 2026 12:00:00 GMT');
    });
  });
});
