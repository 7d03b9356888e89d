// The operators' console: API keys, access requests waiting for this agency, the sharing policy
// and who received a record. A client of /graphql with the operator's own key: what the API
// refuses, the page shows as 无权查看 (not permitted), and nothing here bypasses the API.
(function () {
  "use strict";
  var P = window.Page, el = P.el, t = P.t, gql = P.gql;
  var main = document.getElementById("main");
  var status = document.getElementById("status");
  var me = "";
  var AGENCIES = ["FINANCE_BUREAU", "PBOC", "CBRC", "DEVELOPMENT_REFORM", "FISCAL", "COUNTY", "CREDIT_PLATFORM", "INSURANCE_ASSOC", "COMMERCE", "INDUSTRY_IT", "PUBLIC_SECURITY", "MARKET_REGULATION"];
  var CLASSES = ["READ", "MASK", "CONDITIONAL", "DENY"];
  var VIEWS = { keys: keysView, requests: requestsView, policy: policyView, recipients: recipientsView };

  function say(text, isError) {
    status.textContent = text || "";
    status.className = isError ? "status error" : "status";
  }

  function table(headers, rows) {
    return el("table", {}, el("thead", {}, el("tr", {}, headers.map(function (h) { return el("th", {}, h); }))), el("tbody", {}, rows));
  }

  function section(view, heading) {
    var s = el("section", { id: "view-" + view, "data-view": view }, el("h2", {}, heading));
    main.replaceChildren(s);
    return s;
  }

  function show() {
    var view = (location.hash || "#keys").slice(1);
    if (!VIEWS[view]) view = "keys";
    document.querySelectorAll("nav a").forEach(function (a) { a.classList.toggle("active", a.getAttribute("href") === "#" + view); });
    say("");
    VIEWS[view]();
  }

  // ── API keys ────────────────────────────────────────────────────────────────────────────────
  var KEY_FIELDS = "prefix agency countyCode name kind createdAt createdBy expiresAt revokedAt lastUsedAt";

  function keysView() {
    var s = section("keys", t("keysHeading"));
    var body = el("div", { class: "loading" }, t("loading"));
    s.appendChild(body);
    gql("query ConsoleKeys { apiKeys(includeRevoked: true) { " + KEY_FIELDS + " } }").then(function (r) {
      if (P.denied(r, "apiKeys")) return body.replaceWith(P.deniedBox());
      if (!r.data || !r.data.apiKeys) return body.replaceWith(P.errorBox(r));
      var now = Date.now();
      var rows = r.data.apiKeys.map(function (k) {
        var state = k.revokedAt ? "revoked" : k.expiresAt && Date.parse(k.expiresAt) <= now ? "expired" : "active";
        var actions = state === "active" ? [
          el("button", { type: "button", class: "rotate", "data-prefix": k.prefix, onclick: function () { rotate(k.prefix); } }, t("rotate")),
          el("button", { type: "button", class: "revoke danger", "data-prefix": k.prefix, onclick: function () { revoke(k.prefix); } }, t("revoke")),
        ] : [];
        return el("tr", { "data-prefix": k.prefix, class: "key-" + state },
          el("td", {}, el("code", {}, k.prefix)), el("td", {}, k.agency), el("td", {}, k.countyCode || ""), el("td", {}, k.name),
          el("td", {}, t("kind" + k.kind)), el("td", {}, P.fmtDate(k.createdAt)), el("td", {}, k.createdBy),
          el("td", {}, k.expiresAt ? P.fmtDate(k.expiresAt) : "—"), el("td", { class: "last-used" }, k.lastUsedAt ? P.fmtDate(k.lastUsedAt) : t("never")),
          el("td", { class: "state" }, t("status" + state[0].toUpperCase() + state.slice(1))), el("td", {}, actions));
      });
      body.replaceWith(table([t("colPrefix"), t("colAgency"), t("colCounty"), t("colName"), t("colKind"), t("colCreated"), t("colCreatedBy"), t("colExpires"), t("colLastUsed"), t("colStatus"), t("colActions")], rows));
      s.appendChild(createForm());
    });
  }

  function createForm() {
    var form = el("form", { id: "create-key", class: "inline-form", autocomplete: "off" },
      el("h3", {}, t("createHeading")),
      el("label", {}, t("colAgency"), " ", el("select", { name: "agency" }, AGENCIES.map(function (a) { return el("option", { value: a }, a); }))),
      el("label", {}, t("colCounty"), " ", el("input", { name: "county", placeholder: t("countyHint") })),
      el("label", {}, t("colName"), " ", el("input", { name: "name", required: true })),
      el("label", {}, t("colKind"), " ", el("select", { name: "kind" }, el("option", { value: "SYSTEM" }, t("kindSYSTEM")), el("option", { value: "USER" }, t("kindUSER")))),
      el("label", {}, t("colExpires"), " ", el("input", { name: "expires", type: "date" })),
      el("button", { type: "submit" }, t("create")));
    form.addEventListener("submit", function (ev) {
      ev.preventDefault();
      var f = new FormData(form);
      var input = { agency: f.get("agency"), name: f.get("name"), kind: f.get("kind") };
      if (f.get("county")) input.county = f.get("county");
      if (f.get("expires")) input.expiresAt = f.get("expires") + "T00:00:00Z";
      gql("mutation ConsoleCreateKey($input: ApiKeyInput!) { createApiKey(input: $input) { __typename ... on MutationCreateApiKeySuccess { data { key apiKey { prefix } } } ... on MutationError { message } ... on ValidationError { issues { path rule message } } } }", { input: input })
        .then(function (r) { newKeyShown(r, "createApiKey"); });
    });
    return form;
  }

  function newKeyShown(r, field) {
    var result = r.data && r.data[field];
    if (!result) return say((r.errors || []).map(function (e) { return e.message; }).join("; "), true);
    if (result.message) return say(P.mutationError(result), true);
    keysView();
    // The only copy of the secret: shown once, above the list, selectable.
    setTimeout(function () {
      var box = el("div", { class: "new-key", id: "new-key" }, t("newKeyShown"), " ", el("code", { "data-prefix": result.data.apiKey.prefix }, result.data.key));
      document.getElementById("view-keys").insertBefore(box, document.getElementById("view-keys").children[1]);
    });
  }

  function rotate(prefix) {
    if (!confirm(t("confirmRotate", { prefix: prefix }))) return;
    gql("mutation ConsoleRotateKey($prefix: String!) { rotateApiKey(prefix: $prefix) { __typename ... on MutationRotateApiKeySuccess { data { key apiKey { prefix } } } ... on MutationError { message } } }", { prefix: prefix })
      .then(function (r) { newKeyShown(r, "rotateApiKey"); });
  }

  function revoke(prefix) {
    if (!confirm(t("confirmRevoke", { prefix: prefix }))) return;
    gql("mutation ConsoleRevokeKey($prefix: String!) { revokeApiKey(prefix: $prefix) { __typename ... on MutationRevokeApiKeySuccess { data { prefix revokedAt } } ... on MutationError { message } } }", { prefix: prefix }).then(function (r) {
      var result = r.data && r.data.revokeApiKey;
      if (!result || result.message) return say(result ? P.mutationError(result) : (r.errors || []).map(function (e) { return e.message; }).join("; "), true);
      keysView();
      say(t("revoked", { prefix: prefix }));
    });
  }

  // ── access requests ─────────────────────────────────────────────────────────────────────────
  function requestsView() {
    var s = section("requests", t("requestsHeading"));
    var body = el("div", { class: "loading" }, t("loading"));
    s.appendChild(body);
    gql("query ConsoleRequests { accessRequests { id agency countyCode resource purpose requestedBy requestedUntil replyDeadline isOverdue status createdAt } sharingPolicy { name title owners } }").then(function (r) {
      if (P.denied(r, "accessRequests")) return body.replaceWith(P.deniedBox());
      if (!r.data || !r.data.accessRequests) return body.replaceWith(P.errorBox(r));
      var owners = {};
      var titles = {};
      (r.data.sharingPolicy || []).forEach(function (x) { owners[x.name] = x.owners; titles[x.name] = x.title; });
      var agency = me.split(":")[0];
      // Waiting for this agency: pending, for a resource it owns (FINANCE_BUREAU coordinates all).
      var waiting = r.data.accessRequests.filter(function (q) { return q.status === "PENDING" && (agency === "FINANCE_BUREAU" || (owners[q.resource] || []).indexOf(agency) >= 0); });
      var mine = r.data.accessRequests.filter(function (q) { return waiting.indexOf(q) < 0 && q.agency === agency; });
      // Reply deadlines run on the real clock (working days from the request, working-days.ts),
      // not the business date, as the API's isOverdue does.
      var now = Date.now();
      function deadline(q) {
        var days = Math.floor((Date.parse(q.replyDeadline) - now) / 86400000);
        var label = q.isOverdue ? t("overdue") : days <= 0 ? t("dueToday") : t("daysLeft", { n: days });
        return el("td", { class: q.isOverdue ? "deadline overdue" : "deadline" }, P.fmtDate(q.replyDeadline), " ", el("span", { class: "badge" }, label));
      }
      var rows = waiting.map(function (q) {
        return el("tr", { "data-request": q.id },
          el("td", {}, String(q.id)), el("td", {}, q.agency + (q.countyCode ? " " + q.countyCode : ""), el("br"), el("small", {}, q.requestedBy)),
          el("td", { title: titles[q.resource] || "" }, el("code", {}, q.resource)), el("td", {}, q.purpose), el("td", {}, P.fmtDate(q.requestedUntil)),
          deadline(q),
          el("td", {},
            el("button", { type: "button", class: "approve", onclick: function () { decide(q.id, true); } }, t("approve")),
            el("input", { class: "reason", "data-request": q.id, placeholder: t("rejectReason") }),
            el("button", { type: "button", class: "reject danger", onclick: function () { decide(q.id, false); } }, t("reject"))));
      });
      var headers = [t("colId"), t("colRequester"), t("colResource"), t("colPurpose"), t("colUntil"), t("colDeadline"), t("colActions")];
      body.replaceWith(rows.length ? table(headers, rows) : el("p", { class: "empty" }, t("none")));
      s.appendChild(el("h3", {}, t("requestsMine")));
      s.appendChild(mine.length ? table([t("colId"), t("colResource"), t("colPurpose"), t("colStatus"), t("colDeadline")], mine.map(function (q) {
        return el("tr", {}, el("td", {}, String(q.id)), el("td", {}, el("code", {}, q.resource)), el("td", {}, q.purpose), el("td", {}, q.status), el("td", {}, P.fmtDate(q.replyDeadline)));
      })) : el("p", { class: "empty" }, t("none")));
    });
  }

  function decide(id, approve) {
    var op = approve
      ? gql("mutation ConsoleApprove($id: Int!) { approveAccessRequest(requestId: $id) { __typename ... on MutationError { message } ... on ValidationError { issues { path rule message } } } }", { id: id })
      : gql("mutation ConsoleReject($id: Int!, $reason: String!) { rejectAccessRequest(requestId: $id, reason: $reason) { __typename ... on MutationError { message } ... on ValidationError { issues { path rule message } } } }", { id: id, reason: document.querySelector('input.reason[data-request="' + id + '"]').value });
    op.then(function (r) {
      var result = r.data && r.data[approve ? "approveAccessRequest" : "rejectAccessRequest"];
      if (!result) return say((r.errors || []).map(function (e) { return e.message; }).join("; "), true);
      if (result.message) return say(P.mutationError(result), true);
      requestsView();
      say(t(approve ? "approved" : "rejected", { id: id }));
    });
  }

  // ── the sharing policy ──────────────────────────────────────────────────────────────────────
  function policyView() {
    var s = section("policy", t("policyHeading"));
    var body = el("div", { class: "loading" }, t("loading"));
    s.appendChild(body);
    var editable = me === "FINANCE_BUREAU";
    s.insertBefore(el("p", { class: "hint" }, t(editable ? "policyEditable" : "policyReadOnly")), body);
    gql("query ConsolePolicy { sharingPolicy { name title owners sensitive mine cells { principal sharing overridden legalBasis } } }").then(function (r) {
      if (P.denied(r, "sharingPolicy")) return body.replaceWith(P.deniedBox());
      if (!r.data || !r.data.sharingPolicy) return body.replaceWith(P.errorBox(r));
      var columns = r.data.sharingPolicy[0].cells.map(function (c) { return c.principal; });
      var rows = r.data.sharingPolicy.map(function (res) {
        return el("tr", { "data-resource": res.name },
          el("th", { scope: "row", title: res.title }, el("code", {}, res.name), el("br"), el("small", {}, res.title)),
          res.cells.map(function (c) {
            var isOwner = res.owners.indexOf(c.principal) >= 0;
            var basis = c.legalBasis.length ? c.legalBasis.join("; ") : t("basisTable");
            var tip = (isOwner ? t("owner") + " · " : "") + t("class" + c.sharing) + " — " + t("legalBasis") + ": " + basis + (c.overridden ? " (" + t("overridden") + ")" : "");
            return el("td", {
              class: "cell cell-" + c.sharing + (c.overridden ? " overridden" : "") + (editable && !isOwner ? " editable" : ""),
              "data-principal": c.principal, "data-sharing": c.sharing, title: tip,
              onclick: editable && !isOwner ? function () { editCell(res.name, c) } : null,
            }, el("span", { class: "class" }, isOwner ? t("owner") : t("class" + c.sharing)), c.legalBasis.length ? el("sup", { class: "basis" }, "§") : null,
              c.legalBasis.length ? el("div", { class: "basis-text" }, c.legalBasis.map(function (b) { return b.split(" ")[0]; }).join(" ")) : null);
          }));
      });
      body.replaceWith(el("div", { class: "grid-wrap" }, el("table", { class: "policy" }, el("thead", {}, el("tr", {}, el("th", {}, ""), columns.map(function (c) { return el("th", {}, c); }))), el("tbody", {}, rows))));
      s.appendChild(el("div", { id: "policy-editor" }));
      policyChanges(s);
    });
  }

  function policyChanges(s) {
    gql("query ConsolePolicyChanges { policyChanges { resource principal sharing changedBy reason changedAt } }").then(function (r) {
      if (!r.data || !r.data.policyChanges || !r.data.policyChanges.length) return;
      s.appendChild(el("h3", {}, t("changesHeading")));
      s.appendChild(table([t("colChangedAt"), t("colResource"), t("colPrincipal"), t("colClass"), t("colChangedBy"), t("colReason")], r.data.policyChanges.map(function (c) {
        return el("tr", {}, el("td", {}, P.fmtDate(c.changedAt)), el("td", {}, c.resource), el("td", {}, c.principal), el("td", {}, t("class" + c.sharing)), el("td", {}, c.changedBy), el("td", {}, c.reason));
      })));
    });
  }

  function editCell(resource, cell) {
    var box = document.getElementById("policy-editor");
    var form = el("form", { class: "inline-form", id: "cell-form" },
      el("h3", {}, t("editCell", { resource: resource, principal: cell.principal })),
      el("select", { name: "sharing" }, CLASSES.map(function (c) { return el("option", { value: c, selected: c === cell.sharing }, t("class" + c)); })),
      el("input", { name: "reason", placeholder: t("reason"), size: 50 }),
      el("button", { type: "submit" }, t("save")),
      el("button", { type: "button", onclick: function () { box.replaceChildren(); } }, t("cancel")));
    form.addEventListener("submit", function (ev) {
      ev.preventDefault();
      var f = new FormData(form);
      gql("mutation ConsoleSetCell($resource: String!, $principal: String!, $sharing: SharingClass!, $reason: String!) { setPolicyCell(resource: $resource, principal: $principal, sharing: $sharing, reason: $reason) { __typename ... on MutationError { message } ... on ValidationError { issues { path rule message } } } }",
        { resource: resource, principal: cell.principal, sharing: f.get("sharing"), reason: f.get("reason") }).then(function (r) {
        var result = r.data && r.data.setPolicyCell;
        if (!result) return say((r.errors || []).map(function (e) { return e.message; }).join("; "), true);
        if (result.message) return say(P.mutationError(result), true);
        policyView();
        say(t("saved", { resource: resource, principal: cell.principal }));
      });
    });
    box.replaceChildren(form);
    form.scrollIntoView();
  }

  // ── who received a record ───────────────────────────────────────────────────────────────────
  var TYPES = ["Loan", "Guarantee", "DishonestyRecord", "FundraisingClue", "Person", "Complaint", "FinancialStatement", "IndicatorValue", "Enterprise"];

  function recipientsView() {
    var s = section("recipients", t("recipientsHeading"));
    s.appendChild(el("p", { class: "hint" }, t("recipientsHint")));
    var out = el("div", { id: "recipients-result" });
    var form = el("form", { id: "recipients-form", class: "inline-form", autocomplete: "off" },
      el("label", {}, t("entityType"), " ", el("select", { name: "type" }, TYPES.map(function (x) { return el("option", { value: x }, x); }))),
      el("label", {}, t("entityId"), " ", el("input", { name: "id", type: "number", min: 1, required: true })),
      el("button", { type: "submit" }, t("lookUp")));
    form.addEventListener("submit", function (ev) {
      ev.preventDefault();
      var f = new FormData(form);
      out.replaceChildren(el("div", { class: "loading" }, t("loading")));
      gql("query ConsoleRecipients($type: String!, $id: Int!) { recipients(entityType: $type, entityId: $id) { at agency countyCode principalName purpose fields requestId } }", { type: f.get("type"), id: Number(f.get("id")) }).then(function (r) {
        if (P.denied(r, "recipients")) return out.replaceChildren(P.deniedBox());
        if (!r.data || !r.data.recipients) return out.replaceChildren(P.errorBox(r));
        if (!r.data.recipients.length) return out.replaceChildren(el("p", { class: "empty" }, t("noRecipients")));
        out.replaceChildren(table([t("colAt"), t("colAgency"), t("colPrincipalName"), t("colPurpose"), t("colFields"), t("colRequestId")], r.data.recipients.map(function (x) {
          return el("tr", { class: "recipient" }, el("td", {}, P.fmtDate(x.at)), el("td", {}, x.agency + (x.countyCode ? " " + x.countyCode : "")), el("td", {}, x.principalName), el("td", {}, x.purpose || ""), el("td", {}, (x.fields || []).join(", ")), el("td", {}, el("code", {}, x.requestId || "")));
        })));
      });
    });
    s.appendChild(form);
    s.appendChild(out);
  }

  window.addEventListener("hashchange", function () { if (me) show(); });
  P.keyGate(function (agency) {
    me = agency;
    document.getElementById("nav").hidden = false;
    show();
  });
})();
