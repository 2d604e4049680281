"""Shared boundary geometry for published pages: each layer's geometry in a content-hashed file.

The layers a story draws (countries, provinces, rivers, the border) have the same geometry in
every story of a region; inlined, they were ~90 % of a story page. Here each ``L.geoJSON(DATA``
of the rendered map script loses its features' geometry to ``assets/geo.<hash>.js`` and becomes
``L.geoJSON(__smGeoFill(DATA, "<hash>")`` (components/web/geo_shared.js). Stories with the same
layers share the files; the browser caches them across stories.
"""

from __future__ import annotations

import hashlib
import json
import re

from components.map.leaflet import js_json

_GEOJSON_CALL = re.compile(r"L\.geoJSON\(")


def split_geometry(script: str, folder: str, hash_chars: int) -> tuple[str, dict[str, bytes]]:
    """(the script with geometry replaced by references, {``folder``/geo.<hash>.js: file bytes})."""
    decoder = json.JSONDecoder()
    out, files, pos = [], {}, 0
    for m in _GEOJSON_CALL.finditer(script):
        if m.start() < pos:
            continue
        try:
            data, end = decoder.raw_decode(script, m.end())
        except ValueError:
            continue  # not a literal (the runtime's own calls): left as it is
        if not isinstance(data, dict) or not isinstance(data.get("features"), list):
            continue
        geoms = [f.pop("geometry", None) for f in data["features"]]
        body = js_json(geoms)
        key = hashlib.sha256(body.encode("utf-8")).hexdigest()[:hash_chars]
        files[f"{folder}/geo.{key}.js"] = (f'window.__smGeo=window.__smGeo||{{}};window.__smGeo["{key}"]={body};\n'
                                              .encode("utf-8"))
        out.append(script[pos:m.end()])
        out.append(f'__smGeoFill({js_json(data)}, "{key}")')
        pos = end
    out.append(script[pos:])
    return "".join(out), files
