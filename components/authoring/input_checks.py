"""Articles the importer cannot turn into a map, refused with a reason before anything is written.

- **A script the gazetteer does not cover.** Every name the importer matches is in the Latin
  script: the regional ``geodata/gazetteer.yaml``, the world names of Natural Earth, the GeoNames
  alternates kept by ``geodata/build_gazetteer.py`` (``latin``: Latin letters only) and the
  hand-made ``geodata/world/names_extra.yaml``. Cyrillic, Arabic, Han, Thai, Ethiopic
  (Amharic), Georgian... names are not in it, so an article written mostly in such a script
  (fewer than half its letters Latin) would come back with no place, or with the few Latin
  words it quotes: it is refused naming the script. An English article that quotes a name in
  another script is read as usual.
- **No place** (``importer.draft_dict``): the message says which gazetteers were searched.
- **A place in the sea**: a world settlement whose point lies more than
  ``geo.world.LAND_TOLERANCE_KM`` from every country polygon (a wrong coordinate, or an islet
  the 10 m countries lack) cannot be drawn in a country; when every meaning of a name is such a
  point the import stops naming the name, its passage, the GeoNames id and the distance.
"""

from __future__ import annotations

import unicodedata
from collections import Counter

from components.errors import ArticleError

COVERED_SCRIPTS = ("LATIN",)
MIN_COVERED_SHARE = 0.5
# Unicode character names begin with the script's name; how a reader calls some of them.
_SCRIPT_NAMES = {
    "CJK": "Han (Chinese characters)", "HIRAGANA": "Japanese kana", "KATAKANA": "Japanese kana",
    "HANGUL": "Hangul (Korean)", "ETHIOPIC": "Ethiopic (Amharic, Tigrinya)", "THAI": "Thai",
    "GEORGIAN": "Georgian", "CYRILLIC": "Cyrillic", "ARABIC": "Arabic", "HEBREW": "Hebrew",
    "DEVANAGARI": "Devanagari", "GREEK": "Greek", "ARMENIAN": "Armenian", "BENGALI": "Bengali",
    "TAMIL": "Tamil", "KHMER": "Khmer", "LAO": "Lao", "MYANMAR": "Myanmar (Burmese)", "TIBETAN": "Tibetan",
}


def script_of(ch: str) -> str:
    """The script of a letter, from its Unicode name ("CYRILLIC SMALL LETTER A" -> CYRILLIC)."""
    return unicodedata.name(ch, "UNKNOWN").split(" ", 1)[0]


def scripts(text: str) -> Counter:
    return Counter(script_of(ch) for ch in text if ch.isalpha())


def check_script(texts: list[str]) -> None:
    """ArticleError (no file name: the caller adds it) when most letters are in a script the
    gazetteer does not cover."""
    count = scripts(" ".join(texts))
    letters = sum(count.values())
    if not letters:
        return
    covered = sum(count[s] for s in COVERED_SCRIPTS)
    if covered / letters >= MIN_COVERED_SHARE:
        return
    top, n = next((s, k) for s, k in count.most_common() if s not in COVERED_SCRIPTS)
    name = _SCRIPT_NAMES.get(top, top.title())
    raise ArticleError("", None, f"the article is written in the {name} script ({100 * n // letters}% of its "
                       f"letters); the gazetteer holds place names in the Latin script only, so no place "
                       f"could be found: import a Latin-script edition of the article, or write the story by hand")


def at_sea_message(text: str, passage: str, entry, km: float, tolerance: float) -> str:
    ns, ew = ("N" if entry.lat >= 0 else "S"), ("E" if entry.lon >= 0 else "W")
    return (f"{text!r} resolves to a point in the sea: {entry.name} (GeoNames {entry.feature}, "
            f"{abs(entry.lat):.2f}°{ns} {abs(entry.lon):.2f}°{ew}) lies {km:,.0f} km from the nearest country "
            f"on the map (Natural Earth 10 m; at most {tolerance:.0f} km allowed); check the name, or write "
            f"this place into the story by hand")
