// The alert inbox. It needs an API key with the read scope: entered once, kept in this tab's
// sessionStorage (never in the URL or a cookie), sent in the X-API-Key header.
(function () {
  "use strict";
  var EW = window.EW;
  var STORE_KEY = "eventwatch.apikey";

  function keyForm(body, message) {
    body.textContent = "";
    body.appendChild(EW.el("p", { class: "needs-key" }, message));
    var form = body.appendChild(EW.el("form", { class: "key" }));
    var input = form.appendChild(EW.el("input", {
      type: "password", name: "apikey", placeholder: "ew_...", autocomplete: "off", size: "40",
      "aria-label": "API key",
    }));
    form.appendChild(EW.el("button", { type: "submit" }, "Use key"));
    form.addEventListener("submit", function (e) {
      e.preventDefault();
      var key = input.value.trim();
      if (!key) return;
      window.sessionStorage.setItem(STORE_KEY, key);
      draw();
    });
  }

  function delivery(d) {
    var parts = Object.keys(d).sort().map(function (k) { return d[k] + " " + k; });
    return parts.length ? parts.join(", ") : "no notifier";
  }

  function renderAlerts(body, data) {
    body.textContent = "";
    var bar = body.appendChild(EW.el("p", { class: "key-bar" }, data.total + " alert(s), " + data.rules.length + " rule(s) "));
    var forget = bar.appendChild(EW.el("button", { type: "button", class: "forget" }, "Forget key"));
    forget.addEventListener("click", function () { window.sessionStorage.removeItem(STORE_KEY); draw(); });
    var rules = body.appendChild(EW.el("ul", { class: "rules" }));
    data.rules.forEach(function (r) {
      var li = rules.appendChild(EW.el("li", { "data-rule": r.id, class: r.enabled ? "live" : "muted" },
        r.name + (r.enabled ? " " : " (muted) ")));
      var button = li.appendChild(EW.el("button", { type: "button", class: "mute" }, r.enabled ? "Mute" : "Unmute"));
      button.addEventListener("click", function () { setEnabled(r.id, !r.enabled); });
    });
    if (!data.items.length) {
      body.appendChild(EW.el("p", { class: "empty" }, "No alert has fired yet."));
      return;
    }
    var list = body.appendChild(EW.el("ol", { class: "inbox" }));
    data.items.forEach(function (a) {
      var li = list.appendChild(EW.el("li", { class: "alert", "data-alert": a.id }));
      li.appendChild(EW.el("strong", {}, a.rule));
      li.appendChild(document.createTextNode(" \u2014 " + a.kind + ", fired " + a.fired_at.replace("T", " ") +
        ", " + a.num_sources + " report(s), delivery: " + delivery(a.delivery)));
      if (a.summary) li.appendChild(EW.el("p", { class: "summary" }, a.summary));
      var evs = li.appendChild(EW.el("ul", { class: "sources" }));
      a.sources.forEach(function (s) {
        var item = evs.appendChild(EW.el("li"));
        var link = item.appendChild(EW.el("a", { href: "#events", "data-id": s.event_id }, s.event_id));
        link.addEventListener("click", function (e) { e.preventDefault(); EW.select(s.event_id); });
        item.appendChild(document.createTextNode(" " + (s.source ? s.source + ": " : "") + s.sentence));
      });
    });
  }

  // Mute or unmute a rule through the REST API (PUT /rules/{id}: needs the write scope).
  function setEnabled(id, enabled) {
    var key = window.sessionStorage.getItem(STORE_KEY);
    var section = document.getElementById("alerts");
    return EW.getJSON("/rules/" + id, { "X-API-Key": key }).then(function (rule) {
      var body = { name: rule.name, enabled: enabled, conditions: rule.conditions, notifiers: rule.notifiers };
      return fetch("/rules/" + id, {
        method: "PUT",
        headers: { "X-API-Key": key, "Content-Type": "application/json" },
        body: JSON.stringify(body),
      });
    }).then(function (r) {
      if (!r.ok) {
        return r.json().then(function (b) {
          throw new Error("the rule was not changed (" + r.status + "): " + JSON.stringify(b.detail));
        });
      }
      EW.clearError(section);
      return draw();
    }).catch(function (err) { EW.showError(section, err); });
  }

  function draw() {
    var body = document.querySelector("#alerts .body");
    var key = window.sessionStorage.getItem(STORE_KEY);
    if (!key) {
      keyForm(body, "The alert inbox needs an API key with the read scope (eventwatch apikey create NAME). " +
        "It is kept in this tab's session storage only.");
      return Promise.resolve();
    }
    return EW.getJSON("/web/alerts", { "X-API-Key": key }).then(function (data) {
      renderAlerts(body, data);
    }).catch(function (err) {
      if (err.status === 401) {
        window.sessionStorage.removeItem(STORE_KEY);
        keyForm(body, "That key was refused (unknown, revoked, or without the read scope). Enter another.");
      } else {
        EW.showError(document.getElementById("alerts"), err);
      }
    });
  }

  EW.sections.push({ name: "alerts", draw: function () { return draw(); }, init: function () {} });
})();
