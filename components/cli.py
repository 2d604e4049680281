"""Command line: ``python -m components validate STORY_FILE``, exports and the authoring tools.

``export STORY --format html|png|svg|pdf|geojson --out PATH [--place ID] [--passage ID] [--dpi N] [--relief]``;
``publish [STORIES_DIR] --out SITE_DIR [--base-url URL]`` builds the static site (exit 1 when a
story was left out: the others are published);
``import ARTICLE --out stories/NEW.yaml`` writes a draft story from an article (.txt/.md/.html);
``claims STORY`` prints the claims table; ``schema`` writes docs/story.schema.json.
Exit 0 on success; exit 2 with a one-line reason (file, field, message) on bad input.
"""

from __future__ import annotations

import argparse
import sys
from pathlib import Path

from components.errors import StoryMapError


class _Parser(argparse.ArgumentParser):
    """argparse prints the usage and the error on two lines; bad input here gets one line."""

    def error(self, message: str):
        print(f"error: {message} (see: {self.prog} --help)", file=sys.stderr)
        sys.exit(2)


def _validate(args: argparse.Namespace) -> int:
    from components.geo.geodata import load_geodata
    from components.map.spec import build_map_spec
    from components.story.model import load_story

    story = load_story(args.story)
    geodata = load_geodata(args.geodata)
    spec = build_map_spec(story, geodata, Path(args.story).name)
    for note in geodata.repairs:  # repaired or reprojected boundary files are said, never silent
        print(f"note: {note}", file=sys.stderr)
    approx = sum(1 for p in story.places if p.approximate)
    print(f"{Path(args.story).name}: ok: story {story.id!r}, {len(story.passages)} passages, "
          f"{len(story.places)} places ({approx} approximate), {len(spec.layers)} layers")
    return 0


def _export(args: argparse.Namespace) -> int:
    from components.export.formats import export_bytes, file_name, format_for, selection_for, write_atomically
    from components.geo.geodata import load_geodata
    from components.export.dpi import check_dpi  # not export.image: matplotlib loads only for images
    from components.story.model import load_story

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
    data = export_bytes(story, load_geodata(), fmt, sel, args.dpi, source=source, relief=args.relief)
    write_atomically(out, data)
    print(f"wrote {out} ({fmt.name}, {len(data):,} bytes)")
    return 0


def _import(args: argparse.Namespace) -> int:
    """Write a draft story from an article; it is validated before anything is written."""
    from components.errors import ArticleError
    from components.authoring.gazetteer import load_gazetteer
    from components.geo.geodata import load_geodata
    from components.authoring.importer import link_score, make_draft, slug
    from components.story.model import is_url, load_story

    src, out = Path(args.article), Path(args.out)
    if not src.is_file():
        raise ArticleError(src.name, None, "article file not found")
    if out.exists() and not args.force:
        raise ArticleError(out.name, None, "already exists; choose another --out or add --force")
    if out.suffix not in (".yaml", ".yml"):
        raise ArticleError(out.name, None, "--out must name a .yaml file")
    source = {"publisher": args.publisher, "url": args.url, "byline": args.byline}
    if args.published:
        from datetime import date

        try:
            source["published"] = date.fromisoformat(args.published)
        except ValueError:
            raise ArticleError(src.name, "--published", f"not a date (YYYY-MM-DD): {args.published!r}") from None
    if args.url and not is_url(args.url):
        raise ArticleError(src.name, "--url", "only http(s) links")
    geodata = load_geodata()
    gaz = load_gazetteer(geodata)
    draft = make_draft(src.read_bytes(), src.name, geodata, gaz, story_id=args.id or slug(out.stem),
                       out_name=out.name, source=source)
    out.parent.mkdir(parents=True, exist_ok=True)
    out.write_text(draft.yaml_text, encoding="utf-8")
    story = draft.story
    mentions = sum(len(p.mentions) for p in story.passages)
    print(f"{out}: draft story {story.id!r}: {len(story.passages)} passages, {mentions} place mentions, "
          f"{len(story.places)} places, {len(draft.ambiguities)} ambiguous, {len(story.claims)} claims proposed; "
          f"left out: {len(draft.article.dropped)} lines")
    for a in draft.ambiguities:
        print(f"  ambiguous: {a.passage} {a.text!r} -> {' | '.join(a.candidates)} (guess: {a.guess})")
    if args.compare:
        ref = load_story(args.compare)
        sc = link_score(story, ref, gaz)
        print(f"place links per passage vs {Path(args.compare).name} ({sc.passages} passages matched): "
              f"precision {sc.precision:.2f} ({sc.true_pos}/{sc.true_pos + sc.false_pos}), "
              f"recall {sc.recall:.2f} ({sc.true_pos}/{sc.true_pos + sc.false_neg}), "
              f"recall of places the gazetteer can name {sc.nameable_recall:.2f} "
              f"({sc.true_pos}/{sc.true_pos + sc.nameable_false_neg})")
        for num, hits, extra, missed in sc.rows:
            print(f"  ¶{num}: found {', '.join(hits) or '-'}; extra {', '.join(extra) or '-'}; missed {', '.join(missed) or '-'}")
    return 0


def _claims(args: argparse.Namespace) -> int:
    """Print each claim of a story with its verdict, figure and datasets."""
    from components.claims.check import check_claims, claim_summary, load_accuracy
    from components.geo.geodata import load_geodata
    from components.map.spec import build_map_spec
    from components.story.model import load_story

    story = load_story(args.story)
    geodata = load_geodata()
    spec = build_map_spec(story, geodata, Path(args.story).name)
    checks = check_claims(story, spec.geometry, load_accuracy(geodata))
    if not checks:
        print(f"{Path(args.story).name}: no claims")
    for c in checks:
        where = f"¶{story.passage_index(c.claim.passage) + 1}" if c.claim.passage else "caption"
        print(f"{c.verdict.upper():13} {claim_summary(story, c.claim)} [{where}: \"{c.claim.quote}\"]\n"
              f"              measured: {c.figure}\n              {c.explanation}")
        if args.sources:
            for s in c.sources:
                print(f"              source: {s}")
    return 0


def _schema(args: argparse.Namespace) -> int:
    """Write (or, with --check, compare) the JSON Schema generated from the story models."""
    from components.story.schema import SCHEMA_FILE, schema_text

    path = Path(args.out) if args.out else SCHEMA_FILE
    text = schema_text()
    if args.check:
        if not path.is_file() or path.read_text(encoding="utf-8") != text:
            print(f"error: {path.name}: out of date; run: python -m components schema", file=sys.stderr)
            return 2
        print(f"{path.name}: up to date")
        return 0
    path.write_text(text, encoding="utf-8")
    print(f"{path}: written ({len(text):,} bytes)")
    return 0


def _publish(args: argparse.Namespace) -> int:
    """Build the static site (components/publish); broken stories are listed and left out."""
    import time

    from components.geo.geodata import load_geodata
    from components.publish.site import publish_site
    from components.story.catalog import stories_dir

    folder = Path(args.stories) if args.stories else stories_dir()
    t0 = time.perf_counter()
    report = publish_site(folder, Path(args.out), args.base_url, load_geodata(args.geodata),
                          only=set(args.story) if args.story else None,
                          log=(lambda line: print(line, file=sys.stderr)) if args.verbose else (lambda line: None))
    for exc in report.skipped:
        print(f"error: left out: {exc}", file=sys.stderr)
    for note in report.notes:
        print(f"note: {note}", file=sys.stderr)
    print(f"published {len(report.published)} stories to {report.out} in {time.perf_counter() - t0:.1f} s: "
          f"{len(report.rebuilt)} built, {len(report.kept)} unchanged, {len(report.removed)} removed, "
          f"{len(report.skipped)} left out; open {report.out / 'index.html'}")
    return 1 if report.skipped else 0


def _add_publish_command(sub) -> None:
    p = sub.add_parser("publish", help="build a static site of the stories (any web host, CDN or file://)")
    p.add_argument("stories", nargs="?", help="stories folder (default: $STORYMAP_STORIES, else stories/)")
    p.add_argument("--out", required=True, help="the site folder to write (replaced atomically)")
    p.add_argument("--base-url", help="where the site will be served, e.g. https://example.org/maps/: "
                   "makes Open Graph, oEmbed and sitemap URLs absolute (default: relative, said)")
    p.add_argument("--story", action="append", metavar="ID", help="publish only this story id (repeatable)")
    p.add_argument("--geodata", metavar="DIR", default=None, help="boundary folder (default: $STORYMAP_GEODATA, else geodata/)")
    p.add_argument("--verbose", action="store_true", help="print each story as it is built")
    p.set_defaults(func=_publish)


def _add_authoring_commands(sub) -> None:
    i = sub.add_parser("import", help="write a draft story from an article (.txt, .md or .html)")
    i.add_argument("article")
    i.add_argument("--out", required=True, help="the story file to write, e.g. stories/new-story.yaml")
    i.add_argument("--id", help="story id (default: from the --out file name)")
    i.add_argument("--publisher", default="")
    i.add_argument("--url", default="")
    i.add_argument("--published", default="", help="YYYY-MM-DD")
    i.add_argument("--byline", default="")
    i.add_argument("--force", action="store_true", help="overwrite --out if it exists")
    i.add_argument("--compare", metavar="STORY", help="print precision/recall of place links against a hand-made story")
    i.set_defaults(func=_import)
    c = sub.add_parser("claims", help="check a story's geographic claims against the geodata")
    c.add_argument("story")
    c.add_argument("--sources", action="store_true", help="also print each dataset and its known error")
    c.set_defaults(func=_claims)
    s = sub.add_parser("schema", help="write docs/story.schema.json from the story models")
    s.add_argument("--out")
    s.add_argument("--check", action="store_true", help="exit 2 if the file differs from the models")
    s.set_defaults(func=_schema)


def main(argv: list[str] | None = None) -> int:
    parser = _Parser(prog="python -m components", description="Pamir story map tools")
    sub = parser.add_subparsers(dest="command", required=True, parser_class=_Parser)
    v = sub.add_parser("validate", help="check a story file against the schema and the geodata")
    v.add_argument("story")
    v.add_argument("--geodata", metavar="DIR", default=None,
                   help="boundary folder (default: $STORYMAP_GEODATA, else geodata/)")
    v.set_defaults(func=_validate)
    x = sub.add_parser("export", help="export a story map: single-file HTML, PNG/SVG/PDF image or GeoJSON")
    x.add_argument("story", help="story file (YAML)")
    x.add_argument("--format", choices=["html", "png", "svg", "pdf", "geojson"],
                   help="output format (default: from the --out suffix)")
    x.add_argument("--out", help="output file or folder (default: STORY-ID[-SELECTION].FORMAT here)")
    x.add_argument("--place", help="place id to select (HTML opens on it, images highlight it, GeoJSON holds it)")
    x.add_argument("--passage", help="passage id to select (its places are highlighted / exported)")
    x.add_argument("--dpi", type=int, default=300, help="PNG resolution, 50-600 (default 300)")
    x.add_argument("--relief", action="store_true",
                   help="png/svg: draw the offline shaded relief under the layers (default off: light, "
                        "black-and-white-friendly prints); the HTML map always offers it")
    x.set_defaults(func=_export)
    _add_authoring_commands(sub)
    _add_publish_command(sub)
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
    raise SystemExit(main())
