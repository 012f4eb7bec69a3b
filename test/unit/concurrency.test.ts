import { AdaptiveConcurrency } from '../../source-clienttether/streams/concurrency';

describe('AdaptiveConcurrency', () => {
  test('halves on each rate limit', () => {
    const concurrency = new AdaptiveConcurrency(8);

    concurrency.onRateLimited();
    expect(concurrency.current).toBe(4);
    concurrency.onRateLimited();
    concurrency.onRateLimited();
    concurrency.onRateLimited();
    expect(concurrency.current).toBe(1);
  });

  test('rises by one after quiet successes', () => {
    const concurrency = new AdaptiveConcurrency(4, 3);
    concurrency.onRateLimited();
    concurrency.onRateLimited();

    concurrency.onSuccess();
    concurrency.onSuccess();
    expect(concurrency.current).toBe(1);
    concurrency.onSuccess();
    expect(concurrency.current).toBe(2);
    for (let i = 0; i < 30; i++) concurrency.onSuccess();
    expect(concurrency.current).toBe(4);
  });
});
