// Long row loops hand the event loop back regularly: a worker runs several activities on one thread, and seconds
// of uninterrupted row work would stall the others (their next SQL statement, S3 call or heartbeat).

/** Rows processed between two returns to the event loop (tens of milliseconds of work). */
export const ROWS_PER_SLICE = 2000;

/** Resolves after pending I/O callbacks have run (setImmediate), unlike an awaited resolved promise. */
export const yieldToEventLoop = (): Promise<void> => new Promise((resolve) => setImmediate(resolve));
