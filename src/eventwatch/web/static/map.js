// The map: Natural Earth countries (npm world-atlas, served by this server) as the base layer,
// and the server's clusters of event places for the current zoom, coloured by quad class.
// Clicking a cluster filters the table to its places.
(function () {
  "use strict";
  var EW = window.EW;
  var map = null, clusters = null, seq = 0, fitted = false;

  function viewBox() {
    var b = map.getBounds();
    var clamp = function (v, lo, hi) { return Math.max(lo, Math.min(hi, v)); };
    return [clamp(b.getSouth(), -90, 90), clamp(b.getWest(), -180, 180),
      clamp(b.getNorth(), -90, 90), clamp(b.getEast(), -180, 180)].map(function (v) { return v.toFixed(3); }).join(",");
  }

  // A ring that crosses the antimeridian (Fiji, Chukotka) comes with longitudes on both sides
  // of +-180; drawn as is it strikes a line across the world. Shift its western part east.
  function unwrap(geometry) {
    if (!geometry) return;
    var polygons = geometry.type === "Polygon" ? [geometry.coordinates] :
      geometry.type === "MultiPolygon" ? geometry.coordinates : [];
    polygons.forEach(function (poly) {
      poly.forEach(function (ring) {
        var lons = ring.map(function (p) { return p[0]; });
        if (Math.max.apply(null, lons) - Math.min.apply(null, lons) > 180) {
          ring.forEach(function (p) { if (p[0] < 0) p[0] += 360; });
        }
      });
    });
  }

  function radius(n) { return 5 + 3 * Math.log2(1 + n); }

  function draw(st) {
    var section = document.getElementById("map");
    if (!map) return Promise.resolve();
    var mine = ++seq;
    // the first answer covers the world, and the map then zooms to the events' places
    var first = !fitted;
    var url = "/web/map?" + EW.filterQuery(st, { zoom: map.getZoom(), view: first ? "" : viewBox() });
    return EW.getJSON(url).then(function (data) {
      if (mine !== seq) return;
      EW.clearError(section);
      clusters.clearLayers();
      data.clusters.forEach(function (c) {
        var box = c.bounds.join(",");
        var m = L.circleMarker([c.lat, c.lon], {
          radius: radius(c.count), color: "#333", weight: box === st.bbox ? 3 : 1,
          fillColor: EW.QUAD_COLORS[c.dominant || 0], fillOpacity: 0.8, className: "cluster",
        });
        var q = c.quad;
        m.bindTooltip(c.count + " events: " + q["1"] + " verbal coop., " + q["2"] + " material coop., " +
          q["3"] + " verbal conflict, " + q["4"] + " material conflict");
        m.on("click", function () {
          // the cluster's places as the table's place filter (bounds padded a hair)
          var b = c.bounds, pad = 0.0005;
          var bbox = [b[0] - pad, b[1] - pad, b[2] + pad, b[3] + pad].map(function (v) { return v.toFixed(4); }).join(",");
          EW.update({ bbox: bbox, page: 1, ev: "" }, ["events", "evidence", "map"]);
        });
        clusters.addLayer(m);
      });
      section.setAttribute("data-clusters", data.clusters.length);
      if (first) {
        fitted = true;
        if (data.clusters.length) {
          var all = L.latLngBounds(data.clusters.map(function (c) { return [c.bounds[0], c.bounds[1]]; })
            .concat(data.clusters.map(function (c) { return [c.bounds[2], c.bounds[3]]; })));
          map.fitBounds(all, { maxZoom: 5, padding: [30, 30] });
        }
      }
    }).catch(function (err) { EW.showError(section, err); });
  }

  function init() {
    var section = document.getElementById("map");
    map = L.map(section.querySelector(".canvas"), {
      center: [30, 20], zoom: 2, minZoom: 1, maxZoom: 12, worldCopyJump: false,
      maxBounds: [[-90, -200], [90, 200]], attributionControl: true,
    });
    map.attributionControl.setPrefix("Leaflet");
    map.attributionControl.addAttribution("Natural Earth via world-atlas");
    clusters = L.layerGroup().addTo(map);
    EW.getJSON("/static/lib/countries-110m.json").then(function (topo) {
      var land = topojson.feature(topo, topo.objects.countries);
      land.features.forEach(function (f) { unwrap(f.geometry); });
      L.geoJSON(land, {
        style: { color: "#9a9a9a", weight: 0.6, fillColor: "#ecebe4", fillOpacity: 1 },
        interactive: false,
      }).addTo(map);
      clusters.eachLayer(function (l) { l.bringToFront(); });
    }).catch(function (err) { EW.showError(section, err); });
    map.on("moveend", function () { draw(EW.state); });
  }

  EW.sections.push({ name: "map", draw: draw, init: init });
})();
