// Which URLs may receive webhooks (src/alerts/webhooks/allowed-hosts.ts), as the URL parser that
// fetch uses sees them, and the setting that lists the hosts. No server: the registration refusals
// over HTTP are in test/webhooks.test.ts.
import { describe, expect, it } from "vitest";
import { checkWebhookUrl } from "../src/alerts/webhooks/allowed-hosts.ts";
import { ConfigError, loadConfig } from "../src/config.ts";

describe("allowed hosts", () => {
  const allowed = ["hooks.example.gov.cn", "10.0.0.5:8443", "[fd00::5]"];

  it.each([
    ["https://hooks.example.gov.cn/dlg", null],
    ["http://HOOKS.Example.gov.cn./dlg", null],
    ["https://hooks.example.gov.cn:9443/dlg", null],
    ["https://10.0.0.5:8443/dlg", null],
    ["https://[fd00::5]/dlg", null],
    // the port matters when the entry names one; 443 is https's default
    ["https://10.0.0.5/dlg", "webhook.allowedHost"],
    ["http://10.0.0.5:8080/dlg", "webhook.allowedHost"],
    // other spellings of an address are what the parser makes of them
    ["http://0x0a.0.0.5:8443/dlg", null],
    ["http://167772165:8443/dlg", null],
    ["http://0x0a.0.0.6:8443/dlg", "webhook.allowedHost"],
    ["http://hooks.example.gov.cn.evil.example/dlg", "webhook.allowedHost"],
    ["http://evil.example/hooks.example.gov.cn", "webhook.allowedHost"],
    ["http://evil.example#@hooks.example.gov.cn/", "webhook.allowedHost"],
    ["http://hooks.example.gov.cn@evil.example/", "webhook.userinfo"],
    ["http://hooks.example.gov.cn%40evil.example/", "webhook.url"],
    ["gopher://hooks.example.gov.cn/", "webhook.scheme"],
    ["ws://hooks.example.gov.cn/", "webhook.scheme"],
    ["//hooks.example.gov.cn/", "webhook.url"],
  ])("%s → %s", (url, rule) => {
    expect(checkWebhookUrl(url, allowed)?.rule ?? null).toBe(rule);
  });

  it("allows nothing when the list is empty, and says so", () => {
    expect(checkWebhookUrl("https://hooks.example.gov.cn/", [])).toEqual({ rule: "webhook.allowedHost", message: "no webhook host is allowed on this server (WEBHOOK_ALLOWED_HOSTS is empty)" });
  });

  it("reads WEBHOOK_ALLOWED_HOSTS (empty by default) and refuses an entry that is not a host", () => {
    expect(loadConfig({}).webhooks.allowedHosts).toEqual([]);
    expect(loadConfig({ WEBHOOK_ALLOWED_HOSTS: " Hooks.Example.gov.cn , 10.0.0.5:8443" }).webhooks.allowedHosts).toEqual(["hooks.example.gov.cn", "10.0.0.5:8443"]);
    expect(() => loadConfig({ WEBHOOK_ALLOWED_HOSTS: "https://hooks.example.gov.cn/" })).toThrow(ConfigError);
    expect(() => loadConfig({ WEBHOOK_MAX_ATTEMPTS: "0" })).toThrow("invalid environment variable WEBHOOK_MAX_ATTEMPTS=\"0\": must be an integer between 1 and 1000");
  });
});
