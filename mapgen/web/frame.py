"""The box a map sits in on someone else's page: fixed pixels or responsive at an aspect ratio.

Shared by ``mapgen build --fragment`` (the map pasted into a page) and ``mapgen embed``
(the map in an ``<iframe>``).
"""

from __future__ import annotations

import re
from dataclasses import dataclass

ASPECT = re.compile(r"^(\d{1,4}):(\d{1,4})$")


@dataclass(frozen=True)
class FrameSize:
    """Fixed pixels (``width`` and ``height``), or responsive at an aspect ratio (the default)."""

    width: int | None = None
    height: int | None = None
    aspect: str = "16:10"

    def __post_init__(self) -> None:
        if (self.width is None) != (self.height is None):
            raise ValueError("give both --width and --height, or neither (responsive)")
        match = ASPECT.match(self.aspect)
        if match is None or int(match[1]) == 0 or int(match[2]) == 0:
            raise ValueError(f"aspect {self.aspect!r} is not W:H, e.g. 16:10")


def frame_style(size: FrameSize) -> str:
    """The CSS of the box: its own width and height, or the page's width at the aspect ratio.

    >>> frame_style(FrameSize(640, 400))
    'position:relative;width:640px;height:400px'
    >>> frame_style(FrameSize(aspect="4:3"))
    'position:relative;width:100%;aspect-ratio:4/3'
    """
    if size.width is not None and size.height is not None:
        return f"position:relative;width:{size.width}px;height:{size.height}px"
    width, height = size.aspect.split(":")
    return f"position:relative;width:100%;aspect-ratio:{width}/{height}"
