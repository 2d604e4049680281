/* The Streamlit app page's wiring of the story-map runtime (story_reader.js; the map's own
 * story_runtime.js runs in streamlit-folium's frame, same-origin with this page).
 * The app sends only data, each as one line `(window.__sm = window.__sm || []).push({...})`
 * (components/ui/page_script.py), which works before or after this file has run:
 *   {config: {frame}}      the CSS selector of the map's frame (components/ui/folium_component.py)
 *   {table: {...}}         the story's selection table (components/story/selection.py)
 *   {command: [places, options, fit]}   apply the app's selection to the map (waits for the map)
 *   {scroll: {passage}}    scroll the reader's box to a passage
 *   {light: {passages, places, scroll, seq}}   what the app's selection lights in the reader (the
 *                          passages' HTML is drawn unlit and is not resent on a click); kept, and
 *                          applied again when Streamlit redraws the reader
 *   {placesList: {story, places, more, words}}   with the map's place table, the map as text
 *                          (StoryMap.placesListHtml) that fills the .sm-places-slot of the page
 * The reader's buttons ("Show ¶N on the map", the place names under a passage) are plain HTML
 * (components/map/markup.py passage_actions_html): a click on one goes to the app as a click on
 * the map does, through the map component's value (StoryMap.send, story_runtime.js).
 * Optimistic, before the app's rerun confirms: a click on the map lights the reader (the frame
 * calls window.__smReader.fromMap); a reader's button lights the passage and moves the map (the
 * map then skips the app's command for the selection it already applied). */
(function () {
  "use strict";
  if (window.__smApp) { return; }
  window.__smApp = 1;
  var frameSelector = null, commands = 0, lit = null, litSeq = null, pendingScroll = null;
  var placesList = null, listTries = 0, listTimer = null;
  var reader = new window.StoryReader(document, null, mapStory);

  function mapWindow() {
    var f = frameSelector && document.querySelector(frameSelector);
    try { return f && f.contentWindow; } catch (e) { return null; }
  }
  function mapStory() {
    var w = mapWindow();
    try { return w && w.__story && w.document.querySelector("[data-story-ready]") ? w.__story : null; } catch (e) { return null; }
  }
  function command(args) {
    // a newer command supersedes one still waiting for the map
    var n = ++commands, tries = 0;
    (function run() {
      if (n !== commands) { return; }
      var story = mapStory();
      if (story) { story.select(args[0], args[1], args[2]); return; }
      if (++tries < 1200) { setTimeout(run, 50); }
    })();
  }
  function fillPlaces() {
    // the map as text, once both the map (its place table) and the message are there; a slot
    // Streamlit drew again comes empty and is filled again
    if (listTimer !== null) { clearTimeout(listTimer); listTimer = null; }
    var slots = document.querySelectorAll(".sm-places-slot"), story = mapStory(), waiting = false;
    Array.prototype.forEach.call(slots, function (slot) {
      if (slot.getAttribute("data-filled") === "1") { return; }
      var n = Number(slot.getAttribute("data-places"));
      if (story && placesList && placesList.places === n && story.table && story.table.story === placesList.story &&
          story.table.ids.length === n) {
        slot.innerHTML = story.placesListHtml(placesList);
        slot.setAttribute("data-filled", "1");
      } else { waiting = true; }
    });
    if (waiting && ++listTries < 1200) { listTimer = setTimeout(fillPlaces, 100); } else if (!waiting) { listTries = 0; }
  }
  var handlers = {
    config: function (c) { frameSelector = c.frame; },
    placesList: function (l) {
      placesList = l;
      Array.prototype.forEach.call(document.querySelectorAll(".sm-places-slot"), function (slot) {
        slot.removeAttribute("data-filled");  // a newer story version: build its list again
      });
      listTries = 0;
      fillPlaces();
    },
    table: function (t) { reader.table = t; },
    command: command,
    scroll: function (s) { reader.scrollTo(s.passage); },
    light: function (l) {
      lit = l;
      reader.light(l);
      if (l.scroll && l.seq !== litSeq) { pendingScroll = l.scroll; }
      litSeq = l.seq;
      scrollPending();
    }
  };
  function ahead(entry) {
    // an optimistic lighting stays until the app's own arrives (a redraw meanwhile keeps it)
    if (entry) { lit = entry; }
  }
  function scrollPending() {
    if (pendingScroll && document.getElementById("passage-" + pendingScroll)) {
      reader.scrollTo(pendingScroll);
      pendingScroll = null;
    }
  }
  function take(message) {
    Object.keys(message || {}).forEach(function (k) { if (handlers[k]) { handlers[k](message[k]); } });
  }
  var early = Array.isArray(window.__sm) ? window.__sm : [];
  window.__sm = { push: take };
  early.forEach(take);

  // The reader's and the claims' scrolling boxes are keyboard-scrollable regions with names
  // (axe: scrollable-region-focusable), whatever their content is at the moment; Streamlit
  // redraws them, so the attributes are set again after each change of the page.
  var REGIONS = { "st-key-reader": "The article, passage by passage", "st-key-claims": "The article's claims" };
  function nameRegions() {
    Object.keys(REGIONS).forEach(function (cls) {
      Array.prototype.forEach.call(document.getElementsByClassName(cls), function (el) {
        if (el.getAttribute("tabindex") !== "0") {
          el.setAttribute("tabindex", "0");
          el.setAttribute("role", "region");
          el.setAttribute("aria-label", REGIONS[cls]);
        }
      });
    });
  }
  var naming = false;
  new MutationObserver(function () {
    if (naming) { return; }
    naming = true;
    requestAnimationFrame(function () {
      naming = false;
      nameRegions();
      if (lit) { reader.light(lit); scrollPending(); }  // a redrawn reader comes unlit
      if (placesList && document.querySelector(".sm-places-slot:not([data-filled])")) { fillPlaces(); }
    });
  }).observe(document.body, { childList: true, subtree: true });
  nameRegions();

  window.__smReader = {
    fromMap: function (placeId) { if (reader.table) { ahead(reader.apply("place", placeId, { fromMap: true })); } }
  };
  document.addEventListener("click", function (ev) {
    // the share panel's Copy buttons (components/ui/export_panel.py): each carries its text
    var copy = ev.target && ev.target.closest ? ev.target.closest("button.sm-copy[data-copy]") : null;
    if (!copy) { return; }
    var text = decodeURIComponent(copy.getAttribute("data-copy")), label = copy.getAttribute("data-label") || copy.textContent;
    function said(word) {
      copy.textContent = word;
      setTimeout(function () { copy.textContent = label; }, 1500);
    }
    function fallback() {  // no clipboard API (an http page on another host): copy a selection
      var area = document.createElement("textarea");
      area.value = text;
      area.setAttribute("readonly", "");
      area.style.position = "fixed";
      area.style.opacity = "0";
      document.body.appendChild(area);
      area.select();
      var ok = false;
      try { ok = document.execCommand("copy"); } catch (e) { ok = false; }
      document.body.removeChild(area);
      said(ok ? "Copied" : "Select the text above and copy it");
    }
    if (navigator.clipboard && navigator.clipboard.writeText) {
      navigator.clipboard.writeText(text).then(function () { said("Copied"); }, fallback);
    } else { fallback(); }
  });
  var acted = 0;
  function act(kind, id, label) {
    // a button of the reader (markup.passage_actions_html) or a place name in a passage: light
    // the reader and move the map at once, then tell the app through the map's channel
    // (StoryMap.send), which waits for the map's frame on a first view
    if (reader.table) { ahead(reader.apply(kind, id, { fit: true, ahead: true })); }
    var n = ++acted, tries = 0, text = label.replace(/\s+/g, " ").trim() + " #" + id;
    (function tell() {
      if (n !== acted) { return; }  // a newer click supersedes one still waiting for the map
      var story = mapStory();
      if (story && typeof story.send === "function") { story.send(text, kind); return; }
      if (++tries < 1200) { setTimeout(tell, 50); }
    })();
  }
  document.addEventListener("click", function (ev) {
    var t = ev.target && ev.target.closest ? ev.target : null;
    var b = t && t.closest("button.sm-act[data-act]");
    if (b) { act(b.getAttribute("data-act"), b.getAttribute("data-id"), b.textContent); return; }
    // an underlined place name selects that place, as the place's button under the passage does
    var mark = t && t.closest("mark.sm-mention[data-place]");
    if (mark && mark.closest(".sm-passage")) { act("place", mark.getAttribute("data-place"), mark.textContent); }
  });
})();
