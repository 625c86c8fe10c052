// The timeline (one dyad: counts per window stacked by quad class, mean Goldstein line, spike
// markers) and the network (countries, edges by count coloured by mean Goldstein), with D3.
(function () {
  "use strict";
  var EW = window.EW;
  var QUADS = ["1", "2", "3", "4"];

  // ---- timeline ------------------------------------------------------------------------------
  var timeline = {
    name: "timeline",
    seq: 0,
    draw: function (st) {
      var section = document.getElementById("timeline");
      var by = section.querySelector("select[name=by]").value;
      var mine = ++timeline.seq;
      return EW.getJSON("/web/timeline?" + EW.filterQuery(st, { by: by })).then(function (data) {
        if (mine !== timeline.seq) return;
        EW.clearError(section);
        var label = "";
        if (data.dyad) {
          label = data.dyad.join("\u2013") + (st.dyad ? "" : " (busiest dyad)") +
            (data.windows.length ? ", per " + data.by : ": no dated events");
        }
        section.querySelector("h2 .dyad").textContent = label;
        drawTimeline(section.querySelector(".chart"), data);
      }).catch(function (err) { EW.showError(section, err); });
    },
    init: function () {
      document.querySelector("#timeline select[name=by]").addEventListener("change", function () {
        timeline.draw(EW.state);
      });
    },
  };

  function drawTimeline(holder, data) {
    holder.textContent = "";
    if (!data.windows.length) {
      holder.appendChild(EW.el("p", { class: "empty" }, "No dated events between two countries match these filters."));
      return;
    }
    var W = 640, H = 260, m = { top: 18, right: 40, bottom: 40, left: 40 };
    var svg = d3.select(holder).append("svg").attr("viewBox", "0 0 " + W + " " + H)
      .attr("role", "img").attr("aria-label", "events per " + data.by);
    // a gap entry (a long run of empty windows) keeps one narrow slot, labelled with an ellipsis
    var keyOf = function (w) { return w.gap ? "gap " + w.from : w.period; };
    var windows = data.windows.filter(function (w) { return !w.gap; });
    var x = d3.scaleBand().domain(data.windows.map(keyOf)).range([m.left, W - m.right]).padding(0.15);
    var ymax = d3.max(windows, function (w) { return w.count; }) || 1;
    var y = d3.scaleLinear().domain([0, ymax * 1.15]).nice().range([H - m.bottom, m.top]);
    var g = d3.scaleLinear().domain([-10, 10]).range([H - m.bottom, m.top]);
    var rows = windows.map(function (w) {
      var r = { period: w.period };
      QUADS.forEach(function (q) { r[q] = w.quad[q]; });
      return r;
    });
    var stack = d3.stack().keys(QUADS)(rows);
    svg.append("g").selectAll("g").data(stack).join("g")
      .attr("fill", function (s) { return EW.QUAD_COLORS[s.key]; })
      .attr("class", function (s) { return "quad q" + s.key; })
      .selectAll("rect").data(function (s) { return s; }).join("rect")
      .attr("x", function (d) { return x(d.data.period); })
      .attr("width", x.bandwidth())
      .attr("y", function (d) { return y(d[1]); })
      .attr("height", function (d) { return Math.max(0, y(d[0]) - y(d[1])); })
      .append("title").text(function (d) {
        return d.data.period + ": " + QUADS.map(function (q) { return d.data[q]; }).join(" / ");
      });
    svg.append("g").attr("class", "gaps").selectAll("text").data(data.windows.filter(function (w) { return w.gap; }))
      .join("text").attr("x", function (w) { return x(keyOf(w)) + x.bandwidth() / 2; })
      .attr("y", H - m.bottom - 4).attr("text-anchor", "middle").text("\u22ef")
      .append("title").text(function (w) { return "no events from " + w.from + " to " + w.to; });
    var line = d3.line().defined(function (w) { return !w.gap && w.mean_goldstein !== null; })
      .x(function (w) { return x(keyOf(w)) + x.bandwidth() / 2; })
      .y(function (w) { return g(w.mean_goldstein); });
    svg.append("path").datum(data.windows).attr("class", "goldstein").attr("fill", "none")
      .attr("stroke", "#2c3e91").attr("stroke-width", 1.5).attr("d", line);
    svg.append("g").attr("class", "goldstein-points").selectAll("circle")
      .data(windows.filter(function (w) { return w.mean_goldstein !== null; })).join("circle")
      .attr("cx", function (w) { return x(w.period) + x.bandwidth() / 2; })
      .attr("cy", function (w) { return g(w.mean_goldstein); }).attr("r", 2.5).attr("fill", "#2c3e91")
      .append("title").text(function (w) { return w.period + ": mean Goldstein " + w.mean_goldstein; });
    svg.append("g").attr("class", "spikes").selectAll("path").data(data.spikes).join("path")
      .attr("d", d3.symbol(d3.symbolTriangle, 60))
      .attr("transform", function (s) { return "translate(" + (x(s.period) + x.bandwidth() / 2) + "," + (y(s.count) - 8) + ")"; })
      .attr("fill", "#000")
      .append("title").text(function (s) { return "spike: " + s.count + " events, threshold " + s.threshold; });
    var keys = x.domain(), every = Math.max(1, Math.ceil(keys.length / 8));
    svg.append("g").attr("class", "x-axis").attr("transform", "translate(0," + (H - m.bottom) + ")")
      .call(d3.axisBottom(x).tickValues(keys.filter(function (k, i) { return i % every === 0 && k.indexOf("gap") !== 0; })));
    svg.append("g").attr("transform", "translate(" + m.left + ",0)").call(d3.axisLeft(y).ticks(5));
    svg.append("g").attr("transform", "translate(" + (W - m.right) + ",0)").call(d3.axisRight(g).ticks(5));
  }

  // ---- network -------------------------------------------------------------------------------
  var network = {
    name: "network",
    seq: 0,
    draw: function (st) {
      var section = document.getElementById("network");
      var mine = ++network.seq;
      return EW.getJSON("/web/network?" + EW.filterQuery(st)).then(function (data) {
        if (mine !== network.seq) return;
        EW.clearError(section);
        drawNetwork(section.querySelector(".chart"), data, st.dyad);
      }).catch(function (err) { EW.showError(section, err); });
    },
    init: function () {},
  };

  function drawNetwork(holder, data, chosen) {
    holder.textContent = "";
    if (!data.edges.length) {
      holder.appendChild(EW.el("p", { class: "empty" }, "No events between two countries match these filters."));
      return;
    }
    var W = 640, H = 360;
    var nodes = data.nodes.map(function (n) { return { id: n.id, count: n.count }; });
    var links = data.edges.map(function (e) { return { source: e.a, target: e.b, e: e }; });
    var maxCount = d3.max(data.edges, function (e) { return e.count; });
    var width = d3.scaleSqrt().domain([1, maxCount]).range([1, 10]);
    var size = d3.scaleSqrt().domain([1, d3.max(nodes, function (n) { return n.count; })]).range([5, 18]);
    var colour = function (gs) { return gs === null ? "#999" : d3.interpolateRdYlGn((gs + 10) / 20); };
    var sim = d3.forceSimulation(nodes)
      .force("link", d3.forceLink(links).id(function (n) { return n.id; }).distance(90))
      .force("charge", d3.forceManyBody().strength(-260))
      .force("center", d3.forceCenter(W / 2, H / 2))
      .force("x", d3.forceX(W / 2).strength(0.07))  // keeps unconnected dyads near the rest
      .force("y", d3.forceY(H / 2).strength(0.1))
      .force("collide", d3.forceCollide(function (n) { return size(n.count) + 8; }))
      .stop();
    for (var i = 0; i < 300; i++) sim.tick();
    // fit the layout into the drawing, keeping its proportions
    var pad = 28;
    var xs = d3.extent(nodes, function (n) { return n.x; }), ys = d3.extent(nodes, function (n) { return n.y; });
    var k = Math.min((W - 2 * pad) / Math.max(1, xs[1] - xs[0]), (H - 2 * pad) / Math.max(1, ys[1] - ys[0]), 1.5);
    var cx = (xs[0] + xs[1]) / 2, cy = (ys[0] + ys[1]) / 2;
    nodes.forEach(function (n) {
      n.x = W / 2 + (n.x - cx) * k;
      n.y = H / 2 + (n.y - cy) * k;
    });
    var svg = d3.select(holder).append("svg").attr("viewBox", "0 0 " + W + " " + H)
      .attr("role", "img").attr("aria-label", "dyad network");
    var edge = svg.append("g").selectAll("g").data(links).join("g")
      .attr("class", function (l) {
        var key = l.e.a + "-" + l.e.b, rev = l.e.b + "-" + l.e.a;
        return "edge" + (chosen === key || chosen === rev ? " chosen" : "");
      })
      .attr("data-dyad", function (l) { return l.e.a + "-" + l.e.b; })
      .on("click", function (ev, l) {
        EW.update({ dyad: l.e.a + "-" + l.e.b, page: 1, ev: "" });
      });
    edge.append("line").attr("class", "hit").attr("stroke", "transparent").attr("stroke-width", 14);
    edge.append("line").attr("class", "seen")
      .attr("stroke", function (l) { return colour(l.e.mean_goldstein); })
      .attr("stroke-width", function (l) { return width(l.e.count); });
    edge.selectAll("line")
      .attr("x1", function (l) { return l.source.x; }).attr("y1", function (l) { return l.source.y; })
      .attr("x2", function (l) { return l.target.x; }).attr("y2", function (l) { return l.target.y; });
    edge.append("title").text(function (l) {
      return l.e.a + "\u2013" + l.e.b + ": " + l.e.count + " events, mean Goldstein " + l.e.mean_goldstein;
    });
    var node = svg.append("g").selectAll("g").data(nodes).join("g").attr("class", "node")
      .attr("transform", function (n) { return "translate(" + n.x + "," + n.y + ")"; });
    node.append("circle").attr("r", function (n) { return size(n.count); });
    // a code fits inside a large node; a small one is labelled above it
    node.append("text").attr("text-anchor", "middle")
      .attr("class", function (n) { return size(n.count) >= 11 ? "inside" : "above"; })
      .attr("dy", function (n) { return size(n.count) >= 11 ? "0.35em" : -(size(n.count) + 3); })
      .text(function (n) { return n.id; });
    if (data.edges_total > data.edges.length) {
      holder.appendChild(EW.el("p", { class: "hint" }, "The " + data.edges.length + " busiest of " + data.edges_total + " dyads."));
    }
  }

  EW.sections.push(timeline, network);
})();
