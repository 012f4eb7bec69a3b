/**
 * The number of page requests a scan keeps in flight: halved on every rate-limited response and
 * raised by one after a run of responses without one, so a 429 storm backs off quickly and the
 * scan speeds up again slowly.
 */
export class AdaptiveConcurrency {
  private value: number;
  private successesSinceChange = 0;

  constructor(
    readonly maximum: number,
    private readonly successesPerIncrease = 20,
  ) {
    this.value = maximum;
  }

  get current(): number {
    return this.value;
  }

  onRateLimited(): void {
    this.value = Math.max(1, Math.floor(this.value / 2));
    this.successesSinceChange = 0;
  }

  onSuccess(): void {
    this.successesSinceChange++;
    if (this.value < this.maximum && this.successesSinceChange >= this.successesPerIncrease) {
      this.value++;
      this.successesSinceChange = 0;
    }
  }
}
