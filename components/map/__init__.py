"""One map description (``spec``) and its web adapter: HTML fragments (tooltips, popups, panels,
legend), the folium/Leaflet elements (``leaflet``), the selection command, web assets.
Imports story and geo; the page runtime it drives lives in ``components/web/``.
"""
