/**
 * Runs fn over items with at most `limit` calls in flight and yields the
 * results as they complete (not in input order).
 */
export async function* mapConcurrent<T, R>(
  items: Iterable<T>,
  limit: number,
  fn: (item: T) => Promise<R>,
): AsyncGenerator<R> {
  const iterator = items[Symbol.iterator]();
  const running = new Map<number, Promise<{ id: number; value: R }>>();
  let nextId = 0;
  const launch = (): boolean => {
    const step = iterator.next();
    if (step.done) return false;
    const id = nextId++;
    running.set(
      id,
      fn(step.value).then((value) => ({ id, value })),
    );
    return true;
  };
  while (running.size < limit && launch()) {
    /* fill the pool */
  }
  while (running.size > 0) {
    const { id, value } = await Promise.race(running.values());
    running.delete(id);
    launch();
    yield value;
  }
}
