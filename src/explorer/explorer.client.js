// The explorer page's own script (served as a static asset). It checks an API key against the
// server before using it, shows who the key is and the clock in force, and renders GraphiQL with
// its own fetcher: HTTP for queries and mutations, graphql-ws (served from here) for
// subscriptions, the key read at each call so changing it keeps the editor's tabs. The fetcher
// marks each field of the docs with how this agency may read it (myAccess), summarises the
// fields a response denied or masked once per field, and sends the operation the document really
// holds (GraphiQL can keep the previous tab's operation name: "Cannot infer operation …").
// Nothing leaves for other hosts. The strings come in the page's language (explorer.strings.ts).
(function () {
  "use strict";
  var STORAGE_KEY = "deleveraging-graph.api-key";
  var config = JSON.parse(document.getElementById("explorer-config").textContent);
  var S = config.strings;
  var MARK_PREFIX = "#request-access=";
  var ACCESS_QUERY = "query ExplorerAccess { myAccess { agency countyCode name fields { coordinate resource sharing granted } } }";

  self.MonacoEnvironment = {
    globalAPI: false,
    getWorkerUrl: function (_moduleId, label) {
      return config.workers[label] || config.workers.editorWorkerService;
    },
  };

  var $ = function (id) {
    return document.getElementById(id);
  };
  var form = $("key-form");
  var input = $("key-input");
  var keyError = $("key-error");
  var keyStatus = $("key-status");
  var denials = $("denials");

  /** "{a} and {b}" with values, for the strings file's templates. */
  function fmt(template, values) {
    return template.replace(/\{(\w+)\}/g, function (_m, k) {
      return values[k] == null ? "" : String(values[k]);
    });
  }

  // ---- the state: the key in use, what it may read, the GraphiQL mount ----------------------
  var current = { key: null, access: null, byCoordinate: {} };
  var mounted = false;
  var lastEdit = 0;
  var wsClient = null;

  function authorization() {
    return "Bearer " + current.key;
  }

  // ---- the key: checked by the server before it is used --------------------------------------
  /** Resolves to { access } when the server accepts the key, else to { error } in the page's language. */
  function checkKey(key) {
    return fetch(config.endpoint, {
      method: "POST",
      headers: { "content-type": "application/json", accept: "application/graphql-response+json, application/json", authorization: "Bearer " + key },
      body: JSON.stringify({ query: ACCESS_QUERY, operationName: "ExplorerAccess" }),
    }).then(
      function (res) {
        if (res.status === 401 || res.status === 403) return { error: S.keyRejected };
        if (res.status === 429) return { error: fmt(S.keyRateLimited, { seconds: res.headers.get("retry-after") || "60" }) };
        return res.json().then(
          function (body) {
            var access = body && body.data && body.data.myAccess;
            if (res.ok && access) return { access: access };
            var code = body && body.errors && body.errors[0] && body.errors[0].extensions && body.errors[0].extensions.code;
            return { error: code === "UNAUTHENTICATED" || code === "FORBIDDEN" ? S.keyRejected : fmt(S.keyServerError, { status: res.status }) };
          },
          function () {
            return { error: fmt(S.keyServerError, { status: res.status }) };
          },
        );
      },
      function () {
        return { error: S.keyUnreachable };
      },
    );
  }

  function showForm(error) {
    form.hidden = false;
    $("key-cancel").hidden = !current.key;
    keyError.textContent = error || "";
    keyStatus.textContent = "";
    input.value = "";
    input.focus();
  }

  function useKey(key, access) {
    current.key = key;
    current.access = access;
    current.byCoordinate = {};
    access.fields.forEach(function (f) {
      current.byCoordinate[f.coordinate] = f;
    });
    // Kept for this browser session only (closed tab, gone key).
    sessionStorage.setItem(STORAGE_KEY, key);
    if (wsClient) {
      wsClient.dispose();
      wsClient = null;
    }
    form.hidden = true;
    keyError.textContent = "";
    showBanner(key, access);
    denials.hidden = true;
    if (!mounted) mount();
    else refetchSchema();
  }

  function submitKey(key) {
    if (!key) {
      keyError.textContent = S.keyEmpty;
      return;
    }
    keyError.textContent = "";
    keyStatus.textContent = S.keyChecking;
    checkKey(key).then(function (result) {
      keyStatus.textContent = "";
      if (result.error) {
        if (!current.key) sessionStorage.removeItem(STORAGE_KEY);
        showForm(result.error);
      } else useKey(key, result.access);
    });
  }

  function showBanner(key, access) {
    $("banner-agency").textContent = (S.agencies[access.agency] || access.agency) + " (" + access.agency + ")";
    $("banner-county").textContent = access.countyCode ? S.bannerCounty + " " + access.countyCode : "";
    $("banner-key").textContent = access.name + " · " + key.split("_").slice(0, 2).join("_") + "…";
    $("banner-who").hidden = false;
    $("legend").hidden = false;
    $("key-change").hidden = false;
  }

  // ---- the fetcher ---------------------------------------------------------------------------
  /** The operations a document defines, in order: [{ type, name }] (comments and strings skipped). */
  function operationsOf(text) {
    var ops = [];
    var depth = 0;
    var parens = 0;
    var i = 0;
    var n = text.length;
    while (i < n) {
      var c = text[i];
      if (c === "#") {
        while (i < n && text[i] !== "\n") i++;
      } else if (c === '"') {
        if (text.substr(i, 3) === '"""') {
          var end = text.indexOf('"""', i + 3);
          i = end < 0 ? n : end + 3;
        } else {
          i++;
          while (i < n && text[i] !== '"' && text[i] !== "\n") i += text[i] === "\\" ? 2 : 1;
          i++;
        }
      } else if (c === "(" || c === ")") {
        // variable definitions (their defaults may hold braces) belong to the operation being declared
        parens += c === "(" ? 1 : -1;
        i++;
      } else if (parens > 0) {
        i++;
      } else if (c === "{") {
        if (depth === 0 && !(ops.length && ops[ops.length - 1].open)) ops.push({ type: "query", name: null });
        if (depth === 0) ops[ops.length - 1].open = false;
        depth++;
        i++;
      } else if (c === "}") {
        depth--;
        i++;
      } else if (depth === 0 && /[_A-Za-z]/.test(c)) {
        var word = /^[_A-Za-z][_0-9A-Za-z]*/.exec(text.slice(i))[0];
        i += word.length;
        if (word === "query" || word === "mutation" || word === "subscription") {
          var name = /^\s*([_A-Za-z][_0-9A-Za-z]*)/.exec(text.slice(i));
          ops.push({ type: word, name: name ? name[1] : null, open: true });
          if (name) i += name[0].length;
        } else if (word === "fragment") {
          // a fragment's braces are not an operation's
          ops.push({ type: "fragment", name: null, open: true });
        }
      } else i++;
    }
    return ops.filter(function (o) {
      return o.type !== "fragment";
    });
  }

  /** The operation to run: the one named if the document defines it, else the document's first. */
  function pickOperation(query, operationName) {
    var ops = operationsOf(query || "");
    var named = ops.filter(function (o) {
      return o.name && o.name === operationName;
    })[0];
    return named || ops[0] || { type: "query", name: null };
  }

  function mergeHeaders(extra) {
    var headers = { "content-type": "application/json", accept: "application/graphql-response+json, application/json" };
    if (extra && typeof extra === "object") for (var k in extra) headers[k.toLowerCase()] = String(extra[k]);
    headers.authorization = authorization();
    return headers;
  }

  function httpFetch(params, headers) {
    return fetch(config.endpoint, { method: "POST", headers: mergeHeaders(headers), body: JSON.stringify(params) }).then(
      function (res) {
        if (res.status === 401) showForm(S.keyRejected);
        return res.text().then(function (text) {
          try {
            return JSON.parse(text);
          } catch (_e) {
            return { errors: [{ message: fmt(S.keyServerError, { status: res.status }) }] };
          }
        });
      },
      function () {
        return { errors: [{ message: S.fetchFailed }] };
      },
    );
  }

  function subscribe(params) {
    if (!wsClient) {
      var key = current.key;
      wsClient = graphqlWs.createClient({
        url: location.origin.replace(/^http/, "ws") + config.endpoint,
        connectionParams: function () {
          return { authorization: "Bearer " + key };
        },
        lazy: true,
      });
    }
    return wsClient.iterate(params);
  }

  function fetcher(graphQLParams, opts) {
    var op = pickOperation(graphQLParams.query, graphQLParams.operationName);
    var params = { query: graphQLParams.query, variables: graphQLParams.variables || undefined, operationName: op.name || undefined };
    if (op.type === "subscription") return subscribe(params);
    return httpFetch(params, opts && opts.headers).then(function (result) {
      if (result && result.data && result.data.__schema) markSchema(result.data.__schema);
      else if (graphQLParams.operationName !== "IntrospectionQuery") showDenials(result);
      return result;
    });
  }

  // ---- the docs: each field marked with this agency's sharing class --------------------------
  function markSchema(schema) {
    (schema.types || []).forEach(function (type) {
      (type.fields || []).forEach(function (field) {
        var access = current.byCoordinate[type.name + "." + field.name];
        if (!access) return;
        var mark = "**【" + S["sharing" + access.sharing] + "】**";
        var more = "";
        if (access.sharing === "CONDITIONAL") {
          more = access.granted ? " _" + S.sharingGranted + "_" : " [" + S.requestAccessLink + "](" + MARK_PREFIX + encodeURIComponent(access.resource) + ")";
        }
        field.description = mark + " `" + access.resource + "`" + more + (field.description ? " — " + field.description : "");
      });
    });
  }

  // The marks arrive as <strong>【…】</strong>: style them as badges.
  var MARKS = {};
  ["READ", "CONDITIONAL", "MASK", "DENY"].forEach(function (s) {
    MARKS["【" + S["sharing" + s] + "】"] = s;
  });
  new MutationObserver(function () {
    var strongs = document.querySelectorAll(".graphiql-doc-explorer strong:not([data-sharing]), .graphiql-markdown-description strong:not([data-sharing])");
    for (var i = 0; i < strongs.length; i++) {
      var s = MARKS[strongs[i].textContent];
      if (s) {
        strongs[i].setAttribute("data-sharing", s);
        strongs[i].className = "access-mark";
        strongs[i].textContent = S["sharing" + s];
      }
    }
  }).observe(document.body, { childList: true, subtree: true });

  // ---- a ready-made requestAccess operation, in a new tab ------------------------------------
  function requestAccessTab(resource) {
    // Grants run on the real clock (a demo's business date may lie years back): 90 days from the later.
    var from = Math.max(Date.now(), Date.parse(config.clock.today + "T00:00:00+08:00"));
    var until = new Date(from + 90 * 86400000).toISOString().slice(0, 10);
    return {
      query: "# " + fmt(S.requestAccessComment, { resource: resource }) + "\n" + config.requestAccessOperation,
      variables: JSON.stringify({ resource: resource, purpose: S.requestAccessPurpose, until: until + "T00:00:00+08:00" }, null, 2),
    };
  }

  document.addEventListener(
    "click",
    function (event) {
      var link = event.target && event.target.closest && event.target.closest('a[href^="' + MARK_PREFIX + '"]');
      if (!link) return;
      event.preventDefault();
      event.stopPropagation();
      openTab(requestAccessTab(decodeURIComponent(link.getAttribute("href").slice(MARK_PREFIX.length))));
    },
    true,
  );

  // ---- denials: once per field, from the response's extensions -------------------------------
  function showDenials(result) {
    var report = result && result.extensions && result.extensions.access;
    var entries = report ? (report.denied || []).concat(report.masked || []) : [];
    denials.textContent = "";
    denials.hidden = entries.length === 0;
    if (!entries.length) return;
    var title = document.createElement("strong");
    title.textContent = S.denialsTitle;
    var list = document.createElement("ul");
    entries.forEach(function (e) {
      var item = document.createElement("li");
      item.className = "denial";
      var sharing = S["sharing" + (e.sharing || (report.masked.indexOf(e) >= 0 ? "MASK" : "DENY"))] || e.sharing || "";
      item.textContent = e.input
        ? fmt(S.denialInput, { input: e.input, resource: e.resource, sharing: sharing })
        : fmt(S.denialLine, { coordinate: e.coordinate || e.paths[0], resource: e.resource, sharing: sharing, count: e.count });
      if (e.sharing === "CONDITIONAL") {
        var link = document.createElement("a");
        link.href = MARK_PREFIX + encodeURIComponent(e.resource);
        link.textContent = S.requestAccessLink;
        link.className = "access-request";
        item.appendChild(document.createTextNode(" "));
        item.appendChild(link);
      }
      list.appendChild(item);
    });
    denials.appendChild(title);
    denials.appendChild(list);
  }

  // ---- GraphiQL ------------------------------------------------------------------------------
  function edited() {
    lastEdit = Date.now();
    // GraphiQL writes the document into the URL (?query=…); a reload would then be a GET
    // operation, not this page: keep the address clean.
    if (location.search) history.replaceState({}, "", location.pathname + location.hash);
  }

  function mount(tab) {
    // A fresh element: GraphiQL restores its tabs from its own storage (and adds `tab`).
    var old = $("root");
    var root = document.createElement("div");
    root.id = "root";
    old.parentNode.replaceChild(root, old);
    mounted = true;
    YogaGraphiQL.renderYogaGraphiQL(root, {
      title: config.title,
      fetcher: fetcher,
      defaultTabs: config.examples.map(function (e) {
        return { query: e.query, variables: e.variables || undefined };
      }),
      query: tab ? tab.query : undefined,
      variables: tab ? tab.variables : undefined,
      onEditQuery: edited,
      onEditVariables: edited,
      onEditHeaders: edited,
      onTabChange: edited,
    });
    edited();
  }

  /** Opens a new tab: GraphiQL stores its tabs 500 ms after a change, then is mounted afresh with it. */
  function openTab(tab) {
    var wait = Math.max(0, lastEdit + 700 - Date.now());
    setTimeout(function () {
      mount(tab);
    }, wait);
  }

  /** A new key, same tabs: GraphiQL asks for the schema again (the docs are the new agency's view). */
  function refetchSchema() {
    var button = document.querySelector('button[aria-label^="Re-fetch GraphQL schema"]');
    if (button) button.click();
    else openTab(null);
  }

  // ---- start ---------------------------------------------------------------------------------
  form.addEventListener("submit", function (event) {
    event.preventDefault();
    submitKey(input.value.trim());
  });
  $("key-change").addEventListener("click", function () {
    showForm("");
  });
  $("key-cancel").addEventListener("click", function () {
    form.hidden = true;
    keyError.textContent = "";
  });
  if (location.search) history.replaceState({}, "", location.pathname + location.hash);

  var saved = sessionStorage.getItem(STORAGE_KEY);
  if (saved) submitKey(saved);
  else input.focus();
})();
