"""Command line: ``python -m components validate STORY_FILE``.

Exit 0 on success; exit 2 with a one-line reason (file, field, message) on bad input.
"""

from __future__ import annotations

import argparse
import sys
from pathlib import Path

from .errors import StoryMapError


def _validate(args: argparse.Namespace) -> int:
    from .geodata import load_geodata
    from .mapspec import build_map_spec
    from .story import load_story

    story = load_story(args.story)
    geodata = load_geodata(args.geodata)
    spec = build_map_spec(story, geodata, Path(args.story).name)
    for note in geodata.repairs:  # repaired or reprojected boundary files are said, never silent
        print(f"note: {note}", file=sys.stderr)
    approx = sum(1 for p in story.places if p.approximate)
    print(f"{Path(args.story).name}: ok: story {story.id!r}, {len(story.passages)} passages, "
          f"{len(story.places)} places ({approx} approximate), {len(spec.layers)} layers")
    return 0


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(prog="python -m components", description="Pamir story map tools")
    sub = parser.add_subparsers(dest="command", required=True)
    v = sub.add_parser("validate", help="check a story file against the schema and the geodata")
    v.add_argument("story")
    v.add_argument("--geodata", metavar="DIR", default=None,
                   help="boundary folder (default: $STORYMAP_GEODATA, else geodata/)")
    v.set_defaults(func=_validate)
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
