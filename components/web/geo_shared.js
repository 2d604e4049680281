/* Published pages only (components/publish/geometry.py): the boundary geometry a story's layers
 * draw is the same in many stories, so it is shipped once per site in content-hashed files
 * (assets/geo.<hash>.js, each setting window.__smGeo[hash] = [geometry, ...]) and the page's
 * layers carry only their properties. __smGeoFill puts the geometry back before L.geoJSON sees
 * the data; a missing or mismatched file is an error, never a map with holes. */
window.__smGeo = window.__smGeo || {};
window.__smGeoFill = function (data, key) {
  "use strict";
  var g = window.__smGeo[key];
  if (!g || g.length !== data.features.length) { throw new Error("story map: shared geometry " + key + " is missing"); }
  data.features.forEach(function (f, i) { f.geometry = g[i]; });
  return data;
};
