/* Reader of the exported page: passages <-> map, Previous/Next, and #place= / #passage= links.
 * The selection rules are the app's (components/selection.py); what they need per passage and
 * place (its places, its focus, its passages, the place panel) comes precomputed and escaped
 * in window.__storyData. Story text is only ever set with textContent or from that HTML. */
(function () {
  "use strict";
  var D = window.__storyData, S = window.__story;
  if (!D || !S) { return; }
  var ID = /^[a-z0-9][a-z0-9-]{0,63}$/;
  var order = {}, state = { place: null, passage: null };
  D.passages.forEach(function (p, i) { order[p.id] = i; });
  var $ = function (id) { return document.getElementById(id); };

  function hlPlaces(sel) {
    if (sel.passage) { return D.passages[order[sel.passage]].places; }
    return sel.place ? [sel.place] : [];
  }
  function hlPassages(sel) {
    if (sel.place) { return D.placePassages[sel.place] || []; }
    return sel.passage ? [sel.passage] : [];
  }
  function focusOf(sel) {
    if (sel.passage) { return D.passages[order[sel.passage]].focus; }
    return sel.place ? [sel.place] : [];
  }

  function scrollReaderTo(pid) {
    var box = $("ex-passages"), el = $("passage-" + pid);
    if (!box || !el || box.scrollHeight <= box.clientHeight + 1) { return; }
    box.scrollTop += el.getBoundingClientRect().top - box.getBoundingClientRect().top - 12;
  }

  function setHash(sel) {
    var h = sel.passage ? "#passage=" + sel.passage : sel.place ? "#place=" + sel.place : "";
    try { history.replaceState(null, "", h || location.pathname + location.search); } catch (err) { /* file: in some browsers */ }
  }

  function render(sel) {
    var places = hlPlaces(sel), passages = hlPassages(sel);
    document.querySelectorAll(".sm-passage").forEach(function (el) {
      el.classList.toggle("sm-active", passages.indexOf(el.getAttribute("data-passage")) >= 0);
    });
    document.querySelectorAll("mark.sm-mention").forEach(function (el) {
      el.classList.toggle("sm-hit", places.indexOf(el.getAttribute("data-place")) >= 0);
    });
    var panel = $("ex-panel"), pos = $("ex-pos");
    if (sel.place) {
      panel.innerHTML = D.panels[sel.place];  // built and escaped by components/markup.py
      pos.textContent = D.names[sel.place];
    } else if (sel.passage) {
      var p = D.passages[order[sel.passage]];
      var para = document.createElement("p");
      para.className = "sm-status";
      para.textContent = "¶" + p.n + " speaks of: " + (p.places.map(function (x) { return D.names[x]; }).join(", ") || "no place");
      panel.replaceChildren(para);
      pos.textContent = "¶" + p.n + " of " + D.passages.length;
    } else {
      var hint = document.createElement("p");
      hint.className = "sm-status";
      hint.textContent = "Click a marker or a boundary to read what the article says of it; click a passage, or Next, to see its places.";
      panel.replaceChildren(hint);
      pos.textContent = D.passages.length + " passages";
    }
    $("ex-clear").disabled = !sel.place && !sel.passage;
    var target = sel.passage || passages[0];
    if (target) { scrollReaderTo(target); }
  }

  // fromMap: the click already selected it on the map (and Leaflet opened its popup)
  function apply(sel, fit, fromMap) {
    state = { place: sel.place || null, passage: sel.passage || null };
    render(state);
    setHash(state);
    if (!fromMap) {
      S.select(hlPlaces(state), { fit: fit, popup: !!state.place && fit, source: "reader" }, focusOf(state));
    }
  }

  function step(delta) {
    var n = D.passages.length, i;
    if (state.passage) {
      i = order[state.passage] + delta;
    } else if (state.place && (D.placePassages[state.place] || []).length) {
      var linked = D.placePassages[state.place].map(function (x) { return order[x]; });
      i = delta > 0 ? Math.min.apply(null, linked) : Math.max.apply(null, linked);
    } else {
      i = delta > 0 ? 0 : n - 1;
    }
    i = Math.max(0, Math.min(n - 1, i));
    apply({ passage: D.passages[i].id }, true, false);
  }

  function message(text) {
    var box = $("ex-message");
    box.textContent = text;
    box.hidden = !text;
  }

  function fromHash() {
    var h = (location.hash || "").replace(/^#/, ""), m = /^(place|passage)=(.*)$/.exec(h);
    if (!h) { return null; }
    if (!m) { message("Link: '#" + h.slice(0, 40) + "' is not #place=ID or #passage=ID; showing the default view."); return null; }
    var kind = m[1], id = decodeURIComponent(m[2]).slice(0, 200);
    var known = kind === "place" ? Object.prototype.hasOwnProperty.call(D.names, id) : Object.prototype.hasOwnProperty.call(order, id);
    if (!ID.test(id) || !known) {
      message("Link: no " + kind + " '" + id.slice(0, 40) + "' in this story; showing the default view.");
      return null;
    }
    message("");
    return kind === "place" ? { place: id } : { passage: id };
  }

  S.onSelect(function (ids, opts) {
    if (opts && opts.source === "map" && ids.length === 1) { apply({ place: ids[0] }, false, true); }
  });
  $("ex-prev").addEventListener("click", function () { step(-1); });
  $("ex-next").addEventListener("click", function () { step(1); });
  $("ex-clear").addEventListener("click", function () {
    S.map.closePopup();
    apply({}, false, false);
  });
  $("ex-passages").addEventListener("click", function (ev) {
    var el = ev.target.closest("[data-passage]");
    if (el && !ev.target.closest("a")) { apply({ passage: el.getAttribute("data-passage") }, true, false); }
  });
  window.addEventListener("hashchange", function () {
    var sel = fromHash();
    if (sel) { apply(sel, true, false); }
  });

  var first = fromHash() || ((D.initial.place || D.initial.passage) ? D.initial : null);
  if (first) { apply(first, true, false); } else { render(state); }
  document.body.setAttribute("data-reader-ready", "1");
})();
