/* The reader's half of the story-map runtime, the same in the app page and the HTML export.
 * It applies entries of the selection table that Python builds (components/story/selection.py,
 * selection_table): lights the passages (.sm-passage -> sm-active) and the mentions of the
 * highlighted places (mark.sm-mention -> sm-hit), scrolls the reader's box (never the page),
 * moves the map (StoryMap.select, story_runtime.js), and steps with Previous/Next.
 * It holds no selection rule: what a selection lights and fits, whether its popup opens and
 * where Previous/Next go are all looked up in the table. */
(function () {
  "use strict";
  var own = Object.prototype.hasOwnProperty;

  function StoryReader(doc, table, getMap) {
    this.doc = doc;
    this.table = table;  // selection.py compact_table: ids once, entries as index arrays
    this.getMap = getMap || function () { return null; };  // the StoryMap, or null while it loads
  }
  StoryReader.prototype.rows = function (kind) {
    // id -> row of one kind, built once per table (the table may be replaced by a newer one)
    var t = this.table;
    if (this.rowsOf !== t) { this.rowsOf = t; this.rowMaps = {}; }
    if (!this.rowMaps[kind]) {
      var ids = (t.ids && t.ids[kind]) || [], m = new Map();
      for (var i = 0; i < ids.length; i++) { m.set(ids[i], i); }
      this.rowMaps[kind] = m;
    }
    return this.rowMaps[kind];
  };
  StoryReader.prototype.decode = function (e) {
    // [places, fit (0: the same as places), passages, popup, prev, next] -> the entry, with ids
    var ids = this.table.ids, place = function (i) { return ids.place[i]; };
    var passage = function (i) { return i === null || i === undefined ? null : ids.passage[i]; };
    var places = e[0].map(place);
    return { places: places, fit: e[1] === 0 ? places.slice() : e[1].map(place), passages: e[2].map(passage),
             popup: e[3] === 1, prev: passage(e[4]), next: passage(e[5]) };
  };
  StoryReader.prototype.entry = function (kind, id) {
    // kind: "none" | "place" | "passage" | "claim"; null for an id the story does not have
    if (!kind || kind === "none") { return this.decode(this.table.none); }
    if (!own.call(this.table, kind) || !Array.isArray(this.table[kind])) { return null; }
    var i = this.rows(kind).get(id);
    return i === undefined ? null : this.decode(this.table[kind][i]);
  };
  StoryReader.prototype.light = function (entry) {
    var passages = {}, places = {};
    entry.passages.forEach(function (id) { passages[id] = true; });
    entry.places.forEach(function (id) { places[id] = true; });
    Array.prototype.forEach.call(this.doc.querySelectorAll(".sm-passage"), function (el) {
      el.classList.toggle("sm-active", own.call(passages, el.getAttribute("data-passage")));
    });
    Array.prototype.forEach.call(this.doc.querySelectorAll("mark.sm-mention"), function (el) {
      el.classList.toggle("sm-hit", own.call(places, el.getAttribute("data-place")));
    });
  };
  StoryReader.prototype.scrollTo = function (passageId) {
    // scroll the nearest scrolling box that holds the passage; the page itself never moves
    var doc = this.doc, el = doc.getElementById("passage-" + passageId);
    if (!el) { return; }
    var sc = el.parentElement, view = doc.defaultView;
    while (sc && sc !== doc.body && sc !== doc.documentElement) {
      var oy = view.getComputedStyle(sc).overflowY;
      if ((oy === "auto" || oy === "scroll") && sc.scrollHeight > sc.clientHeight + 1) { break; }
      sc = sc.parentElement;
    }
    if (!sc || sc === doc.body || sc === doc.documentElement) { return; }
    var off = function () {
      // a passage the export skipped (export.css .ex-run) measures 0 x 0 until this read lays it out
      var r = el.getBoundingClientRect();
      if (!r.height) { r = el.getBoundingClientRect(); }
      return r.top - sc.getBoundingClientRect().top - 24;
    };
    var d = off();
    if (Math.abs(d) < 2 * sc.clientHeight) { sc.scrollBy({ top: d, behavior: "smooth" }); return; }
    // far away (a long export): jump, then correct once the passages passed over are drawn: the
    // export skips off-screen passages (export.css .ex-run), so their height was an estimate
    var tries = 0, raf = view.requestAnimationFrame ? view.requestAnimationFrame.bind(view) : function (f) { setTimeout(f, 16); };
    var jump = function () {
      var left = off();
      if (Math.abs(left) < 2 || tries++ > 5) { return; }
      sc.scrollBy({ top: left, behavior: "instant" });
      raf(function () { raf(jump); });  // after a frame: the runs now on screen have their real size
    };
    jump();
  };
  StoryReader.prototype.apply = function (kind, id, opts) {
    // opts.fit: move the map (not after a click on the map, which selected it already);
    // opts.ahead: the app will confirm this selection (the map then keeps its flight)
    opts = opts || {};
    var entry = this.entry(kind, id);
    if (!entry) { return null; }
    this.light(entry);
    if (entry.passages.length) { this.scrollTo(entry.passages[0]); }
    var map = opts.fromMap ? null : this.getMap();
    if (map) {
      var fit = !!opts.fit;
      map.select(entry.places, { fit: fit, popup: entry.popup && fit, ahead: !!opts.ahead, source: "reader" }, entry.fit);
    }
    return entry;
  };
  StoryReader.prototype.step = function (kind, id, delta) {
    // the passage Previous (delta < 0) or Next leads to from this selection
    var entry = this.entry(kind, id) || this.entry("none");
    return delta > 0 ? entry.next : entry.prev;
  };
  window.StoryReader = StoryReader;
})();
