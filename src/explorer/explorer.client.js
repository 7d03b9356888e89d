// The explorer page's own script (served as a static asset): asks once per browser session for
// an API key, then renders GraphiQL sending it as the bearer token (and in connection_init for
// subscriptions over WebSocket). Nothing leaves for other hosts.
(function () {
  "use strict";
  var STORAGE_KEY = "deleveraging-graph.api-key";
  var config = JSON.parse(document.getElementById("explorer-config").textContent);

  self.MonacoEnvironment = {
    globalAPI: false,
    getWorkerUrl: function (_moduleId, label) {
      return config.workers[label] || config.workers.editorWorkerService;
    },
  };

  var form = document.getElementById("key-form");
  var input = document.getElementById("key-input");
  var bar = document.getElementById("key-bar");
  var who = document.getElementById("key-who");

  function render(key) {
    form.hidden = true;
    bar.hidden = false;
    who.textContent = key.split("_").slice(0, 2).join("_") + "…";
    YogaGraphiQL.renderYogaGraphiQL(document.getElementById("root"), {
      endpoint: config.endpoint,
      title: config.title,
      additionalHeaders: { Authorization: "Bearer " + key },
      // Subscriptions over WebSocket (graphql-ws) on the same endpoint, the key in connection_init.
      subscriptionsProtocol: "WS",
      subscriptionsEndpoint: config.endpoint,
      connectionParams: { authorization: "Bearer " + key },
      defaultTabs: config.examples.map(function (e) {
        return { query: e.query, variables: e.variables || undefined };
      }),
    });
  }

  form.addEventListener("submit", function (event) {
    event.preventDefault();
    var key = input.value.trim();
    if (!key) return;
    // Kept for this browser session only (closed tab, gone key).
    sessionStorage.setItem(STORAGE_KEY, key);
    render(key);
  });
  document.getElementById("key-change").addEventListener("click", function () {
    sessionStorage.removeItem(STORAGE_KEY);
    location.reload();
  });

  var saved = sessionStorage.getItem(STORAGE_KEY);
  if (saved) render(saved);
  else input.focus();
})();
