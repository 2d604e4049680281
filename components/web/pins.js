/* Pins of a large story: the markers as one data array, grouped on a screen grid at each zoom,
 * and Leaflet markers made only for what is drawn (issue 12).
 *
 * Leaflet.markercluster made one L.marker (icon, tooltip, popup, handlers) per place before the
 * first map and kept them all: 8,000 objects for a 10,000-place story, and a 100,000-place story
 * panned at 1 fps. Here the markers stay columns (components/map/leaflet.py marker_columns),
 * projected once; after each move the layer counts the markers in view per grid cell of CELL
 * pixels and draws a cluster icon for a cell of several, the place's own marker for a cell of
 * one (made on first use by StoryMap.markerAt, then kept), and every marker at the highest zoom.
 * A cluster icon is a focusable button: clicking it zooms to its markers. The cells are fixed in
 * world pixels, so a pan does not regroup them. A selected place's marker is always drawn on its
 * own (above any cluster), and reveal() zooms to where it stands alone. No selection rule lives
 * here: what is selected comes from StoryMap.select. */
(function () {
  "use strict";
  var CELL = 64;  // grid cell, in screen pixels: about two pin widths and a half
  var PAD = 0.3;  // draw this share of the view beyond each edge, so a short pan finds pins there

  var StoryPins = L.Layer.extend({
    initialize: function (story, m) {
      this.s = story;
      this.m = m;
      this.n = m.place.length;
      this.x = new Float64Array(this.n);  // world pixels at zoom 0
      this.y = new Float64Array(this.n);
      var crs = story.map.options.crs;
      for (var k = 0; k < this.n; k++) {
        var p = crs.latLngToPoint(L.latLng(m.lat[k], m.lon[k]), 0);
        this.x[k] = p.x;
        this.y[k] = p.y;
      }
      this.drawn = new Map();  // key -> layer on the map now ("m<row>" a marker, "c<z>:<cell>:<n>" a cluster)
    },
    onAdd: function (map) {
      map.on("moveend viewreset", this.update, this);
      this.update();
    },
    onRemove: function (map) {
      map.off("moveend viewreset", this.update, this);
      this.drawn.forEach(function (l) { map.removeLayer(l); });
      this.drawn.clear();
      this.fire("drawn");
    },
    cellOf: function (k, z) {
      var f = Math.pow(2, z) / CELL;
      return [Math.floor(this.x[k] * f), Math.floor(this.y[k] * f)];
    },
    aloneAt: function (k) {
      // the lowest zoom (from the current one) at which marker k has a cell to itself
      var map = this._map || this.s.map, max = map.getMaxZoom();
      for (var z = Math.max(Math.floor(map.getZoom()), map.getMinZoom()); z < max; z++) {
        var c = this.cellOf(k, z), f = Math.pow(2, z) / CELL, alone = true;
        for (var j = 0; j < this.n && alone; j++) {
          if (j !== k && Math.floor(this.x[j] * f) === c[0] && Math.floor(this.y[j] * f) === c[1]) { alone = false; }
        }
        if (alone) { return z; }
      }
      return max;
    },
    update: function () {
      var map = this._map;
      if (!map) { return; }
      var z = map.getZoom(), zi = Math.floor(z), scale = Math.pow(2, z), f = Math.pow(2, zi) / CELL;
      var b = map.getPixelBounds(), w = b.max.x - b.min.x, h = b.max.y - b.min.y;
      var x0 = b.min.x - w * PAD, x1 = b.max.x + w * PAD, y0 = b.min.y - h * PAD, y1 = b.max.y + h * PAD;
      var all = z >= map.getMaxZoom(), cells = new Map(), sel = this.s.selectedRows();
      for (var k = 0; k < this.n; k++) {
        var X = this.x[k] * scale, Y = this.y[k] * scale;
        if (X < x0 || X > x1 || Y < y0 || Y > y1) { continue; }
        var own = all || (sel.size && sel.has(this.m.place[k]));
        var key = own ? "m" + k : Math.floor(this.x[k] * f) + ":" + Math.floor(this.y[k] * f);
        var c = cells.get(key);
        if (!c) { c = { first: k, n: 0, sx: 0, sy: 0, x0: X, x1: X, y0: Y, y1: Y }; cells.set(key, c); }
        c.n++; c.sx += X; c.sy += Y;
        if (X < c.x0) { c.x0 = X; } if (X > c.x1) { c.x1 = X; }
        if (Y < c.y0) { c.y0 = Y; } if (Y > c.y1) { c.y1 = Y; }
      }
      var next = new Map(), self = this;
      cells.forEach(function (c, key) {
        if (c.n === 1) { next.set("m" + c.first, { row: c.first }); return; }
        next.set("c" + zi + ":" + key + ":" + c.n, c);
      });
      this.drawn.forEach(function (l, key) {
        if (!next.has(key)) { map.removeLayer(l); self.drawn.delete(key); }
      });
      next.forEach(function (c, key) {
        var l = self.drawn.get(key);
        if (!l) {
          l = c.row !== undefined ? self.s.markerAt(c.row) : self.clusterIcon(c);
          self.drawn.set(key, l);
          l.addTo(map);
        }
      });
      this.fire("drawn");
    },
    clusterIcon: function (c) {
      var map = this._map, n = c.n, size = n < 100 ? "small" : n < 1000 ? "medium" : "large";
      var at = map.unproject(L.point(c.sx / n, c.sy / n), map.getZoom());
      var label = n.toLocaleString("en") + " places here: zoom in";
      var icon = L.divIcon({ className: "marker-cluster marker-cluster-" + size, iconSize: [40, 40],
                             html: "<div><span>" + n + "</span></div>" });
      var l = L.marker(at, { icon: icon, keyboard: true, title: label, alt: label });
      var bounds = L.latLngBounds(map.unproject(L.point(c.x0, c.y0), map.getZoom()),
                                  map.unproject(L.point(c.x1, c.y1), map.getZoom()));
      l.on("click", function () {
        var to = Math.min(map.getBoundsZoom(bounds.pad(0.2)), map.getMaxZoom());
        map.flyTo(bounds.getCenter(), Math.max(to, Math.floor(map.getZoom()) + 1), { duration: 0.4 });
      });
      l.on("add", function () { if (l._icon) { l._icon.setAttribute("role", "button"); l._icon.setAttribute("aria-label", label); } });
      return l;
    },
    shows: function (row) {
      var l = this.drawn.get("m" + row);
      return !!(l && this._map && this._map.hasLayer(l));
    },
    reveal: function (row, done) {
      // fly to where marker ``row`` stands alone, then call done() once it is drawn
      var map = this._map, self = this;
      if (!map) { return; }
      var ll = L.latLng(this.m.lat[row], this.m.lon[row]);
      if (this.shows(row) && map.getBounds().contains(ll)) { done(); return; }
      var z = Math.max(this.aloneAt(row), map.getZoom());
      var finish = function () {
        map.off("moveend", finish);
        self.update();
        if (self.shows(row)) { done(); }
      };
      if (Math.abs(z - map.getZoom()) < 1e-6 && map.getBounds().pad(-0.1).contains(ll)) { finish(); return; }  // no flight
      this.s.popupAfter = finish;  // a newer selection cancels it (StoryMap.select)
      map.stop();
      map.on("moveend", finish);
      map.flyTo(ll, z, { duration: 0.6 });
    }
  });
  window.StoryPins = StoryPins;
})();
