/**
 * Hands items to `flush` in groups, one flush at a time: items added while a flush is under way
 * wait and go together in the next (at most `maxItems`). Idle, an item is flushed at once, alone;
 * busy, the groups grow with the load. `add` resolves once its item's flush has ended; `flush`
 * reports its own failures (it is given no way to fail an item).
 */
export class CoalescingQueue<T> {
  private readonly waiting: { item: T; done: () => void }[] = [];
  private flushing = false;

  constructor(
    private readonly flush: (items: readonly T[]) => Promise<void>,
    private readonly maxItems: number,
  ) {}

  add(item: T): Promise<void> {
    return new Promise((done) => {
      this.waiting.push({ item, done });
      if (!this.flushing) void this.drain();
    });
  }

  private async drain(): Promise<void> {
    this.flushing = true;
    try {
      while (this.waiting.length > 0) {
        const group = this.waiting.splice(0, this.maxItems);
        await this.flush(group.map((g) => g.item)).catch(() => undefined);
        for (const { done } of group) done();
      }
    } finally {
      this.flushing = false;
    }
  }
}
