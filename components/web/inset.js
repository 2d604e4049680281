/* The locator inset: a small map of the world around the story (land from Natural Earth,
 * clipped and projected in Python, components/map/inset.py) with the story's extent as a red
 * box and the current view as a thin outline, in the bottom-right corner. An SVG of numbers
 * only; its name says what it shows. */
(function () {
  "use strict";
  var NS = "http://www.w3.org/2000/svg";

  function el(tag, attrs, parent) {
    var e = document.createElementNS(NS, tag);
    Object.keys(attrs).forEach(function (k) { e.setAttribute(k, attrs[k]); });
    if (parent) { parent.appendChild(e); }
    return e;
  }
  function StoryInset(story, cfg) {
    var self = this;
    this.map = story.map;
    this.cfg = cfg;
    story.hook({ finish: function () { self.add(); } });
  }
  StoryInset.prototype.xy = function (lat, lon) {
    var c = this.cfg, w = c.window;
    return [(lon - w[0]) / (w[2] - w[0]) * c.width, (w[3] - lat) / (w[3] - w[1]) * c.height];
  };
  StoryInset.prototype.box = function (rect, s, w, n, e, min) {
    var a = this.xy(n, w), b = this.xy(s, e), cx = (a[0] + b[0]) / 2, cy = (a[1] + b[1]) / 2;
    var bw = Math.max(b[0] - a[0], min), bh = Math.max(b[1] - a[1], min);
    rect.setAttribute("x", (cx - bw / 2).toFixed(1));
    rect.setAttribute("y", (cy - bh / 2).toFixed(1));
    rect.setAttribute("width", bw.toFixed(1));
    rect.setAttribute("height", bh.toFixed(1));
  };
  StoryInset.prototype.add = function () {
    var self = this, c = this.cfg, map = this.map;
    var ctl = L.control({ position: "bottomright" });
    ctl.onAdd = function () {
      var div = L.DomUtil.create("div", "sm-inset");
      var small = map.getSize().x < 500;
      var svg = el("svg", { viewBox: "0 0 " + c.width + " " + c.height, width: small ? 96 : 150,
                            height: Math.round((small ? 96 : 150) * c.height / c.width), role: "img",
                            "aria-labelledby": "sm-inset-title" }, div);
      el("title", { id: "sm-inset-title" }, svg).textContent =
        "Locator: the red box marks the story's area on a map of the surrounding world";
      el("rect", { x: 0, y: 0, width: c.width, height: c.height, "class": "sm-inset-sea" }, svg);
      el("path", { d: c.path, "class": "sm-inset-land" }, svg);
      var ex = c.extent;
      self.extent = el("rect", { "class": "sm-inset-extent" }, svg);
      self.box(self.extent, ex[1], ex[0], ex[3], ex[2], 5);
      self.view = el("rect", { "class": "sm-inset-view" }, svg);
      L.DomEvent.disableClickPropagation(div);
      return div;
    };
    ctl.addTo(map);
    var update = function () {
      var b = map.getBounds();
      self.box(self.view, b.getSouth(), b.getWest(), b.getNorth(), b.getEast(), 3);
    };
    map.on("moveend", update);
    update();
  };
  window.StoryInset = StoryInset;
})();
