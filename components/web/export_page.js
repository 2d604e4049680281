/* The exported page's wiring of the story-map runtime (story_reader.js, story_runtime.js):
 * Previous/Next, Clear, passage clicks, the place panel and the #place= / #passage= / #claim=
 * links. What each selection lights and where Previous/Next lead come from Python's selection
 * table in window.__storyData (components/export/html_page.py, reader_data), with the names,
 * numbers and panels it shows, all escaped there. Story text is only ever set with textContent
 * or from that HTML. */
(function () {
  "use strict";
  var D = window.__storyData, S = window.__story;
  if (!D || !S || !window.StoryReader) { return; }
  var R = new window.StoryReader(document, D.table, function () { return S; });
  var ID = /^[a-z0-9][a-z0-9-]{0,63}$/;
  var state = { kind: "none", id: null };
  var $ = function (id) { return document.getElementById(id); };
  var own = Object.prototype.hasOwnProperty;
  function get(obj, key) { return own.call(obj, key) ? obj[key] : undefined; }  // ids are data
  var total = Object.keys(D.numbers).length;

  function status(text) {
    var p = document.createElement("p");
    p.className = "sm-status";
    p.textContent = text;
    return p;
  }
  // a name in plain text (textContent) is isolated (U+2068 FIRST STRONG ISOLATE ... U+2069), so a
  // right-to-left name or a bidi override in it cannot reorder the words around it (issue 14)
  function iso(text) { return "\u2068" + text + "\u2069"; }
  function namesOf(entry) {
    return entry.places.map(function (x) { return iso(get(D.names, x)); }).join(", ");
  }
  function render(entry) {
    var panel = $("ex-panel"), pos = $("ex-pos"), id = state.id;
    if (state.kind === "place") {
      panel.innerHTML = get(D.panels, id);  // built and escaped by components/map/markup.py
      pos.textContent = iso(get(D.names, id));
    } else if (state.kind === "passage") {
      panel.replaceChildren(status("¶" + get(D.numbers, id) + " speaks of: " + (namesOf(entry) || "no place")));
      pos.textContent = "¶" + get(D.numbers, id) + " of " + total;
    } else if (state.kind === "claim") {
      panel.replaceChildren(status("Claim #" + id + " on the map: " + namesOf(entry)));
      pos.textContent = "Claim #" + id;
    } else {
      panel.replaceChildren(status(D.hint));
      pos.textContent = total + " passages";
    }
    $("ex-clear").disabled = state.kind === "none";
  }
  function setHash() {
    var h = state.kind === "none" ? "" : "#" + state.kind + "=" + state.id;
    try { history.replaceState(null, "", h || location.pathname + location.search); } catch (err) { /* file: in some browsers */ }
  }
  // fromMap: the click already selected it on the map (and Leaflet opened its popup)
  function go(kind, id, fit, fromMap) {
    var entry = R.apply(kind, id, { fit: fit, fromMap: fromMap });
    if (!entry) { return; }
    state = { kind: kind, id: kind === "none" ? null : id };
    render(entry);
    setHash();
  }
  function step(delta) {
    var to = R.step(state.kind, state.id, delta);
    if (to) { go("passage", to, true, false); }
  }
  function message(text) {
    var box = $("ex-message");
    box.textContent = text;
    box.hidden = !text;
  }
  function fromHash() {
    var h = (location.hash || "").replace(/^#/, ""), m = /^(place|passage|claim)=(.*)$/.exec(h);
    if (!h) { return null; }
    if (!m) { message("Link: '#" + h.slice(0, 40) + "' is not #place=ID, #passage=ID or #claim=ID; showing the default view."); return null; }
    var kind = m[1], id;
    try { id = decodeURIComponent(m[2]).slice(0, 200); } catch (err) { id = m[2].slice(0, 200); }
    if (!ID.test(id) || !R.entry(kind, id)) {
      message("Link: no " + kind + " '" + id.slice(0, 40) + "' in this story; showing the default view.");
      return null;
    }
    message("");
    return { kind: kind, id: id };
  }

  window.__smReader = { fromMap: function (placeId) { go("place", placeId, false, true); } };
  $("ex-prev").addEventListener("click", function () { step(-1); });
  $("ex-next").addEventListener("click", function () { step(1); });
  $("ex-clear").addEventListener("click", function () {
    S.map.closePopup();
    go("none", null, false, false);
  });
  $("ex-passages").addEventListener("click", function (ev) {
    var el = ev.target.closest("[data-passage]");
    if (el && !ev.target.closest("a")) { go("passage", el.getAttribute("data-passage"), true, false); }
  });
  document.querySelector(".ex-text").addEventListener("click", function (ev) {
    // the map as text: a place's name selects it on the map
    var b = ev.target.closest("[data-select-place]");
    if (b) { go("place", b.getAttribute("data-select-place"), true, false); }
  });
  window.addEventListener("hashchange", function () {
    var sel = fromHash();
    if (sel) { go(sel.kind, sel.id, true, false); }
  });

  var initial = D.initial.place ? { kind: "place", id: D.initial.place }
    : D.initial.passage ? { kind: "passage", id: D.initial.passage }
    : D.initialClaim ? { kind: "claim", id: D.initialClaim } : null;
  var first = fromHash() || initial;
  if (first) { go(first.kind, first.id, true, false); } else { render(R.entry("none")); }
  document.body.setAttribute("data-reader-ready", "1");
})();
