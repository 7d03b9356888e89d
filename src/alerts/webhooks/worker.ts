// The webhook loop of one server process: fan out new outbox events, send due deliveries, repeat
// while there is work; then sleep until the next poll or until woken (an event committed in this
// process, a redelivery). Every process runs one; the claims (SKIP LOCKED) keep them apart.
import type { Logger } from "../../logger.ts";
import { fanOutEvents, type FanOutDeps } from "./fan-out.ts";
import { sendDue, type SenderSettings } from "./sender.ts";

export interface WorkerDeps extends FanOutDeps {
  logger: Logger;
  settings: SenderSettings & { pollMs: number };
}

export class WebhookWorker {
  #timer: NodeJS.Timeout | null = null;
  #running: Promise<void> | null = null;
  #again = false;
  #stopped = false;
  #failures = 0;

  constructor(private readonly deps: WorkerDeps) {}

  start(): void {
    this.#schedule(0);
  }

  /** Runs a round soon (at once if idle; right after the current one otherwise). */
  wake(): void {
    if (this.#stopped) return;
    if (this.#running) this.#again = true;
    else this.#schedule(0);
  }

  #schedule(ms: number): void {
    if (this.#stopped) return;
    if (this.#timer) clearTimeout(this.#timer);
    this.#timer = setTimeout(() => void this.#round(), ms);
    this.#timer.unref();
  }

  async #round(): Promise<void> {
    this.#timer = null;
    if (this.#running || this.#stopped) return;
    let resolve!: () => void;
    this.#running = new Promise<void>((r) => (resolve = r));
    let delay = this.deps.settings.pollMs;
    try {
      do {
        this.#again = false;
        const fanned = await fanOutEvents(this.deps);
        const sent = await sendDue(this.deps);
        if (fanned || sent) this.#again = true;
      } while (this.#again && !this.#stopped);
      this.#failures = 0;
    } catch (error) {
      // The database is away or a row is broken: logged, retried at the next poll, slower each time.
      this.#failures++;
      delay = Math.min(delay * 2 ** this.#failures, 60_000);
      this.deps.logger.warn({ err: error }, "webhook round failed; retrying");
    } finally {
      this.#running = null;
      resolve();
    }
    this.#schedule(this.#again ? 0 : delay);
  }

  /** Stops polling and waits for the round in flight (its POSTs are bounded by the timeout). */
  async stop(): Promise<void> {
    this.#stopped = true;
    if (this.#timer) clearTimeout(this.#timer);
    await this.#running;
  }
}
