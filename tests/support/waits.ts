/**
 * How long a test waits for a state change or an event. The suite runs on a loaded 2-core
 * machine beside other suites (and CI runs it twice), where a page's island, a server's
 * background task or a child process can take seconds — not the 1 s that `expect.poll` and
 * most defaults assume. Every wait is on a state or an event, never a sleep, so a fast run
 * pays nothing for the long bound; a slow one no longer fails by chance.
 */
export const STATE_CHANGE_TIMEOUT_IN_MS = 20_000;

/** `expect.poll(…, POLL)`: the bound above, checked often. */
export const POLL = { timeout: STATE_CHANGE_TIMEOUT_IN_MS, interval: 50 } as const;
