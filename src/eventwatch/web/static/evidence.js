// The evidence view: the event's sentence with trigger, source, target, place and time marked
// at their offsets, its article's metadata, and the other reports of the same event.
(function () {
  "use strict";
  var EW = window.EW;
  var ORDER = ["trigger", "source", "target", "place", "time"];

  // Spans that do not overlap one kept before them (in ORDER), sorted by start.
  function nonOverlapping(spans) {
    var kept = [];
    ORDER.forEach(function (role) {
      spans.filter(function (s) { return s.role === role; }).forEach(function (s) {
        var clash = kept.some(function (k) { return s.start < k.end && k.start < s.end; });
        if (!clash) kept.push(s);
      });
    });
    return kept.sort(function (a, b) { return a.start - b.start; });
  }

  function markSentence(p, sentence, offset, spans) {
    p.textContent = "";
    var at = 0;
    nonOverlapping(spans).forEach(function (s) {
      var from = s.start - offset, to = s.end - offset;
      if (from > at) p.appendChild(document.createTextNode(sentence.slice(at, from)));
      var mark = EW.el("mark", {
        class: "hl hl-" + s.role, "data-role": s.role, "data-start": s.start, "data-end": s.end,
        title: s.role + " [" + s.start + ", " + s.end + ")",
      }, sentence.slice(from, to));
      p.appendChild(mark);
      at = to;
    });
    if (at < sentence.length) p.appendChild(document.createTextNode(sentence.slice(at)));
  }

  function row(dl, term, value, href) {
    if (!value) return;
    dl.appendChild(EW.el("dt", {}, term));
    var dd = dl.appendChild(EW.el("dd"));
    if (href) dd.appendChild(EW.el("a", { href: href, rel: "noreferrer noopener", target: "_blank" }, value));
    else dd.textContent = value;
  }

  // The story's other articles: title (linked when the URL is http(s)), outlet, published.
  function showStory(box, story) {
    var list = box.querySelector(".story");
    list.textContent = "";
    list.removeAttribute("data-story");
    box.querySelector(".story-total").textContent = story
      ? "(" + story.num_articles + " article(s), " + story.num_sources + " outlet(s))" : "";
    if (!story || !story.others.length) {
      list.appendChild(EW.el("li", { class: "empty" }, "none stored"));
      return;
    }
    list.setAttribute("data-story", story.id);
    story.others.forEach(function (o) {
      var li = list.appendChild(EW.el("li", { "data-article": o.id }));
      var title = o.title || "(untitled)";
      if (o.url && /^https?:\/\//.test(o.url)) {
        li.appendChild(EW.el("a", { href: o.url, rel: "noreferrer noopener", target: "_blank" }, title));
      } else {
        li.appendChild(EW.el("span", { class: "title" }, title));
      }
      li.appendChild(document.createTextNode(" \u2014 " + (o.source || o.outlet || "") +
        (o.published ? ", " + o.published : "")));
    });
  }

  EW.showEvidence = function (id) {
    var box = document.getElementById("evidence");
    return EW.getJSON("/web/evidence/" + encodeURIComponent(id)).then(function (d) {
      EW.clearError(box);
      box.hidden = false;
      box.setAttribute("data-event", d.id);
      var ev = d.evidence;
      markSentence(box.querySelector(".sentence"), ev.sentence, ev.start, d.highlights);
      var spans = box.querySelector(".spans");
      spans.textContent = "";
      d.highlights.forEach(function (s) {
        spans.appendChild(EW.el("li", { class: "hl-" + s.role },
          s.role + ": \u201c" + s.text + "\u201d at " + s.start + "\u2013" + s.end));
      });
      var head = d.event_type + (d.mode ? " (" + d.mode + ")" : "") + ", " + d.factuality +
        ", confidence " + d.confidence.toFixed(2) + (d.cameo ? ", CAMEO " + d.cameo : "") +
        (d.goldstein !== null && d.goldstein !== undefined ? ", Goldstein " + d.goldstein : "");
      box.querySelector("h3").textContent = "Evidence: " + head;
      var dl = box.querySelector(".article");
      dl.textContent = "";
      var art = d.article || {};
      row(dl, "Article", art.title || "(untitled)");
      row(dl, "Outlet", art.source);
      if (art.url && /^https?:\/\//.test(art.url)) row(dl, "Link", art.url, art.url);
      row(dl, "Published", art.published);
      row(dl, "Event date", d.day);
      row(dl, "Reports", d.num_articles + " article(s), " + d.num_sources + " source(s), " + d.num_mentions + " mention(s)");
      box.querySelector(".cluster-total").textContent = "(" + d.cluster_total + ")";
      var list = box.querySelector(".cluster");
      list.textContent = "";
      d.cluster.forEach(function (o) {
        var li = list.appendChild(EW.el("li"));
        var a = li.appendChild(EW.el("a", { href: "#events", "data-id": o.id }, (o.day || "") + " " + o.type));
        a.addEventListener("click", function (e) { e.preventDefault(); EW.select(o.id); });
        li.appendChild(document.createTextNode(" \u2014 " + (o.source || o.title || "") + ": " + o.sentence));
      });
      if (!d.cluster.length) list.appendChild(EW.el("li", { class: "empty" }, "none stored"));
      showStory(box, d.story);
    }).catch(function (err) { box.hidden = false; EW.showError(box, err); });
  };

  EW.sections.push({
    name: "evidence",
    draw: function (st) {
      if (st.ev) EW.showEvidence(st.ev);
      else document.getElementById("evidence").hidden = true;
    },
    init: function () {},
  });
})();
