"""Spreadsheets as people keep them: workbooks (.xlsx, .ods, .xls), CSV in GBK, with a BOM
or in UTF-16, numbers stored as text, and the workbooks that must be refused.

Every file is made here, by a library that writes it as Excel or LibreOffice would
(openpyxl, odfpy, xlwt), or byte by byte where a file is built to be broken.
"""

from __future__ import annotations

import codecs
import datetime as dt
import io
import struct
import subprocess
import sys
import time
import zipfile
import zlib
from pathlib import Path
from typing import Any

import pytest
from conftest import Project, payloads
from hypothesis import given, settings
from hypothesis import strategies as st

from mapgen.errors import DataError
from mapgen.read.sheets import MAX_SHEET_CELLS, MAX_UNPACKED_BYTES
from mapgen.validate.layers import layer_files, read_layer

openpyxl = pytest.importorskip("openpyxl")

HEADER = ["名称", "类别", "纬度", "经度", "员工", "成立日期"]
FIRMS = [
    ["松江芯片有限公司", "集成电路", 31.0322, 121.2275, 120, dt.date(2016, 5, 3)],
    ["G60脑智科创基地", "生物医药", "31.05", " 121.20 ", 1200.0, dt.datetime(2019, 1, 2, 9, 30)],
    ["Bad Latitude Ltd.", "软件", "abc", 121.2, 5, None],
    ["九亭数码", "软件", "31,1", "121.3", 7, None],
]


def mapgen(*args: str, cwd: Path) -> subprocess.CompletedProcess[str]:
    return subprocess.run(
        [sys.executable, "-m", "mapgen", *args], text=True, capture_output=True, timeout=120, cwd=cwd
    )


def write_xlsx(path: Path, sheets: dict[str, list[list[Any]]]) -> Path:
    book = openpyxl.Workbook()
    book.remove(book.active)
    for name, rows in sheets.items():
        sheet = book.create_sheet(name)
        for row in rows:
            sheet.append(row)
    path.parent.mkdir(parents=True, exist_ok=True)
    book.save(path)
    return path


def write_ods(path: Path, sheets: dict[str, list[list[Any]]]) -> Path:
    odf = pytest.importorskip("odf.opendocument")
    from odf.table import Table, TableCell, TableRow
    from odf.text import P

    document = odf.OpenDocumentSpreadsheet()
    for name, rows in sheets.items():
        table = Table(name=name)
        for row in rows:
            line = TableRow()
            for value in row:
                if isinstance(value, int | float):
                    cell = TableCell(valuetype="float", value=value)
                elif isinstance(value, dt.date):
                    cell = TableCell(valuetype="date", datevalue=value.isoformat())
                else:
                    cell = TableCell(valuetype="string")
                if value is not None:
                    cell.addElement(P(text=str(value)))
                line.addElement(cell)
            table.addElement(line)
        document.spreadsheet.addElement(table)
    path.parent.mkdir(parents=True, exist_ok=True)
    document.save(str(path))
    return path


def write_xls(path: Path, sheets: dict[str, list[list[Any]]]) -> Path:
    xlwt = pytest.importorskip("xlwt")
    book = xlwt.Workbook(encoding="utf-8")
    dates = xlwt.easyxf(num_format_str="YYYY-MM-DD")
    for name, rows in sheets.items():
        sheet = book.add_sheet(name)
        for r, row in enumerate(rows):
            for c, value in enumerate(row):
                if isinstance(value, dt.date):
                    sheet.write(r, c, value, dates)
                elif value is not None:
                    sheet.write(r, c, value)
    path.parent.mkdir(parents=True, exist_ok=True)
    book.save(str(path))
    return path


def firms_sheet() -> list[list[Any]]:
    """A title row, a blank row, the header, the firms: as an office keeps its list."""
    return [["2024年松江区高新技术企业名单"], [], HEADER, *FIRMS]


# --- Workbooks --------------------------------------------------------------------------


def test_xlsx_layer_is_the_same_layer_as_a_csv(tmp_path: Path) -> None:
    source = write_xlsx(tmp_path / "firms.xlsx", {"企业": firms_sheet()})
    layer = read_layer(source, tmp_path)
    assert layer.count == 2
    assert layer.columns == ("名称", "类别", "员工", "成立日期")
    assert (layer.label, layer.category, layer.link) == ("名称", "类别", None)
    assert layer.column("名称") == ("松江芯片有限公司", "G60脑智科创基地")
    # Excel's numbers are floats: 120 is shown as 120, not 120.0; dates as ISO dates.
    assert layer.column("员工") == ("120", "1200")
    assert layer.column("成立日期") == ("2016-05-03", "2019-01-02 09:30:00")
    assert list(layer.lat) == [31.0322, 31.05] and list(layer.lon) == [121.2275, 121.2]
    # The line is the spreadsheet's row; the field says which sheet and cell.
    assert [str(p) for p in layer.skipped] == [
        "firms.xlsx:6: sheet 企业, 纬度 (C6): is not a number: 'abc'; row skipped",
        "firms.xlsx:7: sheet 企业, 纬度 (C7): is not a number: '31,1'; row skipped",
    ]


def test_ods_layer(tmp_path: Path) -> None:
    source = write_ods(tmp_path / "firms.ods", {"企业": firms_sheet()})
    layer = read_layer(source, tmp_path)
    assert layer.count == 2
    assert layer.columns == ("名称", "类别", "员工", "成立日期")
    assert layer.column("员工") == ("120", "1200")
    assert layer.column("成立日期")[0] == "2016-05-03"
    assert [p.line for p in layer.skipped] == [6, 7]


def test_xls_layer(tmp_path: Path) -> None:
    source = write_xls(tmp_path / "firms.xls", {"企业": firms_sheet()})
    layer = read_layer(source, tmp_path)
    assert layer.count == 2
    assert layer.column("名称") == ("松江芯片有限公司", "G60脑智科创基地")
    assert layer.column("成立日期")[0] == "2016-05-03"
    assert list(layer.lat) == [31.0322, 31.05]


def test_sheet_setting_picks_a_sheet_and_a_number_names_one(tmp_path: Path) -> None:
    source = write_xlsx(
        tmp_path / "firms.xlsx",
        {
            "说明": [["本表列出松江区企业"]],
            "2024": [["name", "lat", "lon"], ["Park A", 31.0, 121.1]],
            "园区": [["name", "lat", "lon"], ["Park B", 31.1, 121.2], ["Park C", 31.2, 121.3]],
        },
    )
    settings = tmp_path / "firms.yaml"
    settings.write_text("sheet: 园区\n", encoding="utf-8")
    assert read_layer(source, tmp_path).column("name") == ("Park B", "Park C")
    settings.write_text("sheet: 2024\n", encoding="utf-8")  # YAML reads a number; it names the sheet
    assert read_layer(source, tmp_path).column("name") == ("Park A",)
    settings.unlink()  # the first sheet has no coordinates: its header problem says which sheet
    with pytest.raises(DataError) as caught:
        read_layer(source, tmp_path)
    assert str(caught.value) == (
        "firms.xlsx:1: sheet 说明: no latitude column; name one of lat, latitude, 纬度 (found: 本表列出松江区企业)"
    )


def test_a_table_away_from_a1_names_its_cells_and_an_empty_sheet_says_so(tmp_path: Path) -> None:
    source = write_xlsx(tmp_path / "firms.xlsx", {"S": [], "Empty": []})
    book = openpyxl.load_workbook(source)
    for row, values in enumerate(
        [["name", "lat", "lon"], ["A", 31.0, 121.1], ["B", "north", 121.2]], start=3
    ):
        for column, value in enumerate(values, start=2):  # from B3
            book["S"].cell(row, column, value)
    book.save(source)
    layer = read_layer(source, tmp_path)
    assert layer.column("name") == ("A",)
    assert [str(p) for p in layer.skipped] == [
        "firms.xlsx:5: sheet S, lat (C5): is not a number: 'north'; row skipped"
    ]
    (tmp_path / "firms.yaml").write_text("sheet: Empty\n", encoding="utf-8")
    with pytest.raises(DataError) as caught:
        read_layer(source, tmp_path)
    assert str(caught.value) == "firms.xlsx: sheet Empty: is empty: it needs a header naming the columns"


def test_the_first_visible_sheet_is_read(tmp_path: Path) -> None:
    source = tmp_path / "firms.xlsx"
    book = openpyxl.Workbook()
    book.active.title = "lists"
    book.active.append(["行业代码"])
    book.active.sheet_state = "hidden"
    book.create_sheet("企业").append(["name", "lat", "lon"])
    book["企业"].append(["A", 31.0, 121.1])
    book.active = 1
    book.save(source)
    assert read_layer(source, tmp_path).column("name") == ("A",)


def test_a_wrong_sheet_name_lists_the_sheets_there_are(tmp_path: Path) -> None:
    source = write_xlsx(tmp_path / "firms.xlsx", {"企业": firms_sheet(), "园区": [["x"]]})
    (tmp_path / "firms.yaml").write_text("name: Firms\nsheet: 企 业\n", encoding="utf-8")
    with pytest.raises(DataError) as caught:
        read_layer(source, tmp_path)
    assert str(caught.value) == "firms.yaml:2: sheet: no sheet '企 业' in firms.xlsx; its sheets: 企业, 园区"


def test_blank_columns_past_the_table_are_left_out_but_a_nameless_column_with_data_is_not(
    tmp_path: Path,
) -> None:
    source = write_xlsx(tmp_path / "firms.xlsx", {"S": [["name", "lat", "lon"], ["A", 31.0, 121.1]]})
    book = openpyxl.load_workbook(source)
    book["S"]["F1"].value = ""  # a cell written but empty: the used area grows to F
    book["S"]["E2"].value = " "
    book.save(source)
    assert read_layer(source, tmp_path).columns == ("name",)
    book["S"]["E2"].value = "note"
    book.save(source)
    with pytest.raises(DataError) as caught:
        read_layer(source, tmp_path)
    assert str(caught.value) == "firms.xlsx:1: sheet S: column E has no name in the header"


# --- Text tables: encodings ---------------------------------------------------------------

GBK_CSV = "企业名称,行业,纬度,经度\n松江芯片有限公司,集成电路,31.0322,121.2275\n九亭数码,软件,31.12,121.31\n"


def test_gbk_csv_without_a_bom_is_read(tmp_path: Path) -> None:
    source = tmp_path / "gbk.csv"
    source.write_bytes(GBK_CSV.encode("gbk"))
    layer = read_layer(source, tmp_path)
    assert layer.columns == ("企业名称", "行业")
    assert layer.column("企业名称") == ("松江芯片有限公司", "九亭数码")
    assert (layer.label, layer.category) == ("企业名称", "行业")


def test_utf8_csv_with_a_bom_is_read(tmp_path: Path) -> None:
    source = tmp_path / "bom.csv"
    source.write_bytes(codecs.BOM_UTF8 + GBK_CSV.replace("\n", "\r\n").encode("utf-8"))
    assert read_layer(source, tmp_path).columns == ("企业名称", "行业")


@pytest.mark.parametrize(
    "bom, codec", [(codecs.BOM_UTF16_LE, "utf-16-le"), (codecs.BOM_UTF16_BE, "utf-16-be")]
)
def test_utf16_unicode_text_with_tabs_is_read(tmp_path: Path, bom: bytes, codec: str) -> None:
    # Excel's "Unicode text": UTF-16 with a BOM, tab-separated, CRLF, saved as .txt
    source = tmp_path / "unicode.txt"
    source.write_bytes(bom + GBK_CSV.replace(",", "\t").replace("\n", "\r\n").encode(codec))
    layer = read_layer(source, tmp_path)
    assert layer.column("企业名称") == ("松江芯片有限公司", "九亭数码")
    assert list(layer.lat) == [31.0322, 31.12]


def test_encoding_setting_reads_what_detection_would_refuse(tmp_path: Path) -> None:
    source = tmp_path / "taipei.csv"
    source.write_bytes("名稱,緯度,經度\n臺北科技,25.03,121.56\n".encode("big5"))
    with pytest.raises(DataError) as caught:
        read_layer(source, tmp_path)  # Big5 decodes as GB18030 too, into rare characters: refused
    assert str(caught.value).startswith(
        "taipei.csv:1: not UTF-8 text (byte 0xa6 at offset 0), and as GB18030 it would be mostly rare "
    )
    assert str(caught.value).endswith("or name its encoding under 'encoding:' in taipei.yaml")
    (tmp_path / "taipei.yaml").write_text("encoding: big5\n", encoding="utf-8")
    assert read_layer(source, tmp_path).column("名稱") == ("臺北科技",)


def test_encoding_setting_that_does_not_fit_the_bytes_names_the_line(tmp_path: Path) -> None:
    source = tmp_path / "firms.csv"
    source.write_bytes(GBK_CSV.encode("utf-8"))
    (tmp_path / "firms.yaml").write_text("encoding: ascii\n", encoding="utf-8")
    with pytest.raises(DataError) as caught:
        read_layer(source, tmp_path)
    assert (
        str(caught.value)
        == "firms.csv:1: not ascii text (byte 0xe4 at offset 0), though firms.yaml says it is"
    )


def test_bytes_that_are_neither_utf8_nor_gb18030_are_refused_at_their_line(tmp_path: Path) -> None:
    source = tmp_path / "mixed.csv"
    source.write_bytes(GBK_CSV.encode("gbk") + "Café Zoë,Software,31.2,121.4\n".encode("cp1252"))
    with pytest.raises(DataError) as caught:
        read_layer(source, tmp_path)
    assert str(caught.value) == (
        "mixed.csv:4: neither UTF-8 nor GB18030 text (byte 0xe9 at offset 97); in Excel, save it as "
        "'CSV UTF-8 (Comma delimited)', or name its encoding under 'encoding:' in mixed.yaml"
    )


def test_latin1_that_decodes_as_gb18030_is_not_taken_for_chinese(tmp_path: Path) -> None:
    source = tmp_path / "firms.csv"
    source.write_bytes("name,lat,lon\nMüller GmbH,31.0,121.2\n".encode("cp1252"))
    with pytest.raises(
        DataError, match=r"^firms.csv:2: not UTF-8 text .* mostly rare characters \(such as '黮'\)"
    ):
        read_layer(source, tmp_path)


# --- Numbers as people type them --------------------------------------------------------


def test_coordinates_stored_as_text_with_spaces_separators_or_full_width_digits(tmp_path: Path) -> None:
    source = tmp_path / "typed.csv"
    source.write_text(
        'name,lat,lon\nA," 31.03 ",121.22\nB,３１．０４,１２１．２３\nC,"1,234.5",121.2\nD,31.05,"121,2"\n',
        encoding="utf-8",
    )
    layer = read_layer(source, tmp_path)
    assert layer.column("name") == ("A", "B")
    assert list(layer.lat) == [31.03, 31.04] and list(layer.lon) == [121.22, 121.23]
    assert [str(p) for p in layer.skipped] == [
        "typed.csv:4: lat: must be between -90 and 90, got 1234.5; row skipped",
        "typed.csv:5: lon: is not a number: '121,2'; row skipped",
    ]


def test_numbers_excel_keeps_as_text_in_a_workbook(tmp_path: Path) -> None:
    source = write_xlsx(
        tmp_path / "typed.xlsx",
        {
            "S": [
                ["name", "lat", "lon", "capital"],
                ["A", " 31.03 ", "121.22", "1,234.5"],
                ["B", 31.04, 121.23, 5e9],
            ]
        },
    )
    layer = read_layer(source, tmp_path)
    assert list(layer.lat) == [31.03, 31.04]
    assert layer.column("capital") == ("1,234.5", "5000000000")


# --- Settings that do not fit the file ----------------------------------------------------


@pytest.mark.parametrize(
    "name, settings, message",
    [
        ("firms.csv", "sheet: 企业\n", "firms.yaml:1: sheet: only a workbook (.xlsx, .xls, .ods) has sheets"),
        (
            "firms.xlsx",
            "encoding: gbk\n",
            "firms.yaml:1: encoding: only a text table (.csv, .tsv, .txt) has an encoding to name",
        ),
        (
            "firms.csv",
            "encoding: klingon\n",
            "firms.yaml:1: encoding: unknown encoding 'klingon'; name one such as utf-8, gb18030, gbk, big5, utf-16 or cp1252",
        ),
        (
            "firms.csv",
            "encoding: base64\n",
            "firms.yaml:1: encoding: unknown encoding 'base64'; name one such as utf-8, gb18030, gbk, big5, utf-16 or cp1252",
        ),
    ],
)
def test_settings_that_do_not_suit_the_file(tmp_path: Path, name: str, settings: str, message: str) -> None:
    if name.endswith(".xlsx"):
        source = write_xlsx(tmp_path / name, {"S": [["name", "lat", "lon"], ["A", 31.0, 121.1]]})
    else:
        source = tmp_path / name
        source.write_text("name,lat,lon\nA,31.0,121.1\n", encoding="utf-8")
    (tmp_path / "firms.yaml").write_text(settings, encoding="utf-8")
    with pytest.raises(DataError) as caught:
        read_layer(source, tmp_path)
    assert str(caught.value) == message


# --- Workbooks that must be refused, each in one line -----------------------------------


def zipped(parts: dict[str, bytes]) -> bytes:
    buffer = io.BytesIO()
    with zipfile.ZipFile(buffer, "w", zipfile.ZIP_DEFLATED) as archive:
        for name, data in parts.items():
            archive.writestr(name, data)
    return buffer.getvalue()


def test_a_truncated_xlsx_is_one_clear_line(tmp_path: Path) -> None:
    whole = write_xlsx(tmp_path / "whole.xlsx", {"企业": firms_sheet()}).read_bytes()
    source = tmp_path / "cut.xlsx"
    source.write_bytes(whole[: len(whole) // 2])
    with pytest.raises(DataError) as caught:
        read_layer(source, tmp_path)
    assert str(caught.value) == (
        "cut.xlsx: is damaged or incomplete (was the copy cut short?): a workbook is a zip archive, "
        "and File is not a zip file"
    )


def test_an_xlsx_with_a_broken_part_is_one_clear_line(tmp_path: Path) -> None:
    source = write_xlsx(tmp_path / "firms.xlsx", {"企业": firms_sheet()})
    with zipfile.ZipFile(source) as archive:
        parts = {name: archive.read(name) for name in archive.namelist()}
    sheet = next(name for name in parts if name.startswith("xl/worksheets/"))
    parts[sheet] = parts[sheet][: len(parts[sheet]) // 2]
    source.write_bytes(zipped(parts))
    with pytest.raises(DataError) as caught:
        read_layer(source, tmp_path)
    assert len(caught.value.problems) == 1
    assert str(caught.value).startswith("firms.xlsx: cannot be read as a workbook: ")


@pytest.mark.parametrize(
    "data, message",
    [
        (b"", "f.xlsx: is empty"),
        (
            b"<html><table><tr><td>name</td></tr></table></html>",
            "f.xlsx: is not a workbook: it does not start as",
        ),
        (
            b"\xd0\xcf\x11\xe0\xa1\xb1\x1a\xe1" + "EncryptedPackage".encode("utf-16-le"),
            "f.xlsx: is password-protected; save a copy without a password",
        ),
    ],
)
def test_files_that_are_not_workbooks(tmp_path: Path, data: bytes, message: str) -> None:
    source = tmp_path / "f.xlsx"
    source.write_bytes(data)
    with pytest.raises(DataError) as caught:
        read_layer(source, tmp_path)
    assert str(caught.value).startswith(message)


SHEET_HEAD = (
    b'<?xml version="1.0" encoding="UTF-8"?>'
    b'<worksheet xmlns="http://schemas.openxmlformats.org/spreadsheetml/2006/main"><sheetData>'
)
SHEET_TAIL = b"</sheetData></worksheet>"


def minimal_xlsx_parts() -> dict[str, bytes]:
    """The parts of a one-sheet workbook but for the sheet itself."""
    return {
        "[Content_Types].xml": b'<?xml version="1.0" encoding="UTF-8"?><Types xmlns="http://schemas.'
        b'openxmlformats.org/package/2006/content-types"><Default Extension="rels" ContentType="applic'
        b'ation/vnd.openxmlformats-package.relationships+xml"/><Default Extension="xml" ContentType="'
        b'application/xml"/></Types>',
        "_rels/.rels": b'<?xml version="1.0" encoding="UTF-8"?><Relationships xmlns="http://schemas.'
        b'openxmlformats.org/package/2006/relationships"><Relationship Id="rId1" Type="http://schemas.'
        b'openxmlformats.org/officeDocument/2006/relationships/officeDocument" Target="xl/workbook.xml"'
        b"/></Relationships>",
        "xl/workbook.xml": b'<?xml version="1.0" encoding="UTF-8"?><workbook xmlns="http://schemas.'
        b'openxmlformats.org/spreadsheetml/2006/main" xmlns:r="http://schemas.openxmlformats.org/'
        b'officeDocument/2006/relationships"><sheets><sheet name="S" sheetId="1" r:id="rId1"/></sheets>'
        b"</workbook>",
        "xl/_rels/workbook.xml.rels": b'<?xml version="1.0" encoding="UTF-8"?><Relationships xmlns="'
        b'http://schemas.openxmlformats.org/package/2006/relationships"><Relationship Id="rId1" Type="'
        b'http://schemas.openxmlformats.org/officeDocument/2006/relationships/worksheet" Target="'
        b'worksheets/sheet1.xml"/></Relationships>',
    }


def cells(*refs_and_values: tuple[str, str]) -> bytes:
    """Sheet XML with one inline-text cell per (reference, text), each in its own row."""
    rows = b"".join(
        f'<row r="{ref.lstrip("ABCDEFGHIJKLMNOPQRSTUVWXYZ")}"><c r="{ref}" t="inlineStr"><is><t>{text}'
        f"</t></is></c></row>".encode()
        for ref, text in refs_and_values
    )
    return SHEET_HEAD + rows + SHEET_TAIL


def test_the_minimal_workbook_these_tests_build_is_read(tmp_path: Path) -> None:
    source = tmp_path / "tiny.xlsx"
    source.write_bytes(
        zipped({**minimal_xlsx_parts(), "xl/worksheets/sheet1.xml": cells(("A1", "lat"), ("B1", "lon"))})
    )
    with pytest.raises(DataError, match=r"^tiny.xlsx: no row has a usable point"):
        read_layer(source, tmp_path)


def test_a_zip_bomb_is_refused_by_the_sizes_it_declares(tmp_path: Path) -> None:
    source = tmp_path / "bomb.xlsx"
    buffer = io.BytesIO()
    row = b'<row><c t="inlineStr"><is><t>x</t></is></c></row>' * 20_000
    with zipfile.ZipFile(buffer, "w", zipfile.ZIP_DEFLATED, compresslevel=1) as archive:
        for name, data in minimal_xlsx_parts().items():
            archive.writestr(name, data)
        with archive.open("xl/worksheets/sheet1.xml", "w", force_zip64=True) as part:
            part.write(SHEET_HEAD)
            for _ in range(MAX_UNPACKED_BYTES // len(row) + 1):
                part.write(row)
            part.write(SHEET_TAIL)
    source.write_bytes(buffer.getvalue())
    assert source.stat().st_size < 10_000_000  # over 512 MiB of XML in a few megabytes
    started = time.process_time()
    with pytest.raises(DataError) as caught:
        read_layer(source, tmp_path)
    assert time.process_time() - started < 0.5
    assert str(caught.value).startswith("bomb.xlsx: would unpack to 5")
    assert f"a workbook may unpack to at most {MAX_UNPACKED_BYTES:,}" in str(caught.value)


def test_a_part_that_unpacks_to_more_than_it_declares_is_refused(tmp_path: Path) -> None:
    """A zip whose directory understates a part's size: calamine's zip reader refuses it."""
    entries = [(n, d, None) for n, d in minimal_xlsx_parts().items()]
    entries.append(("xl/worksheets/sheet1.xml", SHEET_HEAD + b"<row></row>" * 5_000_000 + SHEET_TAIL, 1000))
    out, central = bytearray(), bytearray()
    for name, data, declared in entries:
        squeeze = zlib.compressobj(1, zlib.DEFLATED, -15)
        packed = squeeze.compress(data) + squeeze.flush()
        size = len(data) if declared is None else declared
        crc = zlib.crc32(data[:size])
        raw_name = name.encode()
        offset = len(out)
        out += struct.pack(
            "<4s5H3L2H", b"PK\x03\x04", 20, 0, 8, 0, 0, crc, len(packed), size, len(raw_name), 0
        )
        out += raw_name + packed
        central += struct.pack(
            "<4s6H3L5H2L",
            b"PK\x01\x02",
            20,
            20,
            0,
            8,
            0,
            0,
            crc,
            len(packed),
            size,
            len(raw_name),
            0,
            0,
            0,
            0,
            0,
            offset,
        )
        central += raw_name
    start = len(out)
    out += central + struct.pack(
        "<4s4H2LH", b"PK\x05\x06", 0, 0, len(entries), len(entries), len(central), start, 0
    )
    source = tmp_path / "liar.xlsx"
    source.write_bytes(bytes(out))
    with pytest.raises(DataError) as caught:
        read_layer(source, tmp_path)
    assert str(caught.value) == (
        "liar.xlsx: cannot be read as a workbook: "
        "I/O error: File is larger than its declared uncompressed size"
    )


def test_a_sheet_whose_used_area_is_over_the_limit_is_refused_with_its_size(tmp_path: Path) -> None:
    source = tmp_path / "wide.xlsx"
    sheet = cells(("A1", "lat"), ("B1", "lon"), ("J600000", "stray"))
    source.write_bytes(zipped({**minimal_xlsx_parts(), "xl/worksheets/sheet1.xml": sheet}))
    assert MAX_SHEET_CELLS < 600_000 * 10
    with pytest.raises(DataError) as caught:
        read_layer(source, tmp_path)
    assert str(caught.value) == (
        "wide.xlsx: sheet S: its used area is 600,000 rows by 10 columns (6,000,000 cells); a layer may have "
        "at most 5,000,000: delete the empty rows and columns below and to the right of the data, or save "
        "the sheet as CSV UTF-8"
    )


def test_a_sheet_spanning_all_of_excel_does_not_take_the_process_down(tmp_path: Path) -> None:
    # Two cells, A1 and XFD1048576: calamine would allocate 550 GB for the area between
    # them and abort the process. It runs in a capped process of its own.
    source = tmp_path / "corners.xlsx"
    sheet = cells(("A1", "lat"), ("XFD1048576", "x"))
    source.write_bytes(zipped({**minimal_xlsx_parts(), "xl/worksheets/sheet1.xml": sheet}))
    started = time.monotonic()
    with pytest.raises(DataError) as caught:
        read_layer(source, tmp_path)
    assert time.monotonic() - started < 30
    assert str(caught.value).startswith("corners.xlsx: cannot be read within 1,024 MB of memory: ")


# --- Through the command line, in a scratch project ----------------------------------------


def good_files(folder: Path) -> list[Path]:
    """One file of each kind a layer may come as, each with its points."""
    gbk = folder / "gbk_firms.csv"
    gbk.write_bytes(GBK_CSV.encode("gbk"))
    bom = folder / "bom_firms.csv"
    bom.write_bytes(codecs.BOM_UTF8 + GBK_CSV.encode("utf-8"))
    unicode_text = folder / "unicode_firms.txt"
    unicode_text.write_bytes(codecs.BOM_UTF16_LE + GBK_CSV.replace(",", "\t").encode("utf-16-le"))
    big5 = folder / "big5_firms.csv"
    big5.write_bytes("名稱,緯度,經度\n臺北科技,31.03,121.22\n".encode("big5"))
    (folder / "big5_firms.yaml").write_text("encoding: big5\nname: Big5 firms\n", encoding="utf-8")
    xlsx = write_xlsx(folder / "xlsx_firms.xlsx", {"说明": [["见第二页"]], "企业": firms_sheet()})
    (folder / "xlsx_firms.yaml").write_text("sheet: 企业\n", encoding="utf-8")
    return [
        gbk,
        bom,
        unicode_text,
        big5,
        xlsx,
        write_ods(folder / "ods_firms.ods", {"企业": firms_sheet()}),
        write_xls(folder / "xls_firms.xls", {"企业": firms_sheet()}),
    ]


def test_build_and_validate_take_every_kind_of_file(project: Project, tmp_path: Path) -> None:
    given = tmp_path / "given"
    given.mkdir()
    files = good_files(given)
    # geo/layers/ picks up a workbook too, but not Excel's lock file beside an open one.
    write_xlsx(
        project.path("geo/layers/parks.xlsx"), {"园区": [["名称", "lat", "lon"], ["G60 Park", 31.05, 121.22]]}
    )
    project.write_bytes("geo/layers/~$parks.xlsx", b"\x00" * 165)
    assert [p.name for p in layer_files(project.path("geo/layers"))] == ["parks.xlsx"]
    args = [arg for path in files for arg in ("--layer", str(path))]
    out = project.root / "map.html"
    built = mapgen("build", "--root", str(project.root), *args, "--out", str(out), cwd=project.root)
    assert built.returncode == 0, built.stderr
    assert "Traceback" not in built.stderr
    assert (
        f"{files[4].as_posix()}:6: sheet 企业, 纬度 (C6): is not a number: 'abc'; row skipped" in built.stderr
    )
    layers = {
        data["name"]: data
        for factory, data in payloads(out.read_text(encoding="utf-8"))
        if factory == "pointLayer"
    }
    assert {name: data["count"] for name, data in layers.items()} == {
        "Gbk firms": 2,
        "Bom firms": 2,
        "Unicode firms": 2,
        "Big5 firms": 1,
        "Xlsx firms": 2,
        "Ods firms": 2,
        "Xls firms": 2,
        "Parks": 1,
    }
    validated = mapgen("validate", "--root", str(project.root), *args, cwd=project.root)
    assert validated.returncode == 0, validated.stderr
    assert "14 points in 8 layers" in validated.stdout


def test_a_bad_workbook_fails_the_build_and_keeps_the_last_map(project: Project) -> None:
    project.write_bytes("geo/layers/cut.xlsx", b"PK\x03\x04" + b"\x00" * 100)
    out = project.root / "map.html"
    out.write_text("last good map", encoding="utf-8")
    result = mapgen("build", "--root", str(project.root), "--out", str(out), cwd=project.root)
    assert result.returncode == 2
    assert "geo/layers/cut.xlsx: is damaged or incomplete (was the copy cut short?)" in result.stderr
    assert "Traceback" not in result.stderr
    assert out.read_text(encoding="utf-8") == "last good map"


def test_a_wrong_sheet_in_the_settings_fails_validate(project: Project) -> None:
    write_xlsx(project.path("geo/layers/firms.xlsx"), {"企业": firms_sheet(), "园区": [["x"]]})
    project.write("geo/layers/firms.yaml", "sheet: Firms\n")
    result = mapgen("validate", "--root", str(project.root), cwd=project.root)
    assert result.returncode == 2
    assert (
        "geo/layers/firms.yaml:1: sheet: no sheet 'Firms' in geo/layers/firms.xlsx; its sheets: 企业, 园区"
        in (result.stderr)
    )
    assert "Traceback" not in result.stderr


# --- Any bytes: a layer, or problems on one line each ---------------------------------------


def layer_or_problems(path: Path, data: bytes) -> None:
    """Reading ``data`` as ``path`` gives a layer or DataError, each problem one line naming it."""
    path.write_bytes(data)
    try:
        read_layer(path, path.parent)
    except DataError as error:
        assert error.problems
        for problem in error.problems:
            assert problem.path == path.name and problem.line >= 0 and "\n" not in str(problem)


@settings(max_examples=200, derandomize=True, deadline=None)
@given(
    bom=st.sampled_from([b"", codecs.BOM_UTF8, codecs.BOM_UTF16_LE, codecs.BOM_UTF16_BE]),
    body=st.binary(max_size=200),
    text=st.sampled_from(["", "名称,纬度,经度\n松江,31.03,121.22\n", "lat\tlon\n31\t121\n"]),
    codec=st.sampled_from(["utf-8", "gbk", "utf-16-le", "utf-16-be"]),
)
def test_any_bytes_in_any_encoding_are_a_layer_or_refused(
    tmp_path_factory: pytest.TempPathFactory, bom: bytes, body: bytes, text: str, codec: str
) -> None:
    folder = tmp_path_factory.mktemp("any", numbered=True)
    layer_or_problems(folder / "any.csv", bom + text.encode(codec) + body)


@settings(max_examples=25, derandomize=True, deadline=None)
@given(flips=st.lists(st.tuples(st.integers(0, 100_000), st.integers(1, 255)), min_size=1, max_size=4))
def test_a_damaged_workbook_is_a_layer_or_refused_in_one_line(
    tmp_path_factory: pytest.TempPathFactory, flips: list[tuple[int, int]]
) -> None:
    # Bits flipped anywhere: in the zip's directory, in a compressed part, in its checksum.
    folder = tmp_path_factory.mktemp("damaged", numbered=True)
    whole = bytearray(write_xlsx(folder / "whole.xlsx", {"企业": firms_sheet()}).read_bytes())
    for at, bits in flips:
        whole[at % len(whole)] ^= bits
    layer_or_problems(folder / "damaged.xlsx", bytes(whole))
