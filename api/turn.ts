/**
 * What one turn of the event loop gathers, handled together right after it. `add` queues an
 * item; the first of a turn schedules `handle` (setImmediate, which runs once the turn has read
 * every request that was waiting), and `handle` gets them all, in order, with the queue empty
 * again for the next turn. Idle, an item waits for nothing but the next turn.
 *
 * At a course launch the requests that arrive together are answered together this way: their
 * lookups go to PostgreSQL as one statement (db/client.ts) and their answers are written in one
 * go (server/session-lanes.ts).
 */
export function perTurn<T>(handle: (items: T[]) => void): (item: T) => void {
  let items: T[] = [];
  const flush = (): void => {
    const turn = items;
    items = [];
    handle(turn);
  };
  return (item) => {
    if (items.push(item) === 1) setImmediate(flush);
  };
}
