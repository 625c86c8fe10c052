// The page's shared state: the filters live in the URL (so a view can be shared), every
// section reads them from EW.state and redraws on EW.refresh().
(function () {
  "use strict";
  var FILTERS = ["country", "dyad", "since", "until", "factuality", "min_conf", "q", "bbox"];
  var QUAD_COLORS = { 1: "#74b16e", 2: "#1b7837", 3: "#f1a340", 4: "#c0392b", 0: "#888888" };
  var EW = (window.EW = { sections: [], state: null, QUAD_COLORS: QUAD_COLORS });

  EW.readState = function () {
    var p = new URLSearchParams(window.location.search);
    var types = p.getAll("type").filter(Boolean).map(function (t) { return t.toUpperCase(); });
    var st = { type: types, page: parseInt(p.get("page") || "1", 10) };
    FILTERS.forEach(function (k) { st[k] = p.get(k) || ""; });
    st.ev = p.get("ev") || "";
    if (!(st.page >= 1)) st.page = 1;
    return st;
  };

  // The filters as a query string (no page, no selected event): what the data endpoints take.
  EW.filterQuery = function (st, extra) {
    var p = new URLSearchParams();
    st.type.forEach(function (t) { p.append("type", t); });
    FILTERS.forEach(function (k) { if (st[k]) p.set(k, st[k]); });
    Object.keys(extra || {}).forEach(function (k) {
      if (extra[k] !== "" && extra[k] !== null && extra[k] !== undefined) p.set(k, extra[k]);
    });
    return p.toString();
  };

  EW.pageUrl = function (st) {
    var extra = {};
    if (st.page > 1) extra.page = st.page;
    if (st.ev) extra.ev = st.ev;
    var qs = EW.filterQuery(st, extra);
    return window.location.pathname + (qs ? "?" + qs : "") + window.location.hash;
  };

  // Change the state, put it in the URL (a new history entry), redraw what depends on it.
  EW.update = function (changes, what) {
    Object.assign(EW.state, changes);
    window.history.pushState(null, "", EW.pageUrl(EW.state));
    EW.fillForm(EW.state);
    EW.refresh(what);
  };

  EW.refresh = function (what) {
    EW.sections.forEach(function (s) {
      if (!what || what.indexOf(s.name) >= 0) s.draw(EW.state);
    });
  };

  EW.getJSON = function (url, headers) {
    return fetch(url, { headers: headers || {} }).then(function (r) {
      if (!r.ok) {
        return r.json().catch(function () { return {}; }).then(function (body) {
          var err = new Error(body.detail ? JSON.stringify(body.detail) : "HTTP " + r.status);
          err.status = r.status;
          throw err;
        });
      }
      return r.json();
    });
  };

  EW.el = function (tag, attrs, text) {
    var e = document.createElement(tag);
    Object.keys(attrs || {}).forEach(function (k) { e.setAttribute(k, attrs[k]); });
    if (text !== undefined && text !== null) e.textContent = text;
    return e;
  };

  EW.showError = function (section, err) {
    var box = section.querySelector(".error") || section.appendChild(EW.el("p", { class: "error" }));
    box.textContent = "Could not load: " + err.message;
  };

  EW.clearError = function (section) {
    var box = section.querySelector(".error");
    if (box) box.remove();
  };

  // ---- the filter form ---------------------------------------------------------------------
  EW.fillForm = function (st) {
    var form = document.getElementById("filters");
    form.querySelectorAll("input[name=type]").forEach(function (box) {
      box.checked = st.type.indexOf(box.value) >= 0;
    });
    ["country", "dyad", "since", "until", "factuality", "min_conf", "q"].forEach(function (k) {
      form.elements[k].value = st[k];
    });
    var chip = document.getElementById("bbox-chip");
    chip.hidden = !st.bbox;
    chip.querySelector(".value").textContent = st.bbox;
  };

  EW.formState = function () {
    var form = document.getElementById("filters");
    var st = { type: [], page: 1, ev: "", bbox: EW.state.bbox };
    form.querySelectorAll("input[name=type]:checked").forEach(function (b) { st.type.push(b.value); });
    ["country", "dyad", "since", "until", "factuality", "min_conf", "q"].forEach(function (k) {
      st[k] = form.elements[k].value.trim();
    });
    st.country = st.country.toUpperCase();
    st.dyad = st.dyad.toUpperCase();
    return st;
  };

  EW.initForm = function () {
    var form = document.getElementById("filters");
    form.addEventListener("submit", function (e) {
      e.preventDefault();
      if (!form.reportValidity()) return;
      EW.update(EW.formState());
    });
    document.querySelector("#bbox-chip .remove").addEventListener("click", function () {
      EW.update({ bbox: "", page: 1 });
    });
  };

  // ---- the events table --------------------------------------------------------------------
  function actors(list) {
    if (!list.length) return "?";
    return list.map(function (a) { return a.name + (a.country ? " (" + a.country + ")" : ""); }).join(", ");
  }

  var table = {
    name: "events",
    size: 25,
    draw: function (st) {
      var section = document.getElementById("events");
      var url = "/web/events?" + EW.filterQuery(st, { page: st.page, size: table.size });
      return EW.getJSON(url).then(function (data) {
        EW.clearError(section);
        var body = section.querySelector("tbody");
        body.textContent = "";
        data.items.forEach(function (ev) {
          var tr = EW.el("tr", { "data-id": ev.id, tabindex: "0", class: "q" + (ev.quad_class || 0) });
          if (ev.id === st.ev) tr.classList.add("selected");
          tr.appendChild(EW.el("td", { class: "type" }, ev.type));
          tr.appendChild(EW.el("td", {}, ev.factuality));
          tr.appendChild(EW.el("td", { class: "dyad" }, actors(ev.source) + " \u2192 " + actors(ev.target)));
          tr.appendChild(EW.el("td", {}, ev.day || ""));
          tr.appendChild(EW.el("td", {}, (ev.place || "") + (ev.place_country ? " (" + ev.place_country + ")" : "")));
          tr.appendChild(EW.el("td", { class: "num" }, ev.confidence.toFixed(2)));
          body.appendChild(tr);
        });
        if (!data.items.length) {
          var td = EW.el("td", { colspan: "6", class: "empty" }, "No events match these filters.");
          body.appendChild(EW.el("tr")).appendChild(td);
        }
        var pages = Math.max(1, Math.ceil(data.total / data.size));
        section.querySelector(".total").textContent = "(" + data.total + ")";
        section.querySelector(".pager .where").textContent = "page " + data.page + " of " + pages;
        section.querySelector(".pager .prev").disabled = data.page <= 1;
        section.querySelector(".pager .next").disabled = data.page >= pages;
      }).catch(function (err) { EW.showError(section, err); });
    },
    init: function () {
      var section = document.getElementById("events");
      section.querySelector("tbody").addEventListener("click", function (e) {
        var tr = e.target.closest("tr[data-id]");
        if (tr) EW.select(tr.getAttribute("data-id"));
      });
      section.querySelector("tbody").addEventListener("keydown", function (e) {
        var tr = e.target.closest("tr[data-id]");
        if (tr && e.key === "Enter") EW.select(tr.getAttribute("data-id"));
      });
      section.querySelector(".pager .prev").addEventListener("click", function () {
        EW.update({ page: Math.max(1, EW.state.page - 1) }, ["events"]);
      });
      section.querySelector(".pager .next").addEventListener("click", function () {
        EW.update({ page: EW.state.page + 1 }, ["events"]);
      });
    },
  };

  EW.select = function (id) {
    EW.state.ev = id;
    window.history.pushState(null, "", EW.pageUrl(EW.state));
    document.querySelectorAll("#events tbody tr.selected").forEach(function (tr) { tr.classList.remove("selected"); });
    var row = document.querySelector('#events tbody tr[data-id="' + CSS.escape(id) + '"]');
    if (row) row.classList.add("selected");
    EW.showEvidence(id);
  };

  EW.sections.push(table);
})();
