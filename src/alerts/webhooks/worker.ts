// The webhook loop of one server process: fan out new outbox events, claim due deliveries up to a
// number in flight and send them without waiting for one another (a slow receiver holds only its
// own slots, never the round), repeat while there is work; then sleep until the next poll or until
// woken (an event from the feed, a redelivery, a slot freed). Every process runs one; the claims
// (SKIP LOCKED) keep them apart.
import type { Logger } from "../../logger.ts";
import { fanOutEvents, type FanOutDeps } from "./fan-out.ts";
import { claimDeliveries, deliver, type SenderSettings } from "./sender.ts";

/** POSTs in flight per process: enough for many receivers, few enough for the connection pool. */
const MAX_IN_FLIGHT = 16;

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
  readonly #inFlight = new Set<Promise<void>>();

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
        const free = MAX_IN_FLIGHT - this.#inFlight.size;
        const claimed = await claimDeliveries(this.deps, free);
        for (const d of claimed) {
          const sending: Promise<void> = deliver(this.deps, d)
            .catch((error: unknown) => this.deps.logger.warn({ err: error }, "webhook delivery failed; it will be retried"))
            .finally(() => {
              this.#inFlight.delete(sending);
              // a slot is free: more may be due
              this.wake();
            });
          this.#inFlight.add(sending);
        }
        // more events, or every slot filled (more may be due): go again
        if (fanned || (claimed.length > 0 && claimed.length === free)) this.#again = true;
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

  /**
   * Stops polling, waits for the round, and for the POSTs in flight a short while only: a slow
   * receiver must not hold the shutdown past SHUTDOWN_TIMEOUT_MS. A POST still unanswered then is
   * not lost: its claim expires and it is sent again (same event id), by this process's successor
   * or another one.
   */
  async stop(graceMs = 2_000): Promise<void> {
    this.#stopped = true;
    if (this.#timer) clearTimeout(this.#timer);
    await this.#running;
    let timer: NodeJS.Timeout | undefined;
    await Promise.race([Promise.all([...this.#inFlight]), new Promise<void>((r) => (timer = setTimeout(r, graceMs)))]);
    clearTimeout(timer);
  }
}
