// Shared by the console and the risk overview (plain browser script, no build step): the API key
// (kept in sessionStorage under the explorer's name, so one key serves every page of this server),
// GraphQL over fetch to this server's /graphql, and DOM helpers that only ever set text (no HTML
// from data). Every action of the pages goes through the public GraphQL API with the user's key.
(function () {
  "use strict";
  var KEY = "deleveraging-graph.api-key";
  var config = JSON.parse(document.getElementById("page-config").textContent);
  var S = config.strings;

  function t(name, vars) {
    var s = S[name] || name;
    if (vars) for (var k in vars) s = s.split("{" + k + "}").join(String(vars[k]));
    return s;
  }

  /** el("td", { class: "x", title: "…" }, "text", child, …): an element with text and children. */
  function el(tag, attrs) {
    var node = document.createElement(tag);
    for (var a in attrs || {}) {
      if (attrs[a] === undefined || attrs[a] === null || attrs[a] === false) continue;
      if (a.slice(0, 2) === "on") node.addEventListener(a.slice(2), attrs[a]);
      else node.setAttribute(a, attrs[a] === true ? "" : String(attrs[a]));
    }
    for (var i = 2; i < arguments.length; i++) {
      var c = arguments[i];
      if (c === undefined || c === null || c === false) continue;
      if (Array.isArray(c)) c.forEach(function (x) { if (x) node.appendChild(typeof x === "string" ? document.createTextNode(x) : x); });
      else node.appendChild(typeof c === "string" || typeof c === "number" ? document.createTextNode(String(c)) : c);
    }
    return node;
  }

  function getKey() { return sessionStorage.getItem(KEY); }
  function setKey(k) { if (k) sessionStorage.setItem(KEY, k); else sessionStorage.removeItem(KEY); }

  /** POSTs an operation; resolves to { data, errors } (a network failure becomes one error). */
  function gql(query, variables) {
    return fetch(config.endpoint, {
      method: "POST",
      headers: { "content-type": "application/json", accept: "application/graphql-response+json, application/json", authorization: "Bearer " + getKey(), "accept-language": config.lang === "en" ? "en" : "zh-CN" },
      body: JSON.stringify({ query: query, variables: variables || {} }),
    }).then(
      function (r) { return r.json().then(function (body) { body.status = r.status; return body; }, function () { return { status: r.status, errors: [{ message: t("networkError") }] }; }); },
      function () { return { status: 0, errors: [{ message: t("networkError") }] }; },
    );
  }

  /**
   * True when the answer's errors (at this root field, or all of them) are refusals of access: a
   * field the policy refuses (FORBIDDEN), or one outside the agency's view of the schema, which the
   * API answers exactly as a field that does not exist (GRAPHQL_VALIDATION_FAILED). The pages' own
   * operations are valid against the whole schema (their tests run them as FINANCE_BUREAU), so
   * failing validation means only that the view hides a part of them.
   */
  function denied(body, field) {
    var errors = (body.errors || []).filter(function (e) { return !field || !e.path || e.path[0] === field; });
    return errors.length > 0 && errors.every(function (e) { var c = e.extensions && e.extensions.code; return c === "FORBIDDEN" || c === "GRAPHQL_VALIDATION_FAILED"; });
  }

  function deniedBox() {
    return el("div", { class: "denied", "data-denied": "true" }, el("strong", {}, t("denied")), " ", el("span", {}, t("deniedHint")));
  }

  function errorBox(body) {
    return el("div", { class: "error", role: "alert" }, (body.errors || []).map(function (e) { return e.message; }).join("; "));
  }

  /** A mutation's typed error (ValidationError, NotFoundError, …) as one line naming the fields. */
  function mutationError(result) {
    if (!result || !result.message) return null;
    var issues = (result.issues || []).map(function (i) { return i.path.join(".") + ": " + i.message + " (" + i.rule + ")"; });
    return issues.length ? issues.join("; ") : result.message;
  }

  function fmtDate(iso) { return iso ? String(iso).replace("T", " ").slice(0, 16) : ""; }

  /**
   * The key form: checks a key with a tiny query before keeping it (a clear message, never a
   * stack trace), then calls onKey(budgetAgency). With a key already kept, starts at once.
   */
  function keyGate(onKey) {
    var form = document.getElementById("key-form");
    var input = document.getElementById("key-input");
    var message = document.getElementById("key-message");
    var bar = document.getElementById("key-bar");
    function check() {
      message.textContent = t("keyChecking");
      return gql("query WhoAmI { rateLimitBudget { agency } }").then(function (body) {
        if (body.status === 401) { setKey(null); form.hidden = false; bar.hidden = true; message.textContent = t("keyRejected"); return; }
        if (body.status === 0) { message.textContent = t("networkError"); return; }
        var agency = body.data && body.data.rateLimitBudget ? body.data.rateLimitBudget.agency : "";
        message.textContent = "";
        form.hidden = true;
        bar.hidden = false;
        document.getElementById("key-who").textContent = agency;
        onKey(agency);
      });
    }
    form.addEventListener("submit", function (ev) {
      ev.preventDefault();
      var k = input.value.trim();
      if (!/^dlg_[0-9a-f]{8}_[A-Za-z0-9_-]{32,64}$/.test(k) && k.split(".").length !== 3) { message.textContent = t("keyMalformed"); return; }
      setKey(k);
      input.value = "";
      check();
    });
    document.getElementById("key-change").addEventListener("click", function () {
      setKey(null);
      bar.hidden = true;
      form.hidden = false;
      input.focus();
    });
    if (getKey()) check();
    else form.hidden = false;
  }

  window.Page = { config: config, t: t, el: el, gql: gql, denied: denied, deniedBox: deniedBox, errorBox: errorBox, mutationError: mutationError, fmtDate: fmtDate, keyGate: keyGate };
})();
