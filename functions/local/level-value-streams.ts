import { Readable } from "node:stream";

/**
 * dynalite reads every Query and Scan through `createValueStream`/`createKeyStream` on its LevelDB
 * handle, and closes the underlying iterator with `iterator.return()`, which abstract-level 3's
 * iterators do not have: no iterator was ever closed, neither at the end of its range nor when a
 * query stopped early at its Limit. Each one stayed attached to the database with its read buffer
 * and LevelDB snapshot, so the embedded store grew by every query it answered (the soak's leak).
 * These streams close their iterator on end, on error and on destroy.
 */

interface ClosableIterator<T> {
  next(): Promise<T | undefined>;
  close(): Promise<void>;
}

export interface IterableLevel {
  keys(options?: object): ClosableIterator<string>;
  values(options?: object): ClosableIterator<unknown>;
  createKeyStream?: (options?: object) => Readable;
  createValueStream?: (options?: object) => Readable;
}

function streamOf<T>(iterator: ClosableIterator<T>): Readable {
  let closed: Promise<void> | null = null;
  const close = () => {
    closed ??= iterator.close().catch(() => {});
    return closed;
  };
  return new Readable({
    objectMode: true,
    read() {
      iterator.next().then(
        (value) => {
          if (value !== undefined) {
            this.push(value);
            return;
          }
          void close().then(() => this.push(null));
        },
        (error: Error) => this.destroy(error),
      );
    },
    destroy(error, callback) {
      void close().then(() => callback(error));
    },
  });
}

/** Replaces the handle's stream methods with ones that close their iterators. */
export function closeIteratorsOfStreams(level: IterableLevel): void {
  level.createKeyStream = (options) => streamOf(level.keys(options));
  level.createValueStream = (options) => streamOf(level.values(options));
}
