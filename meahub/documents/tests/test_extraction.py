"""Getting text out of uploaded bytes and files: what a user gets back, and how each bad
file is refused (one line naming the file and the reason, never another exception).

The refusals of ``meahub parse`` for a missing file, a directory and the text encodings
read are in ``test_parse_command.py``.
"""

from __future__ import annotations

import io
import os
import zipfile

import docx
import pypdf
import pytest
from django.conf import settings
from hypothesis import HealthCheck, given
from hypothesis import settings as hypothesis_settings
from hypothesis import strategies as st

from meahub.documents.extraction import (
    DEFAULT_MAX_BYTES,
    UnreadableDocument,
    extract_text,
    read_document_text,
)
from meahub.documents.parser import parse_text
from meahub.tests.pdfgen import make_image_only_pdf, make_pdf

PAGE_ONE = "UNEP/CMS/Resolution 90.1\nSHARED FLYWAYS\n1. Requests the Secretariat to report;"
PAGE_TWO = "2. Urges Parties to act (now) – with Café funds."


def docx_bytes(document: docx.document.Document) -> bytes:
    out = io.BytesIO()
    document.save(out)
    return out.getvalue()


def encrypted_pdf(*, user_password: str, owner_password: str) -> bytes:
    writer = pypdf.PdfWriter(clone_from=io.BytesIO(make_pdf(["Confidential minutes"])))
    writer.encrypt(user_password, owner_password)
    out = io.BytesIO()
    writer.write(out)
    return out.getvalue()


def ole_file(*stream_names: str) -> bytes:
    """The start of an OLE compound file holding streams of these names (as Office writes
    an encrypted DOCX, or a Word 97-2003 .doc)."""
    header = b"\xd0\xcf\x11\xe0\xa1\xb1\x1a\xe1" + bytes(504)
    directory = b"".join(name.encode("utf-16-le").ljust(64, b"\x00") for name in stream_names)
    return header + directory


def refusal(data: bytes, name: str, **options: int) -> str:
    with pytest.raises(UnreadableDocument) as error:
        extract_text(data, name, **options)
    return str(error.value)


# --- what a user gets back --------------------------------------------------------------


def test_a_text_pdf_gives_its_lines_with_pages_separated_by_form_feeds():
    text = extract_text(make_pdf([PAGE_ONE, PAGE_TWO]), "res.pdf")

    assert text == f"{PAGE_ONE}\f{PAGE_TWO}"


def test_the_text_of_a_pdf_parses_into_its_numbered_paragraphs():
    parsed = parse_text(extract_text(make_pdf([PAGE_ONE, PAGE_TWO]), "res.pdf"))

    assert parsed.symbol == "UNEP/CMS/Resolution 90.1"
    assert [p.number for p in parsed.section("operative")] == ["1", "2"]


def test_a_pdf_with_text_on_only_some_pages_gives_the_text_there_is():
    data = make_pdf(["", "", "Annex 2: the list of sites", ""])

    assert extract_text(data, "mostly-scanned.pdf") == "\f\fAnnex 2: the list of sites\f"


def test_a_pdf_locked_only_against_editing_is_read():
    data = encrypted_pdf(user_password="", owner_password="owner-secret")

    assert extract_text(data, "locked.pdf") == "Confidential minutes"


def test_a_docx_gives_its_paragraphs_and_tables_in_document_order():
    document = docx.Document()
    document.add_paragraph("1. Requests the Secretariat to report;")
    table = document.add_table(rows=2, cols=2)
    table.cell(0, 0).text = "Party"
    table.cell(0, 1).text = "Report due"
    table.cell(1, 0).text = "Uzbekistan"
    table.cell(1, 1).paragraphs[0].text = "2026"
    table.cell(1, 1).add_paragraph("(late)")
    document.add_paragraph("2. Urges Parties to submit their reports.")

    text = extract_text(docx_bytes(document), "decision.docx")

    assert text.split("\n") == [
        "1. Requests the Secretariat to report;",
        "Party",
        "Report due",
        "Uzbekistan",
        "2026",
        "(late)",
        "2. Urges Parties to submit their reports.",
    ]


def test_a_merged_table_cell_of_a_docx_is_read_once():
    document = docx.Document()
    table = document.add_table(rows=2, cols=2)
    table.cell(0, 0).merge(table.cell(1, 1)).text = "One cell over four"

    assert extract_text(docx_bytes(document), "merged.docx") == "One cell over four"


def test_word_automatic_list_numbers_are_not_in_the_text_of_a_docx():
    # python-docx does not compute list numbers; the parser infers what it can.
    document = docx.Document()
    document.add_paragraph("Requests the Secretariat to report;", style="List Number")
    document.add_paragraph("Urges Parties to act.", style="List Number")

    text = extract_text(docx_bytes(document), "numbered.docx")

    assert text == "Requests the Secretariat to report;\nUrges Parties to act."


def test_short_french_text_in_windows_1252_is_read():
    assert extract_text("Été à Genève".encode("cp1252"), "note.txt") == "Été à Genève"


def test_the_file_type_is_told_by_the_suffix_whatever_its_case():
    assert extract_text(make_pdf(["Minutes"]), "MINUTES.PDF") == "Minutes"


def test_a_pdf_file_on_disk_is_read(tmp_path):
    path = tmp_path / "res.pdf"
    path.write_bytes(make_pdf([PAGE_ONE]))

    assert read_document_text(path) == PAGE_ONE


def test_the_test_pdf_writer_writes_pdfs_a_strict_reader_reads_without_repair():
    reader = pypdf.PdfReader(io.BytesIO(make_pdf([PAGE_ONE, "", PAGE_TWO])), strict=True)

    assert [page.extract_text() for page in reader.pages] == [PAGE_ONE, "", PAGE_TWO]


def test_the_test_pdf_writer_refuses_text_winansi_cannot_encode():
    with pytest.raises(ValueError, match="WinAnsi"):
        make_pdf(["Доклад"])


# --- refusals --------------------------------------------------------------------------


@pytest.mark.parametrize("name", ["empty.txt", "empty.pdf", "empty.docx"])
def test_an_empty_file_is_refused_as_empty(name):
    assert refusal(b"", name) == f"{name}: the file is empty"


def test_a_file_of_white_space_is_refused_as_empty():
    assert refusal(b" \n\t\r\n  ", "blank.md") == "blank.md: the file is empty"


def test_binary_junk_named_txt_is_refused_as_binary():
    junk = bytes(range(1, 32)) * 4 + b"abc"

    assert refusal(junk, "junk.txt") == "junk.txt: this is a binary file, not text"


def test_text_full_of_c1_control_characters_is_refused_as_binary():
    data = ("\x85\x90\x9a" * 10 + "some words").encode("utf-8")

    assert refusal(data, "c1.txt") == "c1.txt: this is a binary file, not text"


def test_binary_junk_named_pdf_is_refused_as_not_a_pdf():
    assert refusal(b"\x89PNG\r\n\x1a\n\x00\x00\x00\rIHDR", "photo.pdf") == (
        "photo.pdf: not a readable PDF (it has no PDF header)"
    )


def test_a_scanned_pdf_is_refused_saying_no_ocr():
    assert refusal(make_image_only_pdf(3), "scan.pdf") == (
        "scan.pdf: the PDF has no text layer (scanned?); OCR is not done"
    )


def test_a_password_protected_pdf_is_refused_as_encrypted():
    data = encrypted_pdf(user_password="open-sesame", owner_password="owner-secret")

    assert refusal(data, "secret.pdf") == "secret.pdf: the PDF is encrypted"


def test_a_truncated_pdf_is_refused_as_unreadable():
    data = make_pdf([PAGE_ONE, PAGE_TWO])

    message = refusal(data[: len(data) // 2], "cut.pdf")

    assert message.startswith("cut.pdf: not a readable PDF (")


def test_a_zip_that_is_not_a_docx_is_refused_as_unreadable():
    out = io.BytesIO()
    with zipfile.ZipFile(out, "w") as archive:
        archive.writestr("notes.txt", "not a Word document")

    message = refusal(out.getvalue(), "notes.docx")

    assert message.startswith("notes.docx: not a readable DOCX file (")


def test_a_truncated_docx_is_refused_as_unreadable():
    data = docx_bytes(docx.Document())

    assert refusal(data[:4000], "cut.docx") == (
        "cut.docx: not a readable DOCX file (File is not a zip file)"
    )


def test_an_encrypted_docx_is_refused_as_password_protected():
    data = ole_file("Root Entry", "EncryptionInfo", "EncryptedPackage")

    assert refusal(data, "locked.docx") == (
        "locked.docx: the DOCX file is encrypted (password-protected)"
    )


def test_an_old_word_document_named_docx_is_refused_saying_save_as_docx():
    data = ole_file("Root Entry", "WordDocument", "1Table")

    assert refusal(data, "old.docx") == (
        "old.docx: this is an old Word .doc file, not DOCX; save it as .docx"
    )


def test_a_docx_that_unpacks_far_beyond_the_size_limit_is_refused():
    document = docx.Document()
    document.add_paragraph("a" * 2_000_000)
    data = docx_bytes(document)

    message = refusal(data, "bomb.docx", max_bytes=len(data))

    assert message.startswith("bomb.docx: the DOCX file unpacks to ")
    assert message.endswith(f"bytes, over the limit of {10 * len(data):,} bytes")


def test_text_in_an_unknown_encoding_is_refused_naming_the_encodings_tried():
    data = "Доклад о ходе осуществления резолюции".encode("cp1251")

    assert refusal(data, "report.txt") == (
        "report.txt: cannot tell the text encoding (not UTF-8, UTF-16 or Windows-1252); "
        "save it as UTF-8"
    )


def test_utf8_text_with_a_stray_byte_is_refused_saying_where():
    data = "Café – résumé ".encode() + b"\xff"

    assert refusal(data, "notes.txt") == (
        "notes.txt: the text is not valid UTF-8 (invalid start byte at offset 19)"
    )


def test_a_document_over_the_size_limit_is_refused_with_both_sizes():
    data = b"1. Requests the Secretariat to report."

    assert refusal(data, "long.txt", max_bytes=10) == (
        "long.txt: the file is 38 bytes, over the limit of 10 bytes"
    )


def test_the_document_size_limit_is_50_mb_unless_configured():
    if "MEAHUB_MAX_DOCUMENT_BYTES" in os.environ:
        pytest.skip("MEAHUB_MAX_DOCUMENT_BYTES is set in the environment")

    assert settings.MEAHUB_MAX_DOCUMENT_BYTES == DEFAULT_MAX_BYTES == 50 * 1024 * 1024


@pytest.mark.parametrize("name", ["sheet.xlsx", "README"])
def test_an_unsupported_file_type_is_refused(name):
    suffix = ".xlsx" if name.endswith(".xlsx") else "(none)"

    assert refusal(b"PK\x03\x04", name) == (
        f'{name}: unsupported file type "{suffix}" (use .txt, .md, .pdf or .docx)'
    )


def test_a_refusal_stays_on_one_line_whatever_the_file_is_called():
    assert refusal(b"", "minutes\nof the meeting.txt") == (
        "minutes?of the meeting.txt: the file is empty"
    )


# --- whatever the bytes: text or a one-line refusal ------------------------------------

SAMPLE_PDF = make_pdf([PAGE_ONE, PAGE_TWO])
_SAMPLE_DOCX = docx.Document()
_SAMPLE_DOCX.add_paragraph(PAGE_ONE)
SAMPLE_DOCX = docx_bytes(_SAMPLE_DOCX)


@st.composite
def damaged(draw: st.DrawFn, original: bytes) -> bytes:
    """``original`` cut short, or with a run of its bytes overwritten."""
    data = bytearray(original)
    start = draw(st.integers(0, len(data) - 1))
    if draw(st.booleans()):
        return bytes(data[:start])
    patch = draw(st.binary(min_size=1, max_size=64))
    data[start : start + len(patch)] = patch
    return bytes(data)


def assert_text_or_refusal(data: bytes, name: str) -> None:
    try:
        text = extract_text(data, name)
    except UnreadableDocument as error:
        message = str(error)
        assert message.startswith(f"{name}: ")
        assert "\n" not in message
    else:
        assert text.strip()


@hypothesis_settings(database=None, deadline=None, max_examples=200)
@given(data=st.binary(max_size=2048), suffix=st.sampled_from([".txt", ".pdf", ".docx", ".md"]))
def test_any_bytes_give_text_or_a_one_line_refusal(data, suffix):
    assert_text_or_refusal(data, f"upload{suffix}")


@hypothesis_settings(
    database=None, deadline=None, max_examples=100, suppress_health_check=[HealthCheck.too_slow]
)
@given(data=damaged(SAMPLE_PDF))
def test_a_damaged_pdf_gives_text_or_a_one_line_refusal(data):
    assert_text_or_refusal(data, "damaged.pdf")


@hypothesis_settings(
    database=None, deadline=None, max_examples=100, suppress_health_check=[HealthCheck.too_slow]
)
@given(data=damaged(SAMPLE_DOCX))
def test_a_damaged_docx_gives_text_or_a_one_line_refusal(data):
    assert_text_or_refusal(data, "damaged.docx")


def test_a_nul_character_inside_extracted_text_is_dropped(monkeypatch):
    from meahub.documents import extraction

    monkeypatch.setattr(extraction, "_pdf_text", lambda data, name: "Requests the\x00 Secretariat")

    assert extract_text(b"%PDF-1.4 whatever", "report.pdf") == "Requests the Secretariat"
