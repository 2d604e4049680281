/* The host page's side of the responsive embed: inlined into the embed snippet that a CMS pastes
 * beside the iframe (components/publish/pages.py, embed_snippet). It sets the height of each
 * iframe marked data-storymap-embed="STORY_ID" from the embed page's messages (embed_frame.js),
 * and only from a message that comes from that iframe's own window and origin, names its story,
 * and holds a sane height. Pasted twice on one page, it listens once. */
(function () {
  "use strict";
  if (window.__storymapEmbeds) { return; }
  window.__storymapEmbeds = true;
  window.addEventListener("message", function (ev) {
    var d = ev.data;
    if (!d || d.type !== "storymap:height" || d.version !== 1 || typeof d.height !== "number") { return; }
    var frames = document.querySelectorAll("iframe[data-storymap-embed]");
    for (var i = 0; i < frames.length; i++) {
      var f = frames[i], origin;
      if (f.contentWindow !== ev.source) { continue; }
      try { origin = new URL(f.src, location.href).origin; } catch (err) { return; }
      if (ev.origin !== origin || f.getAttribute("data-storymap-embed") !== d.story) { return; }
      if (isFinite(d.height) && d.height >= 80 && d.height <= 20000) { f.style.height = Math.round(d.height) + "px"; }
      return;
    }
  });
})();
