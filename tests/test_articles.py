"""The article format: header, paragraphs, and what a person can get wrong."""

from __future__ import annotations

import datetime as dt
import os
from pathlib import Path

import pytest
from conftest import REPO, SHARED_SEEDS

from mapgen.errors import DataError
from mapgen.read.articles import normalise_text, parse_article, read_article
from mapgen.read.text import display_path, read_text


def test_seeds_are_the_shared_articles_byte_for_byte() -> None:
    if not SHARED_SEEDS.is_dir():
        pytest.skip("../shared/seeds is not beside this checkout")
    shared = sorted(p.name for p in SHARED_SEEDS.glob("*.txt"))
    assert sorted(p.name for p in (REPO / "seeds").glob("*.txt")) == shared
    for name in shared:
        assert (REPO / "seeds" / name).read_bytes() == (SHARED_SEEDS / name).read_bytes()


def test_seed_article_is_parsed_into_date_title_and_paragraphs() -> None:
    article = read_article(REPO / "seeds" / "001_5c34163c4dee47d7.txt", "seeds/001.txt")
    assert article.id == "001_5c34163c4dee47d7"
    assert article.date == dt.date(2022, 11, 7)
    assert article.title.startswith("The G60 S&T Innovation Valley is a huge platform")
    assert len(article.paragraphs) == 10
    assert article.paragraphs[0].line == 3
    assert article.paragraphs[1].text.startswith("So far, Songjiang has 69")


def test_bom_crlf_and_stray_spaces_are_tolerated(tmp_path: Path) -> None:
    raw = "\ufeff  date  2024-02-19   A title  \r\n \r\nFirst  paragraph.\r\n\r\n\r\nSecond.  \r\n"
    path = tmp_path / "a.txt"
    path.write_bytes(raw.encode("utf-8"))
    article = read_article(path, "a.txt")
    assert (article.date, article.title) == (dt.date(2024, 2, 19), "A title")
    assert [p.text for p in article.paragraphs] == ["First  paragraph.", "Second."]
    assert [p.line for p in article.paragraphs] == [3, 6]


@pytest.mark.parametrize(
    ("text", "message"),
    [
        ("Songjiang grows.\n\nMore text.\n", "a.txt:1: header: no header; the first line must be"),
        ("", "a.txt:1: header: empty article"),
        (" date 2023-02-30 Title\n\nText.\n", "a.txt:1: date: '2023-02-30' is not a real date"),
        (" date 19-02-2024 Title\n\nText.\n", "a.txt:1: date: '19-02-2024' is not a real date"),
        (" date 2024-02-19 Title\n\n\n", "a.txt:1: body: the article has no paragraphs"),
    ],
)
def test_bad_articles_get_one_clear_message(text: str, message: str) -> None:
    with pytest.raises(DataError) as caught:
        parse_article(text, "a", "a.txt")
    assert str(caught.value).startswith(message)


def test_article_not_in_utf8_names_the_file(tmp_path: Path) -> None:
    path = tmp_path / "gbk.txt"
    path.write_bytes(" date 2024-02-19 松江\n\n松江区\n".encode("gbk"))
    with pytest.raises(DataError, match=r"^gbk.txt:1: not UTF-8 text"):
        read_article(path, "gbk.txt")


def test_quotes_match_across_typographic_quotes_and_whitespace() -> None:
    article = parse_article(
        ' date 2022-11-07 T\n\nSongjiang has 69 national-level "little\ngiant" enterprises.\n', "a", "a.txt"
    )
    assert article.find("69 national-level “little giant” enterprises") is not None
    assert article.find("70 national-level") is None
    assert normalise_text("a\u00a0 b") == "a b"


# --- Only regular files are read, and never more than the limit --------------------------


def test_an_article_that_is_a_fifo_is_refused_without_waiting(tmp_path: Path) -> None:
    path = tmp_path / "pipe.txt"
    os.mkfifo(path)  # nothing writes to it: opening it to read would block
    with pytest.raises(DataError) as caught:
        read_article(path, "pipe.txt")
    assert str(caught.value) == "pipe.txt: is not a regular file (a FIFO or a device?)"


def test_an_article_that_links_to_a_device_is_refused_unread(tmp_path: Path) -> None:
    path = tmp_path / "zero.txt"
    path.symlink_to("/dev/zero")  # endless, and its size says 0
    with pytest.raises(DataError) as caught:
        read_article(path, "zero.txt")
    assert str(caught.value) == "zero.txt: is not a regular file (a FIFO or a device?)"


def test_an_article_that_is_a_link_loop_is_a_data_problem(tmp_path: Path) -> None:
    path = tmp_path / "loop.txt"
    path.symlink_to("loop.txt")
    with pytest.raises(DataError) as caught:
        read_article(path, "loop.txt")
    assert str(caught.value) == "loop.txt: is a symbolic link that loops"
    assert display_path(path, tmp_path) == "loop.txt"  # Path.resolve would raise RuntimeError


def test_a_link_to_an_article_is_read_and_shown_by_its_own_name(tmp_path: Path) -> None:
    real = tmp_path / "elsewhere" / "real.txt"
    real.parent.mkdir()
    real.write_text(" date 2024-02-19 Title\n\nText.\n", encoding="utf-8")
    (tmp_path / "seeds").mkdir()
    link = tmp_path / "seeds" / "linked.txt"
    link.symlink_to(real)
    assert read_article(link, "seeds/linked.txt").title == "Title"
    assert display_path(link, tmp_path) == "seeds/linked.txt"


def test_a_file_whose_size_says_less_than_it_holds_is_read_only_to_the_limit() -> None:
    proc = Path("/proc/self/maps")  # a regular file of size 0 that holds kilobytes
    if not proc.exists():
        pytest.skip("needs Linux /proc")
    with pytest.raises(DataError) as caught:
        read_text(proc, "maps", limit=100)
    assert str(caught.value) == "maps: file is over 100 bytes, the limit"
