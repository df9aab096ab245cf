"""Errors by cause: problems in the data (:class:`DataError`, every one as ``path:line: field:
message``) and something missing from the machine (:class:`MissingTool`, with its install line)."""

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


class MissingTool(Exception):
    """Something the command needs is not installed on this machine; the data is fine.

    >>> str(MissingTool("Chromium", "apt-get install -y chromium"))
    'Chromium is not installed; install it with: apt-get install -y chromium'
    """

    def __init__(self, what: str, install: str) -> None:
        self.what = what
        self.install = install
        super().__init__(f"{what} is not installed; install it with: {install}")
