// A subscriber's events between the feed (which pushes) and graphql-js (which pulls): an async
// iterator over a bounded queue. A subscriber that falls this far behind is ended with an error
// rather than holding the server's memory.
import { localizedError } from "../i18n/index.ts";

const MAX_QUEUED = 10_000;

export class EventQueue<T> implements AsyncIterableIterator<T> {
  readonly #items: T[] = [];
  #waiting: ((result: IteratorResult<T>) => void) | null = null;
  #failWaiting: ((error: Error) => void) | null = null;
  #done = false;
  #error: Error | null = null;

  constructor(private readonly onClose: () => void) {}

  push(item: T): void {
    if (this.#done) return;
    if (this.#waiting) {
      const resolve = this.#waiting;
      this.#waiting = this.#failWaiting = null;
      resolve({ value: item, done: false });
      return;
    }
    if (this.#items.length >= MAX_QUEUED) {
      this.fail(localizedError("ws.tooSlow", { max: MAX_QUEUED }, { code: "SUBSCRIBER_TOO_SLOW" }));
      return;
    }
    this.#items.push(item);
  }

  fail(error: Error): void {
    if (this.#done) return;
    this.#error = error;
    if (this.#failWaiting) this.#failWaiting(error);
    this.#close();
  }

  next(): Promise<IteratorResult<T>> {
    if (this.#items.length) return Promise.resolve({ value: this.#items.shift()!, done: false });
    if (this.#error) return Promise.reject(this.#error);
    if (this.#done) return Promise.resolve({ value: undefined, done: true });
    return new Promise((resolve, reject) => {
      this.#waiting = resolve;
      this.#failWaiting = reject;
    });
  }

  return(): Promise<IteratorResult<T>> {
    this.#close();
    this.#waiting?.({ value: undefined, done: true });
    this.#waiting = this.#failWaiting = null;
    return Promise.resolve({ value: undefined, done: true });
  }

  [Symbol.asyncIterator]() {
    return this;
  }

  #close(): void {
    if (this.#done) return;
    this.#done = true;
    this.#items.length = 0;
    this.onClose();
  }
}
