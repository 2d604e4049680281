/* The published embed page's side of the responsive embed (components/publish): it tells the
 * page that holds its iframe how tall its content is, whenever that changes, with
 *   { type: "storymap:height", version: 1, story: STORY_ID, height: PIXELS }
 * posted to the parent with target "*": a height is not a secret, and a static page cannot know
 * the host's origin. The host's snippet (embed_host.js) checks the sender (the iframe's window
 * and origin) and the story id before it sets the iframe's height. The page's height never
 * depends on the iframe's (the embed CSS sizes the map by width), so this cannot loop. */
(function () {
  "use strict";
  if (window.parent === window) { return; }
  var D = window.__storyData || {}, last = -1, queued = false;
  function height() {
    var b = document.body, h = document.documentElement;
    return Math.ceil(Math.max(b.scrollHeight, b.offsetHeight, h.offsetHeight));
  }
  function post() {
    queued = false;
    var px = height();
    if (px === last) { return; }
    last = px;
    window.parent.postMessage({ type: "storymap:height", version: 1, story: D.storyId, height: px }, "*");
  }
  function later() {
    if (!queued) { queued = true; window.requestAnimationFrame(post); }
  }
  if (window.ResizeObserver) { new ResizeObserver(later).observe(document.body); }
  document.addEventListener("toggle", later, true);  // <details> opened or closed
  window.addEventListener("load", later);
  window.addEventListener("resize", later);
  later();
})();
