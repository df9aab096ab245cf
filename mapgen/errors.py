"""Problems found in the data, reported all at once as ``path:line: field: message``."""

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import dataclass


@dataclass(frozen=True, order=True)
class Problem:
    """One thing wrong with the data a person edits.

    >>> str(Problem("geo/cities.yaml", 12, "cities[2].lat", "must be between -90 and 90"))
    'geo/cities.yaml:12: cities[2].lat: must be between -90 and 90'
    """

    path: str
    line: int  # 1-based; 0 when the problem belongs to the whole file
    field: str
    message: str

    def __str__(self) -> str:
        where = f"{self.path}:{self.line}" if self.line else self.path
        return f"{where}: {self.field}: {self.message}" if self.field else f"{where}: {self.message}"


class DataError(Exception):
    """The data cannot be used; ``problems`` says every reason found, in file order."""

    def __init__(self, problems: Iterable[Problem]) -> None:
        self.problems: tuple[Problem, ...] = tuple(sorted(set(problems)))
        super().__init__("\n".join(str(p) for p in self.problems))


def raise_if_any(problems: Iterable[Problem]) -> None:
    """Raise one DataError carrying every problem, if there are any."""
    collected = list(problems)
    if collected:
        raise DataError(collected)
