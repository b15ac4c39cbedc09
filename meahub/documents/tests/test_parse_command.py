"""``meahub parse FILE [--json]``: the JSON contract, the summary and the refusals."""

from __future__ import annotations

import io
import json

import pytest
from django.core.management import call_command, execute_from_command_line
from django.core.management.base import CommandError

from meahub.documents.extraction import UnreadableDocument, decode_text, read_document_text

RESOLUTION = (
    "WORKING TOGETHER\n\n"
    "Adopted by the Conference of the Parties at its Ninth Meeting (Rome, 1-5 December 2008)\n\n"
    "Recalling Resolution 7.9,\n\n"
    "1. Requests the Secretariat and invites partner organizations to report;\n\n"
    "2. Urges Parties to take part in\n"
    "(a) the first meeting;\n"
    "(b) the second meeting.\n"
)


def run_parse(*args: str) -> str:
    out = io.StringIO()
    call_command("parse", *args, stdout=out)
    return out.getvalue()


def test_user_gets_the_structure_of_a_text_file_as_json(tmp_path):
    path = tmp_path / "res.txt"
    path.write_text(RESOLUTION, encoding="utf-8")

    data = json.loads(run_parse(str(path), "--json"))

    assert data == {
        "symbol": None,
        "title": "Working Together",
        "kind": "resolution",
        "date": None,
        "meeting": {
            "name": "9th Meeting of the Conference of the Parties",
            "place": "Rome",
            "dates": "2008-12-01/2008-12-05",
        },
        "paragraphs": [
            {
                "section": "preamble",
                "number": None,
                "text": "Recalling Resolution 7.9,",
                "verbs": [],
                "subitems": [],
            },
            {
                "section": "operative",
                "number": "1",
                "text": "Requests the Secretariat and invites partner organizations to report;",
                "verbs": [
                    {"verb": "requests", "actors": ["Secretariat"]},
                    {"verb": "invites", "actors": ["partner organisations"]},
                ],
                "subitems": [],
            },
            {
                "section": "operative",
                "number": "2",
                "text": "Urges Parties to take part in",
                "verbs": [{"verb": "urges", "actors": ["Parties"]}],
                "subitems": [
                    {"label": "(a)", "text": "the first meeting;"},
                    {"label": "(b)", "text": "the second meeting."},
                ],
            },
        ],
        "references": [{"kind": "resolution", "ref": "Resolution 7.9"}],
    }


def test_user_gets_a_short_summary_without_json(tmp_path):
    path = tmp_path / "res.md"
    path.write_text(RESOLUTION, encoding="utf-8")

    lines = run_parse(str(path)).splitlines()

    assert lines == [
        f'{path}: resolution "Working Together"',
        "meeting: 9th Meeting of the Conference of the Parties (Rome, 2008-12-01/2008-12-05)",
        "paragraphs: 1 preamble, 2 operative",
        "verbs: requests 1, invites 1, urges 1",
        "references: 1 (1 resolution)",
    ]


def test_user_parses_a_seed_document_to_json(seeds_dir, tmp_path):
    data = json.loads(run_parse(str(seeds_dir / "003_b9f36b7d92af07bf.txt"), "--json"))

    assert data["symbol"] == "UNEP/CMS/Resolution 11.10 (Rev.COP14)"
    assert [p["number"] for p in data["paragraphs"] if p["section"] == "operative"] == [
        str(n) for n in range(1, 34)
    ]


def test_parse_refuses_a_missing_file(tmp_path):
    path = tmp_path / "absent.txt"

    with pytest.raises(CommandError) as error:
        run_parse(str(path))

    assert str(error.value) == f"{path}: no such file"


def test_parse_refuses_an_empty_file(tmp_path):
    path = tmp_path / "empty.txt"
    path.write_bytes(b"  \n\n ")

    with pytest.raises(CommandError) as error:
        run_parse(str(path), "--json")

    assert str(error.value) == f"{path}: the file is empty"


def test_parse_refuses_binary_junk(tmp_path):
    path = tmp_path / "junk.txt"
    path.write_bytes(b"\x89PNG\r\n\x1a\n\x00\x00\x00\rIHDR")

    with pytest.raises(CommandError) as error:
        run_parse(str(path))

    assert str(error.value) == f"{path}: this is a binary file, not text"


def test_parse_refuses_text_in_an_encoding_it_cannot_tell(tmp_path):
    path = tmp_path / "odd.txt"
    path.write_bytes(b"caf\xe9 \x81\x8d\x8f")

    with pytest.raises(CommandError) as error:
        run_parse(str(path))

    assert str(error.value) == (
        f"{path}: cannot tell the text encoding (not UTF-8, UTF-16 or Windows-1252); "
        "save it as UTF-8"
    )


def test_parse_refuses_an_unsupported_file_type(tmp_path):
    path = tmp_path / "sheet.xlsx"
    path.write_bytes(b"PK\x03\x04")

    with pytest.raises(CommandError) as error:
        run_parse(str(path))

    assert str(error.value) == (
        f'{path}: unsupported file type ".xlsx" (use .txt, .md, .pdf or .docx)'
    )


def test_parse_refuses_a_file_over_the_size_limit(tmp_path, settings):
    settings.MEAHUB_MAX_DOCUMENT_BYTES = 10
    path = tmp_path / "long.txt"
    path.write_text("1. A paragraph longer than ten bytes.", encoding="utf-8")

    with pytest.raises(CommandError) as error:
        run_parse(str(path))

    assert str(error.value) == f"{path}: the file is 37 bytes, over the limit of 10 bytes"


def test_parse_on_the_command_line_prints_one_line_and_exits_non_zero(tmp_path, capsys):
    path = tmp_path / "absent.md"

    with pytest.raises(SystemExit) as exit_:
        execute_from_command_line(["meahub", "parse", str(path), "--json"])

    assert exit_.value.code == 1
    assert capsys.readouterr().err == f"CommandError: {path}: no such file\n"


def test_text_files_in_utf16_and_windows_1252_are_read(tmp_path):
    utf16 = tmp_path / "utf16.txt"
    utf16.write_bytes("1. Café reports.".encode("utf-16"))
    latin = tmp_path / "latin.txt"
    latin.write_bytes("1. Café reports – late.".encode("cp1252"))

    assert read_document_text(utf16) == "1. Café reports."
    assert read_document_text(latin) == "1. Café reports – late."


def test_a_directory_is_refused_by_name(tmp_path):
    folder = tmp_path / "folder.txt"
    folder.mkdir()

    with pytest.raises(UnreadableDocument) as error:
        read_document_text(folder)

    assert str(error.value) == f"{folder}: is a directory, not a file"


def test_text_with_many_control_characters_is_binary():
    with pytest.raises(UnreadableDocument) as error:
        decode_text(b"\x01\x02\x03\x04 abc", "x.txt")

    assert str(error.value) == "x.txt: this is a binary file, not text"
