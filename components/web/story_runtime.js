/* Story-map runtime: the same code drives the Streamlit map and the exported HTML.
 * It knows layers by place id; select() highlights a place's features and markers and,
 * when asked, moves the map to them. Text arrives already escaped from Python.
 * Places arrive once, as one table of columns (setPlaces, from components/map/leaflet.py
 * place_table), and markers and circles as columns pointing into it (addMarkers, addCircles):
 * tooltipOf()/popupOf() join the escaped pieces into the markup of components/map/markup.py
 * (place_tooltip, place_popup), so a large story sends no HTML per marker (issue 12).
 * A large story's markers stay columns drawn by a StoryPins layer (pins.js: a grid of clusters
 * per zoom, a Leaflet marker made only when its place is drawn alone or selected: markerAt());
 * a selected marker is drawn out of its cluster and revealed (StoryPins.reveal).
 * Inside Streamlit, a click is reported to the app at once (report()) and the reader beside the
 * map is highlighted optimistically (reader(), through the page's story_reader.js); the app's
 * rerun then confirms both. The map holds no selection rule: what a selection highlights and
 * fits arrives as arguments of select(), looked up in Python's selection table. */
(function () {
  "use strict";
  function StoryMap(map, opts) {
    this.map = map;
    this.opts = opts || {};
    // Ids and titles are data: Maps (and a prototype-less object for Leaflet's layer control),
    // so an id such as "constructor" or "__proto__" is a key like any other (issue 14).
    this.byPlace = new Map();  // place id -> [leaflet layers]
    this.owned = new Map();    // place id -> [layers it draws] (popups open on these)
    this.overlays = Object.create(null);  // legend title -> layer (L.control.layers reads it with for-in)
    this.selected = [];
    this.selectedSet = new Set();  // place ids selected now (markers re-added by a cluster)
    this.pins = null;       // the StoryPins layer (pins.js), when the story is large
    this.made = [];         // marker row -> its Leaflet marker, once made (markerAt)
    this.pending = null;    // key of a selection applied ahead of the app (optimistic)
    this.hooks = [];        // labels.js, relief.js, inset.js: {bases, finish, select} (issue 10)
    map.createPane("sm-highlight").style.zIndex = 640;
    map.getPane("sm-highlight").style.pointerEvents = "none";
    this.highlight = L.layerGroup([], { pane: "sm-highlight" }).addTo(map);
    if (this.opts.imagePath) { L.Icon.Default.imagePath = this.opts.imagePath; }
    this.names = new Map();  // place id -> its name (from its marker's label or tooltip), announced
    this.live = L.DomUtil.create("div", "sm-live", map.getContainer());  // aria-live: the selection
    this.live.setAttribute("role", "status");
    this.live.setAttribute("aria-live", "polite");
  }
  StoryMap.prototype.hook = function (h) { this.hooks.push(h); };
  StoryMap.prototype.setPlaces = function (t) {
    this.table = t;
    this.placeAt = new Map();  // place id -> its row in the table
    for (var i = 0; i < t.ids.length; i++) { this.placeAt.set(t.ids[i], i); }
  };
  StoryMap.prototype.tooltipOf = function (id) {
    // markup.place_tooltip: the text ends with "#id" (the click payload, read back in Python)
    var t = this.table, i = this.placeAt.get(id);
    return "<b><bdi>" + t.names[i] + "</bdi></b>" + (t.approx[i] ? ' <i class="sm-approx">approximate</i>' : "") +
      ' <span class="sm-id">#' + id + "</span>";
  };
  function passagesCount(n) {
    // markup.passages_count
    return n ? n + " passage" + (n !== 1 ? "s" : "") : "context: no passage names it";
  }
  StoryMap.prototype.popupOf = function (id) {
    // markup.place_popup: name, precision, "N passages" and the first passage's opening words
    var t = this.table, i = this.placeAt.get(id), n = t.count[i];
    var count = passagesCount(n);
    var first = n ? "<p class='sm-first'><span class='sm-pnum'>¶" + t.first[i] + "</span> <bdi>" + t.words[i] +
      "</bdi></p>" : "";
    return "<div class='sm-popup' data-place='" + id + "'><h4><bdi>" + t.names[i] + "</bdi></h4>" +
      "<p class='sm-prec'>" + t.precText[t.prec[i]] + " · " + count + "</p>" + first + "</div>";
  };
  StoryMap.prototype.placesListHtml = function (extra) {
    // markup.places_list_html (the map as text): every place, its precision and the passages that
    // name it, from the place table (first passage) and extra (leaflet.py places_list_extra: the
    // other passages' numbers by place row, the opening words of those no place has first).
    // Every piece of text in both is escaped in Python.
    var t = this.table, words = Object.create(null), items = new Array(t.ids.length), i, k;
    for (i = 0; i < t.ids.length; i++) { if (t.count[i]) { words[t.first[i]] = t.words[i]; } }
    Object.keys(extra.words).forEach(function (n) { words[n] = extra.words[n]; });
    for (i = 0; i < t.ids.length; i++) {
      var n = t.count[i], refs = "";
      var nums = n ? [t.first[i]].concat(Object.prototype.hasOwnProperty.call(extra.more, String(i)) ? extra.more[String(i)] : []) : [];
      for (k = 0; k < nums.length; k++) {
        refs += "<li><span class='sm-pnum'>¶" + nums[k] + "</span> " + words[nums[k]] + "</li>";
      }
      items[i] = "<li data-place='" + t.ids[i] + "'><b>" + t.names[i] + "</b> <span class='sm-prec'>" +
        t.precText[t.prec[i]] + " · " + passagesCount(n) + "</span>" + (refs ? "<ul>" + refs + "</ul>" : "") + "</li>";
    }
    return "<ul class='sm-places-list'>" + items.join("") + "</ul>";
  };
  StoryMap.prototype.titleOf = function (i) {
    // the unescaped name, for an attribute (Leaflet sets it as text): kept only where it differs
    var raw = this.table.raw[String(i)];
    return typeof raw === "string" ? raw : this.table.names[i];
  };
  StoryMap.prototype.addMarkers = function (m, group) {
    // m: columns (leaflet.py marker_columns): place row, lat, lon, stack. A small story's markers
    // are made now and put in ``group``; a large story's (``pins``) are drawn by a StoryPins layer
    // (pins.js) and made only when drawn alone or selected (markerAt).
    this.markers = m;
    this.rowsOf = new Map();  // place id -> its marker rows
    for (var k = 0; k < m.place.length; k++) {
      var id = this.table.ids[m.place[k]];
      if (!this.rowsOf.has(id)) { this.rowsOf.set(id, []); }
      this.rowsOf.get(id).push(k);
    }
    if (this.pins) { return; }
    for (k = 0; k < m.place.length; k++) { group.addLayer(this.markerAt(k)); }
  };
  StoryMap.prototype.pinLayer = function (m) {
    // a large story: its markers are drawn by StoryPins, made when needed
    this.pins = new window.StoryPins(this, m);
    return this.pins;
  };
  StoryMap.prototype.markerAt = function (k) {
    // marker row k's Leaflet marker, made once. Popups are built when they open; icons are
    // shared by the markers of one kind.
    if (this.made[k]) { return this.made[k]; }
    var m = this.markers, t = this.table, i = m.place[k], id = t.ids[i], self = this;
    var mk = this.pin(m.lat[k], m.lon[k], !!t.approx[i], this.titleOf(i), m.stack[k]);
    this.made[k] = mk;
    mk.__place = id;
    mk.__row = k;
    mk.bindTooltip(this.tooltipOf(id), { direction: "right" });
    mk.bindPopup(function (layer) { return self.popupOf(layer.__place); }, this.popupOptions());
    this.register(mk, [id], id);
    return mk;
  };
  StoryMap.prototype.selectedRows = function () {
    // the place rows selected now (StoryPins draws their markers on their own)
    var rows = new Set(), self = this;
    this.selectedSet.forEach(function (id) { if (self.placeAt.has(id)) { rows.add(self.placeAt.get(id)); } });
    return rows;
  };
  StoryMap.prototype.addCircles = function (c, style, group) {
    // c: columns: place row, lat, lon, radius (m)
    for (var k = 0; k < c.place.length; k++) {
      var id = this.table.ids[c.place[k]];
      var ci = L.circle([c.lat[k], c.lon[k]], L.extend({}, style, { radius: c.radius[k] }));
      ci.bindTooltip(this.tooltipOf(id), { sticky: true });
      this.register(ci, [id], id);
      group.addLayer(ci);
    }
  };
  StoryMap.prototype.register = function (layer, places, owner) {
    var self = this;
    (places || []).forEach(function (p) { self.layersOf(p, true).push(layer); });
    if (owner) {
      if (!this.owned.has(owner)) { this.owned.set(owner, []); }
      this.owned.get(owner).push(layer);
      layer.on("click", function () {
        self.report(layer);
        self.select([owner], { fit: false, source: "map" });
      });
      if (layer.getLatLng && !layer.getRadius) {  // a marker: (re)drawn icons keep the selection
        layer.on("add", function () { self.markIcon(layer, self.selectedSet.has(owner)); });
      }
      layer.on("keypress", function (ev) {
        // a focused marker: Enter selects it (Leaflet's own keypress handler opens its popup)
        if (layer.getLatLng && ev.originalEvent && ev.originalEvent.key === "Enter") {
          self.report(layer);
          self.select([owner], { fit: false, source: "map" });
        }
      });
      this.accessible(layer, owner);
    }
  };
  StoryMap.prototype.placeName = function (id) {
    // a story place's name as its tooltip reads (the text of tooltipOf without "#id"), from the
    // place table; null for an id that is no place
    if (!this.placeAt || !this.placeAt.has(id)) { return null; }
    var i = this.placeAt.get(id);
    return (this.titleOf(i) + (this.table.approx[i] ? " approximate" : "")).trim();
  };
  StoryMap.prototype.nameOf = function (layer, owner) {
    // a marker's label; a story place's name (placeName); else its tooltip's text without "#id"
    if (layer.options && layer.options.title) { return layer.options.title; }
    var name = owner && this.placeName(owner);
    if (name) { return name; }
    var tip = layer.getTooltip && layer.getTooltip(), html = tip && tip.getContent();
    if (typeof html !== "string") { return ""; }
    var span = document.createElement("span");
    span.innerHTML = html;  // built and escaped by components/map/markup.py
    return (span.textContent || "").replace(/\s*#[a-z0-9-]+\s*$/, "").trim();
  };
  StoryMap.prototype.accessible = function (layer, owner) {
    // Markers and boundaries are focusable buttons with names; Enter or Space selects. A
    // boundary's popup opens at its top edge, not over it, so the selection stays visible.
    var self = this, name = this.nameOf(layer, owner);
    if (name && !this.names.has(owner)) { this.names.set(owner, name); }
    if (layer.getPopup && layer.getPopup() && !layer.getLatLng) {
      layer.off("click", layer._openPopup, layer);
      layer.off("keypress", layer._onKeyPress, layer);
      layer.on("click", function (ev) { self.openPopupOf(layer, ev && ev.latlng); });
    }
    layer.on("add", function () {
      var el = layer._icon || layer._path;
      if (!el) { return; }
      el.setAttribute("role", "button");
      el.setAttribute("aria-label", name || owner);
      if (layer._icon) { return; }  // Leaflet makes a keyboard marker focusable and Enter clicks it
      el.setAttribute("tabindex", "0");
      L.DomEvent.on(el, "keydown", function (ev) {
        if (ev.key !== "Enter" && ev.key !== " ") { return; }
        L.DomEvent.preventDefault(ev);
        var c = layer.getBounds ? layer.getBounds().getCenter() : null;
        layer.fire("click", { latlng: c, originalEvent: ev });
      });
    });
  };
  StoryMap.prototype.popupOptions = function () {
    // short popups, never wider than the map, kept clear of the controls when they pan into view
    var w = this.map.getSize().x;
    return { maxWidth: Math.max(150, Math.min(260, w - 90)), minWidth: Math.min(150, w - 90),
             autoPanPaddingTopLeft: L.point(50, 12), autoPanPaddingBottomRight: L.point(50, 36),
             className: "sm-popup-box" };
  };
  StoryMap.prototype.openPopupOf = function (layer, latlng) {
    // a marker's popup stands above the (enlarged) selected pin; a boundary's at its top edge
    // when that edge is in view (else where it was clicked)
    if (layer.getLatLng || !layer.getBounds) { layer.openPopup(); return; }
    var b = layer.getBounds(), view = this.map.getBounds();
    var at = latlng || b.getCenter();
    var lng = Math.min(Math.max(at.lng, b.getWest()), b.getEast());
    if (b.getNorth() < view.getNorth() - (view.getNorth() - view.getSouth()) * 0.3) { at = L.latLng(b.getNorth(), lng); }
    layer.openPopup(at);
  };
  StoryMap.prototype.announce = function (ids) {
    var self = this;
    var names = ids.map(function (id) {
      return self.names.get(id) || self.placeName(id) || id;  // a large story's unmade marker: the table
    });
    this.live.textContent = names.length ? "Selected on the map: " + names.join(", ") : "Nothing selected on the map";
  };
  StoryMap.prototype.layersOf = function (id, create) {
    // the layers that draw or highlight a place; an unknown id has none. A large story's
    // markers of the place are made here when first asked for (they are drawn by StoryPins).
    if (this.pins && this.rowsOf.has(id)) {
      var rows = this.rowsOf.get(id);
      for (var r = 0; r < rows.length; r++) { this.markerAt(rows[r]); }  // made once: markerAt keeps it
    }
    var list = this.byPlace.get(id);
    if (!list && create) { list = []; this.byPlace.set(id, list); }
    return list || [];
  };
  StoryMap.prototype.pin = function (lat, lon, approximate, label, stack) {
    var key = (approximate ? "a" : "p") + (stack || 0);
    this.icons = this.icons || new Map();  // one icon per kind: 10,000 markers share two
    if (!this.icons.has(key)) { this.icons.set(key, this.pinIcon(approximate, stack)); }
    return L.marker([lat, lon], { icon: this.icons.get(key), keyboard: true, title: label, alt: label, riseOnHover: true });
  };
  StoryMap.prototype.pinIcon = function (approximate, stack) {
    var dx = (stack || 0) * 24;  // markers at the same point stand side by side
    var cls = "sm-pin" + (approximate ? " sm-pin-approx" : "");
    var glyph = approximate ? "≈" : "";
    return L.divIcon({
      className: cls, iconSize: [26, 34], iconAnchor: [13 - dx, 33], popupAnchor: [dx, -44], tooltipAnchor: [12 + dx, -18],
      html: '<svg viewBox="0 0 26 34" width="26" height="34" aria-hidden="true"><path class="sm-pin-body" d="M13 1C6.4 1 1 6.3 1 12.8 1 21.6 13 33 13 33s12-11.4 12-20.2C25 6.3 19.6 1 13 1z"/>' +
            '<circle class="sm-pin-dot" cx="13" cy="12.5" r="4.6"/></svg><span class="sm-pin-glyph">' + glyph + "</span>"
    });
  };
  StoryMap.prototype.reveal = function (marker, done) {
    // zoom until ``marker`` (of a large story) stands alone on the map, then call done()
    if (this.pins && marker && marker.__row !== undefined) { this.pins.reveal(marker.__row, done); } else { done(); }
  };
  StoryMap.prototype.markIcon = function (l, on) {
    if (l._icon) { L.DomUtil[on ? "addClass" : "removeClass"](l._icon, "sm-selected"); }
    if (l.setZIndexOffset) { l.setZIndexOffset(on ? 1000 : 0); }
  };
  StoryMap.prototype.drawSelectedPins = function () {
    // a large story: the selected places' markers are drawn on their own, out of their clusters (pins.js)
    if (this.pins && this.map.hasLayer(this.pins)) { this.pins.update(); }
  };
  StoryMap.prototype.report = function (layer) {
    // Tell the app at once, through streamlit-folium's own channel (its click report is
    // debounced by 250 ms, and it never sees markers that a cluster adds later). Same payload
    // as streamlit-folium sends: the click counter and the tooltip's text, which ends with the id.
    var tip = layer.getTooltip && layer.getTooltip();
    var html = tip && tip.getContent();
    if (typeof html !== "string") { return; }
    var span = document.createElement("span");
    span.innerHTML = html;
    this.send((span.textContent || span.innerText || "").trim(), null);
  };
  StoryMap.prototype.send = function (text, kind) {
    // One click for the app, as the map component's value: ``text`` ends with "#id"; ``kind``
    // (components/ui/folium_component.py ACTION) says a click in the reader sent it: "passage"
    // or "place" (null: a click on the map). false in the HTML export (no app to tell).
    var gd = window.__GLOBAL_DATA__, st = window.Streamlit;
    if (!gd || !st || typeof st.setComponentValue !== "function") { return false; }
    gd.last_object_clicked_count = (gd.last_object_clicked_count || 0) + 1;
    gd.last_object_clicked_tooltip = text;
    var data = { last_object_clicked_count: gd.last_object_clicked_count, last_object_clicked_tooltip: text };
    if (kind) { data.sm_action = kind; }
    gd.previous_data = data;
    st.setComponentValue(data);
    setTimeout(function () {
      // streamlit-folium's handler may have counted the same click: record its state as sent,
      // so its debounced report finds nothing new and does not rerun the app a second time
      gd.previous_data = { last_object_clicked_count: gd.last_object_clicked_count,
                           last_object_clicked_tooltip: gd.last_object_clicked_tooltip };
    }, 0);
    return true;
  };
  StoryMap.prototype.reader = function (ids) {
    // A click on the map: the page that holds the reader lights it at once (story_reader.js,
    // from the selection table). In the app that is the page around this frame, same-origin;
    // in the HTML export it is this page. In the app, the rerun then confirms.
    var host = null;
    try { host = window.frameElement ? window.parent : window; } catch (e) { return; }
    var hook = host && host.__smReader;
    if (hook && typeof hook.fromMap === "function" && ids.length === 1) { hook.fromMap(ids[0]); }
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
    var bases = {}, first = null;
    this.hooks.forEach(function (h) { if (h.bases) { first = h.bases(bases) || first; } });  // the relief
    bases["No background (works offline)"] = none;
    bases["OpenStreetMap tiles (online)"] = osm;
    (first || none).addTo(map);
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
    this.foldSources();
    this.hooks.forEach(function (h) { if (h.finish) { h.finish(cfg); } });
    map.getContainer().setAttribute("data-story-ready", "1");
    // for timing from the page (bench/first_map_timeline.py) or a real-user monitor
    if (window.performance && performance.mark) { performance.mark("story-ready"); }
  };
  StoryMap.prototype.foldSources = function () {
    // The credits show when the map opens. Where they take more than two lines (a phone, an
    // embed: six lines over the map), they fold at the reader's first touch, drag, wheel or key
    // on the map into a "Sources" button that shows them again (as MapLibre's compact
    // attribution does): seen by everyone who opens the map, then out of the way.
    var self = this, map = this.map, ctl = map.attributionControl, box = ctl && ctl.getContainer();
    if (!box || box.offsetHeight <= 40) { return; }
    var btn = L.DomUtil.create("button", "leaflet-control sm-sources");
    box.parentNode.insertBefore(btn, box);
    btn.type = "button";
    btn.textContent = "\u00a9 Sources";
    btn.hidden = true;
    box.id = box.id || "sm-sources-" + L.Util.stamp(box);
    btn.setAttribute("aria-controls", box.id);
    L.DomEvent.disableClickPropagation(btn);
    var show = function (open) {
      L.DomUtil[open ? "removeClass" : "addClass"](box, "sm-folded");
      btn.setAttribute("aria-expanded", String(open));
      if (self.labels) { self.labels.queue(); }  // the corner's obstacles changed
    };
    L.DomEvent.on(btn, "click", function () { show(L.DomUtil.hasClass(box, "sm-folded")); });
    var events = "pointerdown touchstart wheel keydown", root = map.getContainer();
    var first = function (ev) {
      if (box.contains(ev.target) || btn.contains(ev.target)) { return; }  // reading or opening them
      L.DomEvent.off(root, events, first);
      btn.hidden = false;
      show(false);
    };
    L.DomEvent.on(root, events, first);
  };
  StoryMap.prototype.boundsOf = function (ids) {
    var b = null, self = this;
    ids.forEach(function (id) {
      self.layersOf(id).forEach(function (l) {
        var lb = l.getBounds ? l.getBounds() : (l.getLatLng ? L.latLngBounds([l.getLatLng()]) : null);
        if (lb && lb.isValid()) { b = b ? b.extend(lb) : L.latLngBounds(lb.getSouthWest(), lb.getNorthEast()); }
      });
    });
    return b;
  };
  StoryMap.prototype.select = function (ids, opts, fitIds) {
    opts = opts || {};
    ids = (ids || []).filter(function (x) { return typeof x === "string"; });
    var key = JSON.stringify([ids, fitIds || [], !!opts.fit, !!opts.popup]);
    if (opts.seq !== undefined && this.pending === key) {
      this.pending = null;  // the app confirms what was already applied ahead of it: keep the flight
      return;
    }
    this.pending = opts.ahead ? key : null;
    if (this.popupAfter) {  // a newer selection: the last one's popup, still waiting for its flight, never opens
      this.map.off("moveend", this.popupAfter);
      this.popupAfter = null;
    }
    var self = this, hl = this.opts.highlight || { color: "#ffb000", weight: 5, opacity: 1 };
    this.highlight.clearLayers();
    this.selected.forEach(function (id) {
      self.selectedSet.delete(id);
      self.layersOf(id).forEach(function (l) {
        if (l._icon) { self.markIcon(l, false); }
      });
    });
    ids.forEach(function (id) { self.selectedSet.add(id); });
    var focus = fitIds && fitIds.length ? fitIds : ids;
    var soft = this.opts.softHighlight || { color: "#ffb000", weight: 2, opacity: 0.9, dashArray: "6 4", fill: false };
    ids.forEach(function (id) {
      var style = focus.indexOf(id) >= 0 ? hl : soft;
      self.layersOf(id).forEach(function (l) {
        if (l._icon || (l.getLatLng && !l.getRadius)) {
          self.markIcon(l, true);
        } else if (l.getRadius) {  // an uncertainty circle (its GeoJSON would be a point: a default marker)
          L.circle(l.getLatLng(), L.extend({}, style, { radius: l.getRadius(), pane: "sm-highlight", interactive: false }))
            .addTo(self.highlight);
        } else if (l.toGeoJSON) {
          L.geoJSON(l.toGeoJSON(), { pane: "sm-highlight", interactive: false, style: function () { return style; } })
            .addTo(self.highlight);
        }
      });
    });
    this.selected = ids.slice();
    this.map.getContainer().setAttribute("data-selected", ids.join(" "));
    var target = opts.popup && ids.length === 1 ? (this.owned.get(ids[0]) || [])[0] : null;
    if (target && this.pins && target.__row !== undefined && opts.fit && this.map.hasLayer(this.pins)) {
      // a marker of a large story: zoom until it stands alone, then open its popup
      this.map.closePopup();
      this.reveal(target, function () { self.markIcon(target, true); self.openPopupOf(target); });
    } else {
      var flying = false;
      if (opts.fit) {
        var b = this.boundsOf(focus);
        if (!opts.popup) { this.map.closePopup(); }
        if (b) { this.map.flyToBounds(b, { padding: [40, 40], maxZoom: opts.maxZoom || 9, duration: 0.6 }); flying = true; }
      }
      if (target && target.openPopup) {
        // after a flight, so the popup opens (and pans itself) inside the final view
        if (flying) {
          this.popupAfter = function () { self.popupAfter = null; self.openPopupOf(target); };
          this.map.once("moveend", this.popupAfter);
        } else { self.openPopupOf(target); }
      }
    }
    this.drawSelectedPins();
    this.hooks.forEach(function (h) { if (h.select) { h.select(ids); } });
    this.announce(ids);
    if (opts.source === "map") { this.reader(ids); }
  };
  window.StoryMap = StoryMap;
})();
