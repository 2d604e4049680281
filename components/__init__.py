"""Pamir story map: the building blocks, in packages that follow the data flow.

story file + geodata files -> validated models (``story``, ``geo``) -> one map description
(``map.spec``) -> adapters (``map.leaflet`` for the app and the HTML export, ``export.image``
for prints, ``export.geojson``) -> ``ui`` panels -> ``app.py`` (layout and wiring only).
``claims`` checks the article's statements; ``authoring`` turns an article into a story.
The import rules are contracts in pyproject.toml, checked by the tests (docs/architecture.md).
"""

__version__ = "0.2.0"
