import { request } from 'node:http';
import { FaultKind, Sandbox, startSandbox } from '../../sandbox/server';
import { credentials, get, getJson, withSandbox } from './helpers';

interface RawBody {
  declaredLength: number;
  body: Buffer;
  /** Whether the whole declared body arrived before the connection closed. */
  complete: boolean;
}

/** Reads a response with node:http, keeping whatever part of the body arrives before the socket closes. */
function receiveRawBody(sandbox: Sandbox, path: string): Promise<RawBody> {
  return new Promise((resolve, reject) => {
    const outgoing = request(sandbox.url + path, { headers: credentials(sandbox) }, (incoming) => {
      const chunks: Buffer[] = [];
      incoming.on('data', (chunk: Buffer) => chunks.push(chunk));
      incoming.on('error', () => undefined);
      incoming.on('close', () => {
        resolve({
          declaredLength: Number(incoming.headers['content-length']),
          body: Buffer.concat(chunks),
          complete: incoming.complete,
        });
      });
    });
    outgoing.on('error', reject);
    outgoing.end();
  });
}

describe('sandbox faults', () => {
  let sandbox: Sandbox;

  beforeEach(async () => {
    sandbox = await startSandbox({ now: '2026-01-15T12:00:00Z', freezeClock: true });
  });

  afterEach(() => sandbox.close());

  test('429 with Retry-After in seconds', async () => {
    sandbox.faults.inject({ kind: '429', retryAfterSeconds: 7 });
    const limited = await get(sandbox, 'read_client_list');
    const next = await get(sandbox, 'read_client_list');

    expect(limited.status).toBe(429);
    expect(limited.headers.get('retry-after')).toBe('7');
    expect(next.status).toBe(200);
  });

  test('429 with Retry-After as HTTP date', async () => {
    sandbox.faults.inject({ kind: '429', retryAfterSeconds: 30, retryAfterDate: true });
    const limited = await get(sandbox, 'read_client_list');
    const retryAt = Date.parse(String(limited.headers.get('retry-after')));
    const sentAt = Date.parse(String(limited.headers.get('date')));

    expect(limited.status).toBe(429);
    expect(limited.headers.get('retry-after')).toBe('Thu, 15 Jan 2026 12:00:30 GMT');
    expect(retryAt - sentAt).toBe(30_000);
  });

  test('429 without Retry-After', async () => {
    sandbox.faults.inject({ kind: '429' });
    const limited = await get(sandbox, 'read_client_list');

    expect(limited.status).toBe(429);
    expect(limited.headers.get('retry-after')).toBeNull();
  });

  test.each(['500', '502', '503'])('%s returns an HTML error page', async (kind) => {
    sandbox.faults.inject({ kind: kind as FaultKind });
    const failed = await get(sandbox, 'read_client_list');

    expect(failed.status).toBe(Number(kind));
    expect(failed.headers.get('content-type')).toMatch(/^text\/html/);
    expect(failed.text).toContain(kind);
  });

  test('non-json returns HTML with 200', async () => {
    sandbox.faults.inject({ kind: 'non-json' });
    const response = await get(sandbox, 'read_client_list');

    expect(response.status).toBe(200);
    expect(response.headers.get('content-type')).toMatch(/^text\/html/);
    expect(() => JSON.parse(response.text)).toThrow();
  });

  test('error-code returns CT500 with 200', async () => {
    sandbox.faults.inject({ kind: 'error-code' });
    const envelope = await getJson(sandbox, 'read_client_list');

    expect(envelope).toEqual({ ResultCode: 'CT500', Message: 'Unknown error' });
  });

  test('drop closes the socket without a response', async () => {
    sandbox.faults.inject({ kind: 'drop' });

    await expect(get(sandbox, 'read_client_list')).rejects.toThrow();
    expect((await get(sandbox, 'read_client_list')).status).toBe(200);
    expect(sandbox.requests.map((request) => request.status)).toEqual([0, 200]);
  });

  test('truncated cuts the body midway', async () => {
    sandbox.faults.inject({ kind: 'truncated' });
    const response = await fetch(sandbox.url + 'read_client_list', { headers: credentials(sandbox) });
    const declaredLength = Number(response.headers.get('content-length'));

    expect(response.status).toBe(200);
    expect(declaredLength).toBeGreaterThan(1000);
    await expect(response.text()).rejects.toThrow();
  });

  test('truncated body is half the declared length', async () => {
    sandbox.faults.inject({ kind: 'truncated' });
    const received = await receiveRawBody(sandbox, 'read_client_list');

    expect(received.body.length).toBe(Math.floor(received.declaredLength / 2));
    expect(received.body.toString('utf8').startsWith('{"ResultCode":"CT_200"')).toBe(true);
    expect(received.complete).toBe(false);
  });

  test('slow delays past a client timeout', async () => {
    sandbox.faults.inject({ kind: 'slow', delayMs: 5_000 });
    const started = Date.now();

    await expect(get(sandbox, 'read_client_list', credentials(sandbox), { signal: AbortSignal.timeout(200) })).rejects.toThrow();
    expect(Date.now() - started).toBeLessThan(4_000);
  });

  test('slow still answers after its delay', async () => {
    sandbox.faults.inject({ kind: 'slow', delayMs: 300 });
    const started = Date.now();
    const envelope = await getJson(sandbox, 'read_client_list?limit=1');

    expect(Date.now() - started).toBeGreaterThanOrEqual(290);
    expect(envelope.ResultCode).toBe('CT_200');
  });

  test('operation and times select requests', async () => {
    sandbox.faults.inject({ kind: '503', operation: 'read_client_list', times: 2 });

    const users = await get(sandbox, 'read_user_list');
    const first = await get(sandbox, 'read_client_list');
    const second = await get(sandbox, 'read_client_list');
    const third = await get(sandbox, 'read_client_list');

    expect([users.status, first.status, second.status, third.status]).toEqual([200, 503, 503, 200]);
  });

  test('queued faults apply in order', async () => {
    sandbox.faults.inject({ kind: '500' });
    sandbox.faults.inject({ kind: '429' });

    const statuses = [];
    for (let attempt = 0; attempt < 3; attempt++) {
      statuses.push((await get(sandbox, 'read_client_list')).status);
    }

    expect(statuses).toEqual([500, 429, 200]);
  });

  test('clear removes queued and rate faults', async () => {
    sandbox.faults.inject({ kind: '500', times: 5 });
    sandbox.faults.rate('503', 1);
    sandbox.faults.clear();

    expect((await get(sandbox, 'read_client_list')).status).toBe(200);
  });

  test('invalid fault options are rejected', () => {
    expect(() => sandbox.faults.inject({ kind: 'boom' as FaultKind })).toThrow('Invalid fault kind "boom"');
    expect(() => sandbox.faults.inject({ kind: '500', times: 0 })).toThrow('Invalid fault times 0');
    expect(() => sandbox.faults.rate('500', 1.5)).toThrow('Invalid fault probability 1.5');
  });

  test('requests log records status and result code', async () => {
    sandbox.faults.inject({ kind: '502' });
    await get(sandbox, 'read_client_list?limit=5&offset=10');
    await get(sandbox, 'read_client_list?limit=5&offset=10');

    expect(sandbox.requests).toEqual([
      { operation: 'read_client_list', offset: 10, limit: 5, status: 502, resultCode: null, webKey: sandbox.account().webKey },
      { operation: 'read_client_list', offset: 10, limit: 5, status: 200, resultCode: 'CT_200', webKey: sandbox.account().webKey },
    ]);
  });
});

describe('sandbox fault rates', () => {
  async function statusesAtRate(seed: number): Promise<number[]> {
    return withSandbox({}, async (sandbox) => {
      sandbox.faults.rate('503', 0.3, seed);
      const statuses: number[] = [];
      for (let attempt = 0; attempt < 60; attempt++) {
        statuses.push((await get(sandbox, 'read_user_list')).status);
      }
      return statuses;
    });
  }

  test('same seed fails the same requests', async () => {
    const first = await statusesAtRate(3);
    const second = await statusesAtRate(3);
    const failures = first.filter((status) => status === 503).length;

    expect(second).toEqual(first);
    expect(failures).toBeGreaterThan(5);
    expect(failures).toBeLessThan(35);
  });

  test('another seed fails other requests', async () => {
    expect(await statusesAtRate(4)).not.toEqual(await statusesAtRate(3));
  });

  test('rate 0 stops the faults', async () => {
    await withSandbox({}, async (sandbox) => {
      sandbox.faults.rate('500', 1);
      const failed = await get(sandbox, 'read_user_list');
      sandbox.faults.rate('500', 0);
      const passed = await get(sandbox, 'read_user_list');

      expect(failed.status).toBe(500);
      expect(passed.status).toBe(200);
    });
  });

  test('latencyMs delays every request', async () => {
    await withSandbox({ latencyMs: 150 }, async (sandbox) => {
      const started = Date.now();
      await get(sandbox, 'read_user_list');
      await get(sandbox, 'read_user_list');

      expect(Date.now() - started).toBeGreaterThanOrEqual(290);
    });
  });

  test('close ends a pending slow request', async () => {
    const sandbox = await startSandbox();
    sandbox.faults.inject({ kind: 'slow', delayMs: 60_000 });
    const pending = get(sandbox, 'read_client_list');
    await new Promise((resolve) => setTimeout(resolve, 100));
    const started = Date.now();

    await sandbox.close();

    await expect(pending).rejects.toThrow();
    expect(Date.now() - started).toBeLessThan(2_000);
  });
});
