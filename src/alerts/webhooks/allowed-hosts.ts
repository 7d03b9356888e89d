// Which URLs a webhook may be sent to: http(s) on a host an administrator listed in
// WEBHOOK_ALLOWED_HOSTS, nothing else. Checked at registration and again before every POST (the
// list may have changed since), and redirects are never followed (sender.ts), so the platform
// cannot be made to reach another address (SSRF) through an endpoint.
//
// The URL is parsed by the WHATWG parser, the one fetch itself uses: what is compared is the host
// fetch will connect to, after it normalised the tricks (`http://allowed@evil/`, `0x7f.1`,
// `2130706433`, percent-encoding, trailing dots), never the string as typed.

export interface UrlIssue {
  /** the rule broken, as ValidationError reports it */
  rule: "webhook.url" | "webhook.scheme" | "webhook.userinfo" | "webhook.allowedHost";
  /** in English: what a failed delivery records */
  message: string;
}

/** Why not, as the catalogue entry a refused registration names in the caller's language. */
export interface UrlProblem {
  rule: UrlIssue["rule"];
  key: MessageKey;
  params?: MessageParams;
}

const urlIssue = (rule: UrlIssue["rule"], key: MessageKey, params?: MessageParams): UrlProblem => ({ rule, key, ...(params ? { params } : {}) });

/** Null when the URL may receive webhooks, else why not (naming the rule), in English. */
export function checkWebhookUrl(raw: string, allowedHosts: readonly string[]): UrlIssue | null {
  const problem = webhookUrlProblem(raw, allowedHosts);
  return problem && { rule: problem.rule, message: t("en", problem.key, problem.params) };
}

import { t, type MessageKey, type MessageParams } from "../../i18n/index.ts";

const DEFAULT_PORT: Record<string, string> = { "http:": "80", "https:": "443" };

/** The host fetch would connect to and its port, as compared against the list. */
function hostAndPort(url: URL): { host: string; port: string } {
  return { host: url.hostname.toLowerCase().replace(/\.$/, ""), port: url.port || DEFAULT_PORT[url.protocol]! };
}

/** An entry `host` allows every port of that host; `host:port` only that port. */
function allowedBy(entry: string, host: string, port: string): boolean {
  const m = /^(\[[^\]]+\]|[^:]+)(?::(\d+))?$/.exec(entry);
  if (!m) return false;
  const entryHost = m[1]!.replace(/\.$/, "");
  return entryHost === host && (m[2] === undefined || m[2] === port);
}

/** Null when the URL may receive webhooks, else why not (naming the rule and the catalogue entry). */
export function webhookUrlProblem(raw: string, allowedHosts: readonly string[]): UrlProblem | null {
  let url: URL;
  try {
    url = new URL(raw);
  } catch {
    return urlIssue("webhook.url", "webhook.url");
  }
  if (url.protocol !== "http:" && url.protocol !== "https:") return urlIssue("webhook.scheme", "webhook.scheme");
  // A user name or password in the URL is refused outright: it is also the classic way to make a
  // URL look as if it named another host (https://allowed.example@10.0.0.1/).
  if (url.username || url.password) return urlIssue("webhook.userinfo", "webhook.userinfo");
  const { host, port } = hostAndPort(url);
  if (!allowedHosts.some((entry) => allowedBy(entry, host, port))) {
    // The list itself is not echoed: it says which internal hosts exist.
    return allowedHosts.length ? urlIssue("webhook.allowedHost", "webhook.hostNotAllowed", { host: url.host }) : urlIssue("webhook.allowedHost", "webhook.noHostAllowed");
  }
  return null;
}
