"""Boundaries and geometry: the layer table, loading and checking a geodata folder, resolving a
place to its geometry, geodesy (one WGS84 ellipsoid) and the browser's simplified geometry.
Imports ``components.story`` and ``components.errors`` only.
"""
