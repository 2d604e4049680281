"""The map inside Streamlit: render once, then only send small selection commands.

``st_folium`` re-renders and re-hashes the whole folium map on every script run and mutates
the map it is given, which is wrong for a map shared by all sessions through a cache. Here the
map is rendered once per story into ``RenderedMap`` (the same strings st_folium would send,
made by streamlit-folium's own helpers) and each run passes that to streamlit-folium's
component with a fixed key, so the iframe is never remounted. A selection travels as a short
JavaScript command, evaluated in the map's page (streamlit-folium==0.27.4, pinned; browser tests
cover this contract).

The command is *not* one of the component's arguments: Streamlit resends a component's whole
message whenever any argument changes (the map's 270 KB, or 7 MB for a 10,000-place story, on
every click), but sends an unchanged element as a reference to the browser's copy. So the
component's arguments never change after the first run, and the command goes to the app page's
runtime as data (``components/ui/page_script.py``; ``components/web/app_page.js`` applies it
inside the map's frame, same origin, waiting for the map on the first run).
"""

from __future__ import annotations

from dataclasses import dataclass

import folium
import streamlit_folium as sf

from components.ui.folium_component import CLICK_COUNT, CLICK_TOOLTIP, RETURNED_OBJECTS
from components.ui.page_script import push


@dataclass(frozen=True)
class RenderedMap:
    map_id: str
    script: str
    header: str
    html: str
    js_links: tuple[str, ...]
    css_links: tuple[str, ...]

    @property
    def payload_bytes(self) -> int:
        return sum(len(s.encode("utf-8")) for s in (self.script, self.header, self.html))


def render_for_streamlit(m: folium.Map) -> RenderedMap:
    """Render a freshly built map (it is consumed: streamlit-folium's helpers rename its ids)."""
    m.get_root().render()
    html = sf._get_html(m)
    header = sf._get_header(m)
    script = sf._get_map_string(m)
    return RenderedMap(
        map_id=sf.get_full_id(m),
        script=script,
        header=header,
        html=html,
        js_links=tuple(src for _, src in m.default_js),
        css_links=tuple(href for _, href in m.default_css),
    )


def story_map(
    rendered: RenderedMap,
    command: list,
    key: str,
    height: int = 620,
    on_change=None,
):
    """Show the map and apply ``command`` (``components.map.command.command_args``) to it; the
    click payload lands in ``st.session_state[key]``, then ``on_change()`` runs (a callback
    without arguments: a v1 component takes no ``args``)."""
    value = sf._component_func(
        script=rendered.script,
        header=rendered.header,
        html=rendered.html,
        id=rendered.map_id,
        key=key,
        on_change=on_change,  # not part of the element: the message stays unchanged
        height=height,
        width=None,
        returned_objects=RETURNED_OBJECTS,
        default={CLICK_TOOLTIP: None, CLICK_COUNT: None},
        zoom=None,
        center=None,
        feature_group=None,  # constant: see the module docstring
        return_on_hover=False,
        layer_control=None,
        pixelated=False,
        css_links=list(rendered.css_links),
        js_links=list(rendered.js_links),
        wrap_longitude=False,
    )
    send_command(command)
    return value


def send_command(command: list) -> None:
    """The selection command, as data for the page runtime (re-run by Streamlit only when it changes)."""
    push({"command": command})
