"""Errors that name the file and the field, so a user can fix their input without a traceback."""

from __future__ import annotations

import re


MAX_SOURCE_CHARS = 120
MAX_FIELD_CHARS = 120
MAX_MESSAGE_CHARS = 600
_CONTROL = re.compile(r"[\x00-\x1f\x7f-\x9f\u2028\u2029\ufeff]")


def one_line(text: object, limit: int) -> str:
    """Input echoed in a message stays one short line: control characters (newlines included)
    are shown as escapes, and the text is cut at ``limit`` characters."""
    out = _CONTROL.sub(lambda m: m.group().encode("unicode_escape").decode("ascii"), str(text))
    return out if len(out) <= limit else out[: limit - 1] + "…"


class StoryMapError(Exception):
    """Bad input: ``source`` is a file (or URL parameter), ``field`` a dotted path inside it.

    All three parts can echo input (a file name, a key from the file), so each is made one
    line of bounded length: the CLI prints one line, the app shows a readable message.
    """

    def __init__(self, source: str, field: str | None, message: str):
        self.source = one_line(source, MAX_SOURCE_CHARS)
        self.field = one_line(field, MAX_FIELD_CHARS) if field is not None else None
        self.message = one_line(message, MAX_MESSAGE_CHARS)
        super().__init__(str(self))

    def __str__(self) -> str:
        where = f"{self.source}: {self.field}" if self.field else self.source
        return f"{where}: {self.message}"


class StoryError(StoryMapError):
    """A story file that cannot be read or does not validate."""


class GeodataError(StoryMapError):
    """A boundary file that is missing, empty, unprojected or broken."""


class ArticleError(StoryMapError):
    """An article that cannot be imported (not text, too large, no paragraph, no known place)."""
