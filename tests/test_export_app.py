"""The share panel and embed mode in the Streamlit script, driven by AppTest (no browser)."""

from __future__ import annotations

from streamlit.testing.v1 import AppTest

from .conftest import ROOT


def _app(**query) -> AppTest:
    at = AppTest.from_file(str(ROOT / "app.py"), default_timeout=60)
    at.session_state["share_open"] = True  # the share panel is drawn only while open
    for k, v in query.items():
        at.query_params[k] = v
    return at


def test_share_panel_offers_link_embed_code_and_five_downloads():
    at = _app(place="gbao")
    at.context["url"] = "http://maps.example.org:8501/"
    at.run()
    assert not at.exception
    link = next(t for t in at.sidebar.text_input if t.label.startswith("Link to this view"))
    embed = next(t for t in at.sidebar.text_area if t.label.startswith("Embed code"))
    assert "Badakhshan" in link.label and "GBAO" in link.label  # the label names the selection
    codes = [link.value, embed.value]
    assert codes[0] == "http://maps.example.org:8501/?story=tajik-police-base&place=gbao"
    assert codes[1].startswith('<iframe src="http://maps.example.org:8501/?story=tajik-police-base&amp;place=gbao&amp;embed=true"')
    downloads = at.sidebar.get("download_button")
    assert len(downloads) == 5
    names = sorted(d.proto.label for d in downloads)
    assert names == ["Places for GIS (GeoJSON)", "Print PDF (vector)", "Print image (PNG)", "Vector image (SVG)",
                     "Web page (single HTML file, works offline)"]


def test_embed_mode_has_no_sidebar_and_a_compact_header():
    at = _app(place="gbao")
    at.context["is_embedded"] = True
    at.run()
    assert not at.exception
    assert len(at.sidebar) == 0
    bodies = [h.proto.body for h in at.get("html")]
    assert any("sm-embed-head" in b and "open the full map" in b for b in bodies)
    assert not any("<h1>" in b for b in bodies)
    assert at.session_state["sel"].place == "gbao"


def test_bad_deep_link_notice_stays_until_the_user_acts():
    at = _app(passage="p99")
    at.run()
    assert any("URL parameter 'passage'" in i.value for i in at.info)
    at.run()  # a rerun without any action (e.g. the map component reporting in)
    assert any("URL parameter 'passage'" in i.value for i in at.info)
    at.button(key="next").click().run()
    assert not any("URL parameter" in i.value for i in at.info)
