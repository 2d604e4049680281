"""Errors that name the file and the field, so a user can fix their input without a traceback."""

from __future__ import annotations


class StoryMapError(Exception):
    """Bad input: ``source`` is a file (or URL parameter), ``field`` a dotted path inside it."""

    def __init__(self, source: str, field: str | None, message: str):
        self.source = str(source)
        self.field = field
        self.message = message
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
