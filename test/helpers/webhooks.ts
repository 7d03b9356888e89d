// Webhook tests' tools: a real receiver on 127.0.0.1 that can accept, refuse (HTTP status or
// connection refused), redirect or answer slowly; alerts and their events written in SQL (the
// trigger alert_event → outbox_event makes the delivery events); waiting for conditions.
import { createServer, type IncomingHttpHeaders, type Server } from "node:http";
import { once } from "node:events";
import { randomInt } from "node:crypto";
import type { AddressInfo } from "node:net";

export interface Received {
  headers: IncomingHttpHeaders;
  body: string;
  /** the status the receiver answered */
  status: number;
  at: number;
}

export type Behaviour = { status: number; location?: string; delayMs?: number };

export class Receiver {
  readonly requests: Received[] = [];
  behaviour: Behaviour = { status: 200 };
  #server: Server | null = null;
  port = 0;

  constructor(private readonly host = "127.0.0.1") {}

  async start(port = 0): Promise<this> {
    const server = createServer((req, res) => {
      let body = "";
      req.setEncoding("utf8");
      req.on("data", (c) => (body += c));
      req.on("end", () => {
        const { status, location, delayMs } = this.behaviour;
        this.requests.push({ headers: req.headers, body, status, at: Date.now() });
        const answer = () => {
          res.writeHead(status, location ? { location } : {});
          res.end(status < 300 ? "ok" : "no");
        };
        if (delayMs) setTimeout(answer, delayMs);
        else answer();
      });
    });
    server.listen(port, this.host);
    await once(server, "listening");
    this.#server = server;
    this.port = (server.address() as AddressInfo).port;
    return this;
  }

  get url(): string {
    return `http://${this.host}:${this.port}/hooks`;
  }

  /** Stops listening (connections are refused) until start(port) again. */
  async stop(): Promise<void> {
    const server = this.#server;
    this.#server = null;
    if (!server) return;
    server.closeAllConnections();
    await new Promise<void>((r) => server.close(() => r()));
  }

  /** The event ids of the requests answered 2xx. */
  accepted(): string[] {
    return this.requests.filter((r) => r.status < 300).map((r) => String(r.headers["x-dlg-event-id"]));
  }
}

/** Polls `check` until it returns a truthy value; fails after `timeoutMs` with `what`. */
export async function until<T>(what: string, check: () => Promise<T> | T, timeoutMs = 30_000, everyMs = 50): Promise<NonNullable<T>> {
  const deadline = Date.now() + timeoutMs;
  for (;;) {
    const value = await check();
    if (value) return value as NonNullable<T>;
    if (Date.now() > deadline) throw new Error(`timed out after ${timeoutMs} ms waiting for ${what}`);
    await new Promise((r) => setTimeout(r, everyMs));
  }
}

/** Anything that runs SQL with $1… parameters: the test server's Prisma client, or a pg client. */
export type Sql = (text: string, params?: unknown[]) => Promise<Array<Record<string, unknown>>>;

/** A test rule reading `resources` (each alert is visible only to principals that may read them all). */
export async function insertRule(sql: Sql, resources: string[]): Promise<number> {
  const code = `TEST_WEBHOOK_${randomInt(1e9)}`;
  const [row] = await sql(
    `INSERT INTO risk_rule (code, name_zh, name_en, clause, legal_source, severity, parameters, responsible_agencies, resources, subject_type, triggers, ack_working_days, dispose_working_days, updated_at)
     VALUES ($1, '测试规则', 'Test rule', '二(二)1', 'test', 'HIGH', '{}'::jsonb, ARRAY['FINANCE_BUREAU']::"Agency"[], $2::text[], 'Enterprise', ARRAY['WRITE']::"RuleTrigger"[], 3, 10, CURRENT_TIMESTAMP) RETURNING id`,
    [code, resources],
  );
  return Number(row!.id);
}

/**
 * An alert raised as the evaluator would write it: the alert, its RAISED event, and (by trigger,
 * same transaction) its outbox event, whose id is returned.
 */
export async function raiseAlert(sql: Sql, ruleId: number, countyCode = "441702"): Promise<{ alertId: number; eventId: string; committedAt: number }> {
  const subjectId = randomInt(1e9);
  const [alert] = await sql(
    `INSERT INTO alert (rule_id, subject_type, subject_id, subject_key, subject_name, county_code, period, severity, evidence, assigned_agencies, raised_on, ack_due_on, dispose_due_on, updated_at)
     VALUES ($1, 'Enterprise', $2, $3, '测试企业', $4, '2018Q4', 'HIGH', '[]'::jsonb, ARRAY['FINANCE_BUREAU']::"Agency"[], DATE '2018-12-31', DATE '2019-01-04', DATE '2019-01-18', CURRENT_TIMESTAMP) RETURNING id`,
    [ruleId, subjectId, `91441700TEST${subjectId}`.slice(0, 18), countyCode],
  );
  const alertId = Number(alert!.id);
  await sql(`INSERT INTO alert_event (alert_id, kind, to_status) VALUES ($1, 'RAISED', 'OPEN')`, [alertId]);
  // the statement committed on its own (autocommit): the event exists from now
  const committedAt = Date.now();
  const [event] = await sql(`SELECT id::text AS id FROM outbox_event WHERE alert_id = $1 AND topic = 'alert.raised'`, [alertId]);
  return { alertId, eventId: String(event!.id), committedAt };
}
