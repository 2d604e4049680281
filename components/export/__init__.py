"""Everything that leaves the app as a file: single-file HTML, print images (matplotlib, loaded
only for PNG/SVG), GeoJSON, share links and embed code, behind ``formats.export_bytes``.
Imports story, geo, map.
"""
