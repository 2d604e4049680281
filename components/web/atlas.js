/* The atlas on a published site's index (components/publish): every place of every story on one
 * Leaflet map over the shared offline relief. A click on a place lists the stories and passages
 * that speak of it, each a link into its story (#passage=ID). The data (window.__atlas) is built
 * and checked in Python (components/publish/atlas.py); story text is only ever set here with
 * textContent, never as HTML. */
(function () {
  "use strict";
  var A = window.__atlas, box = document.getElementById("atlas-map");
  if (!A || !box || !window.L) { return; }
  var map = L.map(box, { zoomSnap: 0.25, minZoom: 2, maxZoom: 10, attributionControl: true });
  (A.relief.images || []).forEach(function (im) {
    L.imageOverlay(im.url, im.bounds, { interactive: false, attribution: im.name === "world" ? A.relief.attribution : "" }).addTo(map);
  });
  map.attributionControl.setPrefix("Leaflet");
  var panel = document.getElementById("atlas-panel"), markers = [];
  function el(tag, text, cls) {
    var n = document.createElement(tag);
    if (text) { n.textContent = text; }
    if (cls) { n.className = cls; }
    return n;
  }
  var NEAR_PX = 10;  // places closer than this on screen are listed together (one may hide another)
  function showPlace(place) {
    panel.appendChild(el("h3", place.name));
    var n = place.stories.length;
    panel.appendChild(el("p", n + (n === 1 ? " story speaks" : " stories speak") + " of it:", "sm-status"));
    place.stories.forEach(function (s) {
      var sec = el("section", "", "atlas-story"), h = el("h4"), a = el("a", s.title);
      sec.setAttribute("data-place", place.id);
      a.href = s.href + "#place=" + encodeURIComponent(place.id);
      h.appendChild(a);
      sec.appendChild(h);
      var ul = el("ul");
      s.passages.forEach(function (p) {
        var li = el("li"), pa = el("a", "¶" + p.n);
        pa.href = s.href + "#passage=" + encodeURIComponent(p.id);
        li.appendChild(pa);
        li.appendChild(document.createTextNode(" " + p.excerpt));
        ul.appendChild(li);
      });
      if (s.passages.length) { sec.appendChild(ul); }
      panel.appendChild(sec);
    });
  }
  function show(place, marker) {
    markers.forEach(function (m) { m.setStyle({ color: "#1a1a1a", weight: 1.5, radius: 6 }); });
    var at = map.latLngToContainerPoint(marker.getLatLng());
    var here = markers.filter(function (m) { return map.latLngToContainerPoint(m.getLatLng()).distanceTo(at) <= NEAR_PX; });
    here.sort(function (a, b) { return (a === marker ? -1 : 0) - (b === marker ? -1 : 0); });  // the clicked one first
    panel.replaceChildren();
    here.forEach(function (m) { m.setStyle({ color: A.highlight, weight: 4, radius: 9 }); showPlace(m.place); });
    box.setAttribute("data-selected", here.map(function (m) { return m.place.id; }).join(" "));
  }
  // the view first: Leaflet draws (and so creates the element of) a marker only on a map with a view
  var all = A.places.map(function (p) { return [p.lat, p.lon]; });
  if (all.length) { map.fitBounds(all, { padding: [30, 30], maxZoom: 8 }); } else { map.setView([38.5, 71.5], 5); }
  A.places.forEach(function (place) {
    var m = L.circleMarker([place.lat, place.lon], { radius: 6, color: "#1a1a1a", weight: 1.5, fillColor: "#fff", fillOpacity: 1 });
    var tip = el("span", place.name + " (" + place.stories.length + ")");
    m.bindTooltip(tip);
    m.place = place;
    markers.push(m);
    m.on("click", function () { show(place, m); });
    m.addTo(map);
    m.getElement().setAttribute("data-place", place.id);
    m.getElement().setAttribute("aria-label", place.name);
  });
  box.setAttribute("data-atlas-ready", "1");
})();
