"""Pamir story map: the building blocks, usable without Streamlit.

Data flows one way: story file + geodata files -> validated models (``story``, ``geodata``)
-> one map description (``mapspec``) -> adapters (``folium_map`` for the app and the HTML
export). ``app.py`` only lays these out and wires the session state.
"""

__version__ = "0.1.0"
