// The risk overview: alerts, watch-line breaches, bonds falling due and guarantee circles, drawn
// with ECharts, plus the quarter's progress reports, printable as the quarterly 去杠杆工作进展
// summary. Each section is its own GraphQL operation with the reader's key: a part the API refuses
// shows as 无权查看 (not permitted), and the page renders only what the API returned.
(function () {
  "use strict";
  var P = window.Page, el = P.el, t = P.t, gql = P.gql;
  var charts = [];
  var counties = {};

  function body(id) { return document.querySelector("#sec-" + id + " .body"); }
  function fill(id, nodes) { var b = body(id); b.replaceChildren.apply(b, nodes.filter(Boolean)); b.parentNode.dataset.state = "ready"; }
  function refuse(id, r) {
    var b = body(id);
    if (P.denied(r)) { b.replaceChildren(P.deniedBox()); b.parentNode.dataset.state = "denied"; }
    else { b.replaceChildren(P.errorBox(r)); b.parentNode.dataset.state = "error"; }
  }
  function loading(id) { body(id).replaceChildren(el("p", { class: "loading" }, t("loading"))); body(id).parentNode.dataset.state = "loading"; }

  /** A chart box; the chart is drawn as SVG (sharp when printed) without animation. */
  function chart(option, cls) {
    var box = el("div", { class: "chart " + (cls || "") });
    setTimeout(function () {
      var c = echarts.init(box, null, { renderer: "svg" });
      option.animation = false;
      c.setOption(option);
      box.dataset.drawn = "true";
      charts.push(c);
    });
    return box;
  }

  function money(x) { return Number(x || 0).toLocaleString(P.config.lang === "en" ? "en" : "zh-CN", { maximumFractionDigits: 0 }); }
  function countyName(code) { return code === "441700" ? t("city") : counties[code] || code || ""; }

  // ── quarters ────────────────────────────────────────────────────────────────────────────────
  function quarterEnds(today, n) {
    var d = new Date(today + "T00:00:00Z"), out = [];
    var y = d.getUTCFullYear(), q = Math.floor(d.getUTCMonth() / 3);
    // The newest quarter that ended before today (its reports are due on its last day).
    for (var i = 0; out.length < n; i++) {
      var end = new Date(Date.UTC(y, (q - i) * 3 + 3, 0));
      if (end.toISOString().slice(0, 10) < today) out.push(end.toISOString().slice(0, 10));
      if (i > n + 2) break;
    }
    return out;
  }
  function quarterLabel(iso) { var m = Number(iso.slice(5, 7)); return { year: iso.slice(0, 4), q: Math.ceil(m / 3) }; }
  function addMonths(iso, n) { var d = new Date(iso + "T00:00:00Z"); return new Date(Date.UTC(d.getUTCFullYear(), d.getUTCMonth() + n + 1, 0)).toISOString().slice(0, 10); }
  function qKey(iso) { var l = quarterLabel(iso); return l.year + "Q" + l.q; }

  // ── 1. progress reports ─────────────────────────────────────────────────────────────────────
  function reports(quarter) {
    loading("reports");
    gql("query OverviewReports($q: Date!) { progressReports(filter: { quarterEnd: { from: $q, to: $q } }, first: 100) { totalCount nodes { agency countyCode submittedAt summary } } missingProgressReports(quarterEnd: $q) { agency countyCode } }", { q: quarter }).then(function (r) {
      if (!r.data || !r.data.progressReports) return refuse("reports", r);
      var nodes = r.data.progressReports.nodes;
      var missing = r.data.missingProgressReports;
      var who = function (x) { return x.agency === "COUNTY" ? countyName(x.countyCode) : x.agency; };
      fill("reports", [
        el("p", { class: "total" }, t("reported", { n: r.data.progressReports.totalCount })),
        nodes.length ? el("table", {}, el("thead", {}, el("tr", {}, el("th", {}, t("colAgency")), el("th", {}, t("colSubmitted")), el("th", {}, t("colSummary")))),
          el("tbody", {}, nodes.map(function (x) { return el("tr", {}, el("td", {}, who(x)), el("td", {}, P.fmtDate(x.submittedAt)), el("td", { class: "summary" }, x.summary || "")); }))) : null,
        missing ? el("p", { class: "missing" }, el("strong", {}, t("missing") + "："), missing.length ? missing.map(who).join("、") : t("noMissing")) : null,
      ]);
    });
  }

  // ── 2. alerts ───────────────────────────────────────────────────────────────────────────────
  function alerts() {
    loading("alerts");
    gql("query OverviewAlerts { alertCounts { total overdue byCounty { countyCode count } byRule { ruleCode count } bySeverity { severity count } } }").then(function (r) {
      var a = r.data && r.data.alertCounts;
      if (!a) return refuse("alerts", r);
      var sevColor = { CRITICAL: "#b42318", HIGH: "#e36209", MEDIUM: "#d4a72c", LOW: "#57606a" };
      fill("alerts", [
        el("p", { class: "total" }, t("alertsTotal", { total: a.total, overdue: a.overdue })),
        el("div", { class: "charts" },
          chart({ title: { text: t("byCounty"), textStyle: { fontSize: 13 } }, tooltip: {}, grid: { left: 48, right: 8, bottom: 48 }, xAxis: { type: "category", data: a.byCounty.map(function (c) { return countyName(c.countyCode); }), axisLabel: { rotate: 30 } }, yAxis: { type: "value" }, series: [{ type: "bar", data: a.byCounty.map(function (c) { return c.count; }), itemStyle: { color: "#17324d" } }] }, "half"),
          chart({ title: { text: t("bySeverity"), textStyle: { fontSize: 13 } }, tooltip: {}, series: [{ type: "pie", radius: ["35%", "65%"], label: { formatter: "{b}: {c}" }, data: a.bySeverity.map(function (s) { return { name: t("sev" + s.severity), value: s.count, itemStyle: { color: sevColor[s.severity] } }; }) }] }, "half"),
          chart({ title: { text: t("byRule"), textStyle: { fontSize: 13 } }, tooltip: {}, grid: { left: 180, right: 16 }, yAxis: { type: "category", data: a.byRule.map(function (x) { return x.ruleCode; }), inverse: true }, xAxis: { type: "value" }, series: [{ type: "bar", data: a.byRule.map(function (x) { return x.count; }), itemStyle: { color: "#e36209" } }] }, "wide")),
      ]);
    });
  }

  // ── 3. watch-line breaches across quarters ──────────────────────────────────────────────────
  function breaches(quarter) {
    loading("breaches");
    var from = addMonths(quarter, -24);
    var all = [];
    function page(after) {
      return gql("query OverviewBreaches($from: Date!, $to: Date!, $after: String) { indicatorValues(filter: { breachesOnly: true, periodEnd: { from: $from, to: $to } }, first: 100, after: $after) { totalCount pageInfo { hasNextPage endCursor } nodes { indicator periodEnd } } }", { from: from, to: quarter, after: after }).then(function (r) {
        var c = r.data && r.data.indicatorValues;
        if (!c) return refuse("breaches", r);
        all = all.concat(c.nodes);
        // Bounded: twenty pages (2,000 values) are more than the chart can show.
        if (c.pageInfo.hasNextPage && all.length < 2000) return page(c.pageInfo.endCursor);
        draw(c.totalCount);
      });
    }
    function draw(total) {
      var quarters = [], kinds = [], counts = {};
      all.forEach(function (v) {
        var q = qKey(v.periodEnd);
        if (quarters.indexOf(q) < 0) quarters.push(q);
        if (kinds.indexOf(v.indicator) < 0) kinds.push(v.indicator);
        counts[q + "|" + v.indicator] = (counts[q + "|" + v.indicator] || 0) + 1;
      });
      quarters.sort();
      fill("breaches", [
        el("p", { class: "total" }, t("breachesTotal", { n: total })),
        all.length ? chart({ tooltip: { trigger: "axis" }, legend: { type: "scroll", bottom: 0 }, grid: { left: 40, right: 8, bottom: 56 }, xAxis: { type: "category", data: quarters }, yAxis: { type: "value", minInterval: 1 },
          series: kinds.map(function (k) { return { name: k, type: "bar", stack: "all", data: quarters.map(function (q) { return counts[q + "|" + k] || 0; }) }; }) }, "wide") : el("p", {}, t("none")),
      ]);
    }
    page(null);
  }

  // ── 4. bonds falling due by month ───────────────────────────────────────────────────────────
  function bonds(quarter) {
    loading("bonds");
    // The twelve months after the quarter.
    var from = addMonths(quarter, 1).slice(0, 8) + "01";
    var to = addMonths(quarter, 12);
    gql("query OverviewBonds($from: Date!, $to: Date!) { bondPaymentsDue(from: $from, to: $to) { totals { amountDue count } groups(by: [MONTH]) { month amountDue amountPaid amountUnpaid count } } }", { from: from, to: to }).then(function (r) {
      var b = r.data && r.data.bondPaymentsDue;
      if (!b) return refuse("bonds", r);
      var months = b.groups.map(function (g) { return g.month; });
      fill("bonds", [
        el("p", { class: "total" }, t("bondsTotal", { from: from, to: to, due: money(b.totals.amountDue), count: b.totals.count })),
        chart({ tooltip: { trigger: "axis" }, legend: { bottom: 0 }, grid: { left: 90, right: 8, bottom: 48 }, xAxis: { type: "category", data: months }, yAxis: { type: "value" },
          series: [
            { name: t("amountPaid"), type: "bar", stack: "due", data: b.groups.map(function (g) { return Number(g.amountPaid); }), itemStyle: { color: "#1a7f37" } },
            { name: t("amountUnpaid"), type: "bar", stack: "due", data: b.groups.map(function (g) { return Number(g.amountUnpaid); }), itemStyle: { color: "#b42318" } },
          ] }, "wide"),
      ]);
    });
  }

  // ── 5. guarantee circles as a graph ─────────────────────────────────────────────────────────
  function circles() {
    loading("circles");
    gql("query OverviewCircles { guaranteeCircles(maxLength: 6) { isMutual length totalAmount members { uscc name } } }").then(function (r) {
      var list = r.data && r.data.guaranteeCircles;
      if (!list) return refuse("circles", r);
      var nodes = {}, links = [];
      // The 40 largest are enough to read on one page.
      list.slice().sort(function (a, b) { return Number(b.totalAmount) - Number(a.totalAmount); }).slice(0, 40).forEach(function (c, i) {
        var ids = c.members.map(function (m) { return m.uscc; });
        c.members.forEach(function (m) { nodes[m.uscc] = nodes[m.uscc] || { id: m.uscc, name: m.name || m.uscc, category: c.isMutual ? 1 : 0, symbolSize: 10 }; nodes[m.uscc].symbolSize += 2; });
        ids.forEach(function (id, j) { links.push({ source: id, target: ids[(j + 1) % ids.length] }); });
      });
      var mutual = list.filter(function (c) { return c.isMutual; }).length;
      fill("circles", [
        el("p", { class: "total" }, t("circlesTotal", { circles: list.length - mutual, mutual: mutual })),
        list.length ? chart({ tooltip: {}, legend: { data: [t("circle"), t("mutualPair")], bottom: 0 },
          series: [{ type: "graph", layout: "force", roam: false, draggable: false, force: { repulsion: 60, edgeLength: 30 }, edgeSymbol: ["none", "arrow"], edgeSymbolSize: 6,
            categories: [{ name: t("circle") }, { name: t("mutualPair") }], data: Object.keys(nodes).map(function (k) { return nodes[k]; }), links: links, label: { show: false }, lineStyle: { color: "#8a949e", curveness: 0.2 } }] }, "wide tall") : el("p", {}, t("none")),
      ]);
    });
  }

  function load(quarter) {
    var l = quarterLabel(quarter);
    document.getElementById("subtitle").textContent = t("printSubtitle", { year: l.year, q: l.q });
    document.getElementById("as-of").textContent = t("asOf", { today: P.config.today });
    charts.forEach(function (c) { c.dispose(); });
    charts = [];
    reports(quarter);
    alerts();
    breaches(quarter);
    bonds(quarter);
    circles();
  }

  // Printed, the charts take the page's width (print CSS): redrawn at that size, and back after.
  function resizeAll() { charts.forEach(function (c) { c.resize(); }); }
  window.addEventListener("beforeprint", resizeAll);
  window.addEventListener("afterprint", resizeAll);
  if (window.matchMedia) window.matchMedia("print").addEventListener("change", resizeAll);

  P.keyGate(function () {
    document.getElementById("main").hidden = false;
    var select = document.getElementById("quarter");
    var ends = quarterEnds(P.config.today, 8);
    select.replaceChildren.apply(select, ends.map(function (q) { var l = quarterLabel(q); return el("option", { value: q }, l.year + " Q" + l.q); }));
    select.onchange = function () { load(select.value); };
    document.getElementById("print").onclick = function () { window.print(); };
    // County names once (reference data); a key that may not read them shows codes.
    gql("query OverviewCounties { counties { code name } }").then(function (r) {
      ((r.data && r.data.counties) || []).forEach(function (c) { counties[c.code] = c.name; });
      load(ends[0]);
    });
  });
})();
