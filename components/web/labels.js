/* Map labels: the names of the story's places and of the context (countries, regions, rivers,
 * capitals) as real DOM text in a Leaflet pane, so screen readers and tests read them and
 * right-to-left names run in their own direction (dir="auto"). The table comes from Python
 * (components/map/labels.py: text, anchor, kind, role, priority, min zoom); this file only
 * places it. Placement is greedy and collision-aware: the selected places first, then by
 * priority (story above context, big above small); each label takes the first candidate spot
 * that overlaps no label already placed, no marker icon, no control (legend, inset) and no open popup,
 * inside the map, else it is hidden.
 * A story point whose marker is not drawn on its own (inside a cluster, or its overlay switched
 * off) gets no label, so clustered stories do not flood the map. Relaid out after every move,
 * zoom, resize and selection (hooks in story_runtime.js). */
(function () {
  "use strict";
  var F = ["id", "text", "lat", "lon", "kind", "role", "place", "priority", "min_zoom", "stack"];  // labels.LABEL_FIELDS
  var KINDS = ["point", "area", "line", "country", "capital"];  // labels.LABEL_KINDS
  var PAD = 2;

  function placeLabels(story, c) {
    // labels.labels_json ``places``: a story place's label by its row in the place table
    // (story_runtime.js setPlaces), which holds its id and its name (titleOf: the unescaped text)
    var out = new Array(c.row.length);
    for (var k = 0; k < c.row.length; k++) {
      var row = c.row[k], id = story.table.ids[row];
      out[k] = { id: "place:" + id, text: story.titleOf(row), lat: c.lat[k], lon: c.lon[k],
                 kind: KINDS[c.kind[k]], role: "story", place: id, priority: c.priority[k], min_zoom: c.min_zoom[k],
                 stack: c.stack[k] };
    }
    return out;
  }

  function StoryLabels(story, table) {
    var self = this;
    this.s = story;
    this.map = story.map;
    var rows = table.rows.map(function (r) {
      var lb = {};
      F.forEach(function (k, j) { lb[k] = r[j]; });
      return lb;
    });
    this.items = placeLabels(story, table.places).concat(rows).map(function (lb, i) {
      return { lb: lb, i: i, el: null, size: null, ll: L.latLng(lb.lat, lb.lon) };
    });
    // placement order, sorted once (a 100,000-place story's labels are not re-sorted per move):
    // by priority, then table order; layout() puts the selected places' labels before it
    this.order = this.items.slice().sort(function (a, b) { return (b.lb.priority - a.lb.priority) || (a.i - b.i); });
    this.ofPlace = new Map();  // place id -> its labels
    this.items.forEach(function (it) {
      if (!it.lb.place) { return; }
      if (!self.ofPlace.has(it.lb.place)) { self.ofPlace.set(it.lb.place, []); }
      self.ofPlace.get(it.lb.place).push(it);
    });
    this.pane = this.map.createPane("sm-labels");
    this.pane.style.zIndex = 645;
    this.pane.style.pointerEvents = "none";
    this.pane.setAttribute("aria-label", "Map labels");
    this.queued = false;
    story.hook({
      finish: function () { self.bind(); self.layout(); },
      select: function () { self.layout(); }
    });
  }
  StoryLabels.prototype.bind = function () {
    var self = this, map = this.map;
    map.on("zoomstart", function () { L.DomUtil.addClass(self.pane, "sm-labels-moving"); });
    map.on("zoomend moveend resize overlayadd overlayremove popupopen popupclose", function () { self.queue(); });
    if (this.s.pins) { this.s.pins.on("drawn", function () { self.queue(); }); }
  };
  StoryLabels.prototype.queue = function () {
    var self = this;
    if (this.queued) { return; }
    this.queued = true;
    var run = function () { self.queued = false; self.layout(); };
    if (window.requestAnimationFrame) { window.requestAnimationFrame(run); } else { setTimeout(run, 16); }
  };
  StoryLabels.prototype.element = function (it) {
    if (it.el) { return it.el; }
    var lb = it.lb, el = L.DomUtil.create("div", "sm-label sm-label-" + lb.kind + " sm-label-" + lb.role, this.pane);
    el.setAttribute("dir", "auto");
    el.setAttribute("data-label", lb.id);
    if (lb.place) { el.setAttribute("data-place", lb.place); }
    el.textContent = lb.text;  // text, never HTML
    el.hidden = true;
    it.el = el;
    return el;
  };
  StoryLabels.prototype.drawn = function (lb) {
    // a story label shows only while its place is drawn (its marker on its own, its shape on)
    if (!lb.place) { return true; }
    var map = this.map, own = this.s.owned.get(lb.place) || [];
    if (lb.kind === "point") {
      return own.some(function (l) { return l.getLatLng && !l.getRadius && l._icon && map.hasLayer(l); });
    }
    return own.length === 0 || own.some(function (l) { return map.hasLayer(l); });
  };
  StoryLabels.prototype.spots = function (lb, w, h) {
    var dx = (lb.stack || 0) * 24;
    if (lb.kind === "point") {  // pins are 26 x 34, tip at the anchor, head ~21 px above it
      return [[dx + 15, -21 - h / 2], [dx - 15 - w, -21 - h / 2], [dx - w / 2, -37 - h], [dx - w / 2, 4],
              [dx + 13, -36 - h], [dx + 13, 0], [dx - 13 - w, -36 - h], [dx - 13 - w, 0]];
    }
    if (lb.kind === "capital") { return [[-5, -h / 2]]; }  // its dot (CSS ::before) on the anchor
    return [[-w / 2, -h / 2], [-w / 2, -h / 2 - h], [-w / 2, h / 2], [-w / 2 - w / 3, -h / 2],
            [-w / 2 + w / 3, -h / 2]];
  };
  StoryLabels.prototype.obstacles = function () {
    var root = this.map.getContainer(), rc = root.getBoundingClientRect(), out = [];
    Array.prototype.forEach.call(root.querySelectorAll(".leaflet-marker-pane .leaflet-marker-icon, .leaflet-control, .leaflet-popup-content-wrapper, .leaflet-popup-tip-container"), function (el) {
      var r = el.getBoundingClientRect();
      if (r.width && r.height) { out.push([r.left - rc.left, r.top - rc.top, r.right - rc.left, r.bottom - rc.top]); }
    });
    return out;
  };
  StoryLabels.prototype.layout = function () {
    var map = this.map, sel = this.s.selectedSet, z = map.getZoom(), size = map.getSize(), self = this;
    if (!map._loaded) { return; }
    var placed = this.obstacles(), shown = 0;
    var first = [];
    sel.forEach(function (id) { (self.ofPlace.get(id) || []).forEach(function (it) { first.push(it); }); });
    first.sort(function (a, b) { return (b.lb.priority - a.lb.priority) || (a.i - b.i); });
    var order = first.length ? first.concat(this.order.filter(function (it) { return !(it.lb.place && sel.has(it.lb.place)); }))
      : this.order;
    var free = function (b) {
      if (b[0] < PAD || b[1] < PAD || b[2] > size.x - PAD || b[3] > size.y - PAD) { return false; }
      for (var k = 0; k < placed.length; k++) {
        var o = placed[k];
        if (b[0] < o[2] + PAD && o[0] < b[2] + PAD && b[1] < o[3] + PAD && o[1] < b[3] + PAD) { return false; }
      }
      return true;
    };
    var markers = placed.length, todo = [];
    // three passes, so the sizes of new labels are read in one layout: a read after each write
    // laid out the whole page once per label (seconds for a 10,000-place export, issue 12)
    order.forEach(function (it) {
      var lb = it.lb, on = !!(lb.place && sel.has(lb.place));
      var hide = function () { if (it.el) { it.el.hidden = true; } };
      if ((!on && lb.min_zoom > z + 1e-6) || !self.drawn(lb)) { hide(); return; }  // cheap tests first
      var p = map.latLngToContainerPoint(it.ll);
      if (!(p.x > -400 && p.y > -200 && p.x < size.x + 400 && p.y < size.y + 200)) { hide(); return; }
      var el = self.element(it), key = on ? "on" : "off";
      L.DomUtil[on ? "addClass" : "removeClass"](el, "sm-label-selected");
      el.hidden = false;
      todo.push({ it: it, el: el, p: p, key: key });
    });
    todo.forEach(function (t) {
      if (!t.it.size || t.it.size.key !== t.key) { t.it.size = { key: t.key, w: t.el.offsetWidth, h: t.el.offsetHeight }; }
    });
    todo.forEach(function (t) {
      var lb = t.it.lb, p = t.p, el = t.el;
      var w = t.it.size.w, h = t.it.size.h, spots = self.spots(lb, w, h), box = null;
      // a point label may touch its own pin (the first obstacles are the marker icons)
      for (var k = 0; k < spots.length && !box; k++) {
        var b = [p.x + spots[k][0], p.y + spots[k][1], p.x + spots[k][0] + w, p.y + spots[k][1] + h];
        if (free(b)) { box = b; }
      }
      if (!box) { el.hidden = true; return; }
      placed.push(box);
      shown++;
      L.DomUtil.setPosition(el, map.containerPointToLayerPoint([box[0], box[1]]).round());
    });
    this.shown = shown;
    this.pane.setAttribute("data-labels-shown", String(shown));
    this.pane.setAttribute("data-obstacles", String(markers));
    L.DomUtil.removeClass(this.pane, "sm-labels-moving");
  };
  window.StoryLabels = StoryLabels;
})();
