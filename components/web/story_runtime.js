/* Story-map runtime: the same code drives the Streamlit map and the exported HTML.
 * It knows layers by place id; select() highlights a place's features and markers and,
 * when asked, moves the map to them. Text arrives already escaped from Python. */
(function () {
  "use strict";
  function StoryMap(map, opts) {
    this.map = map;
    this.opts = opts || {};
    this.byPlace = {};      // place id -> [leaflet layers]
    this.owned = {};        // place id -> [layers it draws] (popups open on these)
    this.overlays = {};     // legend title -> layer
    this.selected = [];
    this.listeners = [];
    map.createPane("sm-highlight").style.zIndex = 640;
    map.getPane("sm-highlight").style.pointerEvents = "none";
    this.highlight = L.layerGroup([], { pane: "sm-highlight" }).addTo(map);
    if (this.opts.imagePath) { L.Icon.Default.imagePath = this.opts.imagePath; }
  }
  StoryMap.prototype.register = function (layer, places, owner) {
    var self = this;
    (places || []).forEach(function (p) { (self.byPlace[p] = self.byPlace[p] || []).push(layer); });
    if (owner) {
      (this.owned[owner] = this.owned[owner] || []).push(layer);
      layer.on("click", function () { self.select([owner], { fit: false, source: "map" }); });
      layer.on("keypress", function (ev) {
        if (ev.originalEvent && ev.originalEvent.key === "Enter") { layer.fire("click"); }
      });
    }
  };
  StoryMap.prototype.pin = function (lat, lon, approximate, label, stack) {
    var dx = (stack || 0) * 24;  // markers at the same point stand side by side
    var cls = "sm-pin" + (approximate ? " sm-pin-approx" : "");
    var glyph = approximate ? "≈" : "";
    var icon = L.divIcon({
      className: cls, iconSize: [26, 34], iconAnchor: [13 - dx, 33], popupAnchor: [dx, -30], tooltipAnchor: [12 + dx, -18],
      html: '<svg viewBox="0 0 26 34" width="26" height="34" aria-hidden="true"><path class="sm-pin-body" d="M13 1C6.4 1 1 6.3 1 12.8 1 21.6 13 33 13 33s12-11.4 12-20.2C25 6.3 19.6 1 13 1z"/>' +
            '<circle class="sm-pin-dot" cx="13" cy="12.5" r="4.6"/></svg><span class="sm-pin-glyph">' + glyph + "</span>"
    });
    return L.marker([lat, lon], { icon: icon, keyboard: true, title: label, alt: label, riseOnHover: true });
  };
  StoryMap.prototype.addOverlay = function (title, layer, show) {
    this.overlays[title] = layer;
    if (show) { layer.addTo(this.map); }
  };
  StoryMap.prototype.finish = function (cfg) {
    var map = this.map;
    var none = L.layerGroup();
    var osm = L.tileLayer("https://tile.openstreetmap.org/{z}/{x}/{y}.png", {
      maxZoom: 18, attribution: "Tiles © OpenStreetMap contributors"
    });
    var bases = {};
    bases["No background (works offline)"] = none;
    bases["OpenStreetMap tiles (online)"] = osm;
    none.addTo(map);
    L.control.layers(bases, this.overlays, { collapsed: !!cfg.collapsed, position: "topright" }).addTo(map);
    var legend = L.control({ position: "bottomleft" });
    legend.onAdd = function () {
      var div = L.DomUtil.create("div", "sm-legend-box");
      div.innerHTML = cfg.legend;
      var det = div.querySelector("details");
      if (det && map.getSize().x < 700) { det.open = false; }
      L.DomEvent.disableClickPropagation(div);
      return div;
    };
    legend.addTo(map);
    (cfg.attribution || []).forEach(function (a) { map.attributionControl.addAttribution(a); });
    map.attributionControl.setPrefix('<a href="https://leafletjs.com">Leaflet</a>');
    if (cfg.fit) { map.fitBounds(cfg.fit, { padding: [10, 10] }); }
    map.getContainer().setAttribute("data-story-ready", "1");
  };
  StoryMap.prototype.boundsOf = function (ids) {
    var b = null, self = this;
    ids.forEach(function (id) {
      (self.byPlace[id] || []).forEach(function (l) {
        var lb = l.getBounds ? l.getBounds() : (l.getLatLng ? L.latLngBounds([l.getLatLng()]) : null);
        if (lb && lb.isValid()) { b = b ? b.extend(lb) : L.latLngBounds(lb.getSouthWest(), lb.getNorthEast()); }
      });
    });
    return b;
  };
  StoryMap.prototype.select = function (ids, opts, fitIds) {
    opts = opts || {};
    ids = (ids || []).filter(function (x) { return typeof x === "string"; });
    var self = this, hl = this.opts.highlight || { color: "#ffb000", weight: 5, opacity: 1 };
    this.highlight.clearLayers();
    this.selected.forEach(function (id) {
      (self.byPlace[id] || []).forEach(function (l) {
        if (l._icon) { L.DomUtil.removeClass(l._icon, "sm-selected"); l.setZIndexOffset(0); }
      });
    });
    var focus = fitIds && fitIds.length ? fitIds : ids;
    var soft = this.opts.softHighlight || { color: "#ffb000", weight: 2, opacity: 0.9, dashArray: "6 4", fill: false };
    ids.forEach(function (id) {
      var style = focus.indexOf(id) >= 0 ? hl : soft;
      (self.byPlace[id] || []).forEach(function (l) {
        if (l._icon || (l.getLatLng && !l.getRadius)) {
          if (l._icon) { L.DomUtil.addClass(l._icon, "sm-selected"); }
          if (l.setZIndexOffset) { l.setZIndexOffset(1000); }
        } else if (l.toGeoJSON) {
          L.geoJSON(l.toGeoJSON(), { pane: "sm-highlight", interactive: false, style: function () { return style; } })
            .addTo(self.highlight);
        }
      });
    });
    this.selected = ids.slice();
    this.map.getContainer().setAttribute("data-selected", ids.join(" "));
    if (opts.fit) {
      var b = this.boundsOf(focus);
      if (!opts.popup) { this.map.closePopup(); }
      if (b) { this.map.flyToBounds(b, { padding: [40, 40], maxZoom: opts.maxZoom || 9, duration: 0.6 }); }
    }
    if (opts.popup && ids.length === 1) {
      var target = (this.owned[ids[0]] || [])[0];
      if (target && target.openPopup) { target.openPopup(); }
    }
    this.listeners.forEach(function (fn) { fn(ids, opts); });
  };
  StoryMap.prototype.onSelect = function (fn) { this.listeners.push(fn); };
  window.StoryMap = StoryMap;
})();
