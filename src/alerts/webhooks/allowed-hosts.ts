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
  message: string;
}

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

/** Null when the URL may receive webhooks, else why not (naming the rule). */
export function checkWebhookUrl(raw: string, allowedHosts: readonly string[]): UrlIssue | null {
  let url: URL;
  try {
    url = new URL(raw);
  } catch {
    return { rule: "webhook.url", message: "must be an absolute URL such as https://hooks.example.gov.cn/dlg" };
  }
  if (url.protocol !== "http:" && url.protocol !== "https:") return { rule: "webhook.scheme", message: "must use http or https" };
  // A user name or password in the URL is refused outright: it is also the classic way to make a
  // URL look as if it named another host (https://allowed.example@10.0.0.1/).
  if (url.username || url.password) return { rule: "webhook.userinfo", message: "must not contain a user name or password (user@host)" };
  const { host, port } = hostAndPort(url);
  if (!allowedHosts.some((entry) => allowedBy(entry, host, port))) {
    // The list itself is not echoed: it says which internal hosts exist.
    return {
      rule: "webhook.allowedHost",
      message: allowedHosts.length ? `host ${url.host} is not among the hosts the administrator allowed (WEBHOOK_ALLOWED_HOSTS)` : "no webhook host is allowed on this server (WEBHOOK_ALLOWED_HOSTS is empty)",
    };
  }
  return null;
}
