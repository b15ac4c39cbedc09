"""``meahub align OLD NEW [--json]`` on files: the JSON contract, the table and the refusals."""

from __future__ import annotations

import io
import json
from pathlib import Path

import pytest
from django.core.management import call_command, execute_from_command_line
from django.core.management.base import CommandError

OLD_VERSION = (
    "BIRDS AND WETLANDS\n\n"
    "Recalling Resolution 7.9,\n\n"
    "1. Requests the Secretariat to prepare a report on the status of migratory waterbirds "
    "along the African-Eurasian flyway;\n\n"
    "2. Invites non-governmental organizations to share satellite tracking data on raptors "
    "with the Scientific Council;\n\n"
    "3. Encourages Parties to phase out the use of lead ammunition in wetlands by 2030;\n"
)
NEW_VERSION = (
    "BIRDS AND WETLANDS\n\n"
    "Recalling Resolution 7.9,\n\n"
    "1. Calls on Range States to restore degraded stopover sites for shorebirds in the Sahel;\n\n"
    "2. Requests the Secretariat to prepare a report on the status of migratory waterbirds "
    "along the African-Eurasian flyway;\n\n"
    "3. Encourages Parties to phase out the use of lead ammunition in wetlands by 2030;\n"
)


def run_align(*args: str) -> str:
    out = io.StringIO()
    call_command("align", *args, stdout=out)
    return out.getvalue()


@pytest.fixture
def versions(tmp_path: Path) -> tuple[Path, Path]:
    old, new = tmp_path / "old.txt", tmp_path / "new.md"
    old.write_text(OLD_VERSION, encoding="utf-8")
    new.write_text(NEW_VERSION, encoding="utf-8")
    return old, new


def test_user_gets_the_alignment_of_two_files_as_json(versions):
    old, new = versions

    data = json.loads(run_align(str(old), str(new), "--json"))

    assert data == {
        "pairs": [
            {"old": "preamble-1", "new": "preamble-1", "score": 1.0},
            {"old": "1", "new": "2", "score": 1.0},
            {"old": "3", "new": "3", "score": 1.0},
        ],
        "unmatched_old": ["2"],
        "unmatched_new": ["1"],
    }


def test_user_gets_a_table_without_json(versions):
    old, new = versions

    lines = run_align(str(old), str(new)).splitlines()

    assert lines == [
        f"old: {old}",
        f"new: {new}",
        "preamble-1 -> preamble-1  1.00",
        "1          -> 2           1.00",
        "3          -> 3           1.00",
        "unmatched old: 2",
        "unmatched new: 1",
    ]


def test_align_refuses_a_missing_file(versions, tmp_path):
    old, _ = versions
    missing = tmp_path / "absent.txt"

    with pytest.raises(CommandError) as error:
        run_align(str(old), str(missing))

    assert str(error.value) == f"{missing}: no such file"


def test_align_refuses_an_empty_file(versions, tmp_path):
    _, new = versions
    empty = tmp_path / "empty.md"
    empty.write_text(" \n", encoding="utf-8")

    with pytest.raises(CommandError) as error:
        run_align(str(empty), str(new), "--json")

    assert str(error.value) == f"{empty}: the file is empty"


def test_align_refuses_a_file_it_cannot_read(versions, tmp_path):
    old, _ = versions
    sheet = tmp_path / "sheet.xlsx"
    sheet.write_bytes(b"PK\x03\x04")

    with pytest.raises(CommandError) as error:
        run_align(str(old), str(sheet))

    assert str(error.value) == (
        f'{sheet}: unsupported file type ".xlsx" (use .txt, .md, .pdf or .docx)'
    )


def test_align_on_the_command_line_prints_one_line_and_exits_non_zero(versions, tmp_path, capsys):
    old, _ = versions
    missing = tmp_path / "absent.md"

    with pytest.raises(SystemExit) as exit_:
        execute_from_command_line(["meahub", "align", str(old), str(missing), "--json"])

    assert exit_.value.code == 1
    assert capsys.readouterr().err == f"CommandError: {missing}: no such file\n"


def test_user_aligns_the_two_seed_resolutions(seeds_dir):
    data = json.loads(
        run_align(
            str(seeds_dir / "001_7ea8623ac23b0239.txt"),
            str(seeds_dir / "003_b9f36b7d92af07bf.txt"),
            "--json",
        )
    )

    assert {"old": "12", "new": "4", "score": 1.0} in data["pairs"]
    assert "4" in data["unmatched_old"]
