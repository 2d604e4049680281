"""Every export, one entry point: the CLI and the app's download buttons both call ``export_bytes``.

Formats: ``html`` (single file, offline), ``png``/``svg``/``pdf`` (print images; the PDF is vector), ``geojson`` (places
and passages for GIS). A selection (``--place`` / ``--passage``, or the app's current one)
sets what the HTML opens on, what the image highlights and which places the GeoJSON holds.
"""

from __future__ import annotations

import os
import tempfile
from dataclasses import dataclass
from pathlib import Path

from components.errors import StoryError
from components.geo.geodata import GeoData
from components.map.spec import MapSpec, build_map_spec
from components.story.selection import Selection, highlighted_places
from components.export.dpi import DEFAULT_DPI, check_dpi  # not static_map: matplotlib loads only for images
from components.story.model import Story, is_id


@dataclass(frozen=True)
class Format:
    name: str
    suffix: str
    mime: str
    label: str


FORMATS: dict[str, Format] = {
    "html": Format("html", ".html", "text/html", "Web page (single HTML file, works offline)"),
    "png": Format("png", ".png", "image/png", "Print image (PNG)"),
    "svg": Format("svg", ".svg", "image/svg+xml", "Vector image (SVG)"),
    "pdf": Format("pdf", ".pdf", "application/pdf", "Print PDF (vector)"),
    "geojson": Format("geojson", ".geojson", "application/geo+json", "Places for GIS (GeoJSON)"),
}


def format_for(name: str | None, out: str | None) -> Format:
    """``--format``, or else the suffix of ``--out``."""
    if name is None and out:
        name = Path(out).suffix.lower().lstrip(".") or None
        if name == "json":
            name = "geojson"
    if name is None:
        raise StoryError("--format", None, f"give --format ({'|'.join(FORMATS)}) or an --out file with one of those suffixes")
    if name not in FORMATS:
        raise StoryError("--format", None, f"unknown format {name[:20]!r}; choose one of {', '.join(FORMATS)}")
    return FORMATS[name]


def selection_for(story: Story, place: str | None, passage: str | None, source: str) -> Selection:
    """Check ``--place``/``--passage`` against the story; an unknown id names the known ones."""
    if place is not None and passage is not None:
        raise StoryError(source, None, "give --place or --passage, not both")
    if place is not None:
        if not (is_id(place) and story.has_place(place)):
            known = ", ".join(p.id for p in story.places[:15])
            raise StoryError(source, "--place", f"no place {place[:40]!r} in story {story.id!r} (known: {known})")
        return Selection(place=place, fit=True)
    if passage is not None:
        if not (is_id(passage) and story.has_passage(passage)):
            n = len(story.passages)
            raise StoryError(source, "--passage", f"no passage {passage[:40]!r} in story {story.id!r} "
                                                  f"(known: {story.passages[0].id} … {story.passages[-1].id}, {n} passages)")
        return Selection(passage=passage, fit=True)
    return Selection()


def file_name(story: Story, fmt: Format, sel: Selection = Selection()) -> str:
    what = sel.place or sel.passage
    return f"{story.id}{'-' + what if what else ''}{fmt.suffix}"


def export_bytes(story: Story, geodata: GeoData, fmt: Format, sel: Selection = Selection(),
                 dpi: int = DEFAULT_DPI, spec: MapSpec | None = None, source: str = "<story>",
                 relief: bool = False) -> bytes:
    """The file's bytes. ``spec`` (the app's cached map description) saves rebuilding it.
    ``relief``: print images drawn over the offline shaded relief (the HTML map always has it)."""
    check_dpi(dpi)
    if fmt.name == "html":
        from components.export.html_page import export_html

        return export_html(story, geodata, sel, source)
    spec = spec or build_map_spec(story, geodata, source)
    if fmt.name == "geojson":
        from components.export.geojson import export_geojson

        places = highlighted_places(story, sel) if (sel.place or sel.passage) else None
        return export_geojson(story, spec, places)
    if fmt.name == "pdf":
        from components.export.image import render_pdf

        return render_pdf(story, spec, geodata, sel, relief)
    from components.export.image import render_image

    return render_image(story, spec, geodata, fmt.name, sel, dpi, relief)


def write_atomically(path: Path, data: bytes) -> None:
    """Write next to the target and rename: a failed export never leaves half a file."""
    path = Path(path)
    fd, tmp = tempfile.mkstemp(prefix=f".{path.name}.", dir=path.parent if str(path.parent) else ".")
    try:
        with os.fdopen(fd, "wb") as fh:
            fh.write(data)
        umask = os.umask(0)
        os.umask(umask)
        os.chmod(tmp, 0o666 & ~umask)  # mkstemp makes it private; an export is an ordinary file
        os.replace(tmp, path)
    except BaseException:
        if os.path.exists(tmp):
            os.unlink(tmp)
        raise
