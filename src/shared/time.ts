// Time and chance, injected everywhere so tests run on a fake clock with no real waiting.

/** Milliseconds since the epoch (or any fixed origin), injectable for tests. */
export type Clock = () => number;

/** Resolves after `ms`; tests pass a fake that advances a fake clock. */
export type Sleep = (ms: number) => Promise<void>;

/** Returns a number in [0, 1); injectable so jitter is deterministic in tests. */
export type Random = () => number;
