"""``mapgen embed``: an <iframe> snippet for a report page."""

from __future__ import annotations

from pathlib import Path
from typing import Annotated

import typer

from mapgen.cli.common import (
    AspectOption,
    FrameHeightOption,
    FrameWidthOption,
    RootOption,
    app,
    frame_size,
    language,
    run,
    usage_error,
)


@app.command()
def embed(
    src: Annotated[
        str, typer.Option(help="Where the report's readers will find the map page (URL or relative path).")
    ] = "g60_corridor.html",
    width: FrameWidthOption = None,
    height: FrameHeightOption = None,
    aspect: AspectOption = "16:10",
    title: Annotated[
        str | None,
        typer.Option(
            help="The frame's accessible title [default: 'Map of the' and the corridor's name in geo/]."
        ),
    ] = None,
    lang: Annotated[
        str | None,
        typer.Option(
            "--lang",
            help="The language of the map in the frame: en (English) or zh (Chinese, 中文). The "
            "frame's title is in it, and the page opens in it (#lang= is added to --src) "
            "[default: the title in English, the page in the language it was built with].",
            show_default=False,
        ),
    ] = None,
    focus: Annotated[
        str | None,
        typer.Option(
            help="The id of a city or site (from geo/) whose popup the map opens with: "
            "#place=ID is added to --src.",
            show_default=False,
        ),
    ] = None,
    root: RootOption = Path("."),
) -> None:
    """Print an <iframe> snippet that shows the map inside another page, isolated in a sandbox.

    Responsive by default: the frame fills the page's width at the given aspect ratio.
    Publish the map (mapgen build) next to the page, or give its URL with --src.

    Examples:

      mapgen embed

      mapgen embed --src https://example.org/maps/g60_corridor.html --aspect 4:3

      mapgen embed --width 800 --height 500 > snippet.html

      mapgen embed --lang zh

      mapgen embed --focus hangzhou --lang zh
    """
    from mapgen import api

    size = frame_size("embed", width, height, aspect)
    chosen = None if lang is None else language(lang)

    def snippet() -> str:
        try:
            return api.embed_snippet(root, src, size, title=title, lang=chosen, focus=focus)
        except ValueError as error:
            raise usage_error(str(error)) from None

    run(snippet)
