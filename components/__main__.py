"""Command line: ``python -m components validate STORY_FILE`` and
``python -m components export STORY_FILE --format html|png|svg|geojson --out PATH [--place ID]
[--passage ID] [--dpi N]``.

Exit 0 on success; exit 2 with a one-line reason (file, field, message) on bad input.
"""

from __future__ import annotations

import argparse
import sys
from pathlib import Path

from .errors import StoryMapError


class _Parser(argparse.ArgumentParser):
    """argparse prints the usage and the error on two lines; bad input here gets one line."""

    def error(self, message: str):
        print(f"error: {message} (see: {self.prog} --help)", file=sys.stderr)
        sys.exit(2)


def _validate(args: argparse.Namespace) -> int:
    from .geodata import load_geodata
    from .mapspec import build_map_spec
    from .story import load_story

    story = load_story(args.story)
    spec = build_map_spec(story, load_geodata(), Path(args.story).name)
    approx = sum(1 for p in story.places if p.approximate)
    print(f"{Path(args.story).name}: ok: story {story.id!r}, {len(story.passages)} passages, "
          f"{len(story.places)} places ({approx} approximate), {len(spec.layers)} layers")
    return 0


def _export(args: argparse.Namespace) -> int:
    from .export import export_bytes, file_name, format_for, selection_for, write_atomically
    from .geodata import load_geodata
    from .static_map import check_dpi
    from .story import load_story

    fmt = format_for(args.format, args.out)
    try:
        check_dpi(args.dpi)
    except ValueError as exc:
        print(f"error: --dpi: {exc}", file=sys.stderr)
        return 2
    source = Path(args.story).name
    story = load_story(args.story)
    sel = selection_for(story, args.place, args.passage, source)
    out = Path(args.out) if args.out else Path(file_name(story, fmt, sel))
    if out.is_dir():
        out = out / file_name(story, fmt, sel)
    if not out.parent.is_dir():
        print(f"error: --out: folder {str(out.parent)[:200]!r} does not exist", file=sys.stderr)
        return 2
    data = export_bytes(story, load_geodata(), fmt, sel, args.dpi, source=source)
    write_atomically(out, data)
    print(f"wrote {out} ({fmt.name}, {len(data):,} bytes)")
    return 0


def main(argv: list[str] | None = None) -> int:
    parser = _Parser(prog="python -m components", description="Pamir story map tools")
    sub = parser.add_subparsers(dest="command", required=True, parser_class=_Parser)
    v = sub.add_parser("validate", help="check a story file against the schema and the geodata")
    v.add_argument("story")
    v.set_defaults(func=_validate)
    x = sub.add_parser("export", help="export a story map: single-file HTML, PNG/SVG image or GeoJSON")
    x.add_argument("story", help="story file (YAML)")
    x.add_argument("--format", choices=["html", "png", "svg", "geojson"],
                   help="output format (default: from the --out suffix)")
    x.add_argument("--out", help="output file or folder (default: STORY-ID[-SELECTION].FORMAT here)")
    x.add_argument("--place", help="place id to select (HTML opens on it, images highlight it, GeoJSON holds it)")
    x.add_argument("--passage", help="passage id to select (its places are highlighted / exported)")
    x.add_argument("--dpi", type=int, default=300, help="PNG resolution, 50-600 (default 300)")
    x.set_defaults(func=_export)
    args = parser.parse_args(argv)
    try:
        return args.func(args)
    except StoryMapError as exc:
        print(f"error: {exc}".splitlines()[0], file=sys.stderr)
        return 2
    except OSError as exc:
        print(f"error: {exc}".splitlines()[0], file=sys.stderr)
        return 2


if __name__ == "__main__":
    sys.exit(main())
