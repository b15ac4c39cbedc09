"""Getting the text out of a document: .txt and .md directly, .pdf through pypdf, .docx
through python-docx.

``extract_text(data, name)`` returns the text of a document's bytes (an upload, say), the
type told by the suffix of ``name``; ``read_document_text(path)`` reads a file and does the
same. Both raise ``UnreadableDocument`` whose message is one line naming the file and the
reason, and never let another exception out for a bad file. Refused: a missing file or a
directory, an empty file (or one with only white space), a file over the size limit, an
unknown extension, binary junk, text in an encoding it cannot tell, a PDF without a text
layer (no OCR is done), a PDF that needs a password, a corrupt PDF or DOCX, an encrypted
DOCX, an old Word .doc named .docx.

Text files: UTF-8 (with or without a byte-order mark) and UTF-16 with a byte-order mark are
read as such; anything else is read as Windows-1252 only if the result looks like text (few
control characters, words in Latin letters), since Windows-1252 decodes almost any bytes.
PDF: the text of each page, pages separated by a form feed ("\\f", which the parser takes
for a page break); pages without text are kept empty. DOCX: paragraphs and the paragraphs
of tables, in document order; Word's automatic list numbers are not in the text (python-docx
does not compute them).
"""

from __future__ import annotations

import io
import re
import zipfile
from collections.abc import Iterator
from pathlib import Path, PurePath

import docx
import pypdf
from docx.blkcntnr import BlockItemContainer
from docx.document import Document
from docx.table import Table

DEFAULT_MAX_BYTES = 50 * 1024 * 1024
TEXT_SUFFIXES = frozenset({".txt", ".md", ".markdown", ".text"})
SUFFIXES = TEXT_SUFFIXES | {".pdf", ".docx"}
_CONTROL_SHARE = 0.05
# In Windows-1252 text of a Western European language nearly every word of three letters or
# more has an ASCII letter; text in another 8-bit encoding (Cyrillic, Greek, ...) read as
# Windows-1252 gives words made only of accented letters ("Ïðèâåò").
_FOREIGN_WORD_SHARE = 0.2
_UNPACK_FACTOR = 10  # a DOCX may unpack to ten times the size limit, no more
_OLE_MAGIC = b"\xd0\xcf\x11\xe0"  # an OLE compound file: a legacy .doc, or encrypted OOXML
_WORD = re.compile(r"[^\W\d_]{3,}")
_ASCII_LETTER = re.compile(r"[A-Za-z]")
_UTF8_SEQUENCE = re.compile(
    rb"[\xc2-\xdf][\x80-\xbf]|[\xe0-\xef][\x80-\xbf]{2}|[\xf0-\xf4][\x80-\xbf]{3}"
)
_HIGH_BYTE = re.compile(rb"[\x80-\xff]")
_CONTROL = re.compile("[\x00-\x08\x0b\x0e-\x1f\x7f-\x9f]")
_CONTROL_OR_BREAK = re.compile("[\x00-\x1f\x7f-\x9f\u2028\u2029]")


class UnreadableDocument(Exception):
    """A document file that cannot be read; the message names the file and the reason."""


def _one_line(error: BaseException, limit: int = 200) -> str:
    """A library's error message on one line, cut to ``limit`` characters."""
    text = " ".join(str(error).split()) or type(error).__name__
    return text if len(text) <= limit else text[: limit - 1] + "…"


def _control_count(text: str) -> int:
    """Control characters other than line breaks and tabs (C0, DEL and C1)."""
    return len(_CONTROL.findall(text))


def _looks_like_windows_1252(text: str) -> bool:
    """Whether ``text`` (decoded as Windows-1252) reads as a Western European language."""
    words = _WORD.findall(text)
    foreign = sum(1 for word in words if _ASCII_LETTER.search(word) is None)
    return "\ufffd" not in text and foreign <= _FOREIGN_WORD_SHARE * len(words)


def _mostly_utf8(data: bytes) -> bool:
    """Whether most non-ASCII bytes of ``data`` form UTF-8 sequences (UTF-8 with a few bad
    bytes, which read as Windows-1252 would give "CafÃ©")."""
    encoded = sum(len(m.group(0)) for m in _UTF8_SEQUENCE.finditer(data))
    return encoded > 0.5 * len(_HIGH_BYTE.findall(data))


def decode_text(data: bytes, name: str) -> str:
    """Decode the bytes of a text file, or raise ``UnreadableDocument``."""
    boms = (
        (b"\xef\xbb\xbf", "utf-8-sig"),
        (b"\xff\xfe", "utf-16"),
        (b"\xfe\xff", "utf-16"),
    )
    binary = UnreadableDocument(f"{name}: this is a binary file, not text")
    for bom, encoding in boms:
        if data.startswith(bom):
            try:
                text = data.decode(encoding)
            except UnicodeDecodeError as error:
                raise UnreadableDocument(
                    f"{name}: the text is not valid {encoding.upper()} ({error.reason})"
                ) from error
            if _control_count(text) > _CONTROL_SHARE * len(text):
                raise binary
            return text
    if b"\x00" in data:
        raise binary
    try:
        text = data.decode("utf-8")
    except UnicodeDecodeError as error:
        if _mostly_utf8(data):
            raise UnreadableDocument(
                f"{name}: the text is not valid UTF-8 ({error.reason} at offset {error.start})"
            ) from error
        # Five bytes have no character in Windows-1252: they become U+FFFD, and refuse it.
        text = data.decode("cp1252", errors="replace")
        if _control_count(text) > _CONTROL_SHARE * len(text):
            raise binary from error
        if not _looks_like_windows_1252(text):
            raise UnreadableDocument(
                f"{name}: cannot tell the text encoding (not UTF-8, UTF-16 or Windows-1252); "
                "save it as UTF-8"
            ) from error
        return text
    if _control_count(text) > _CONTROL_SHARE * len(text):
        raise binary
    return text


def _decrypts_without_password(reader: pypdf.PdfReader) -> bool:
    """Whether an encrypted PDF opens with the empty user password (only its owner password
    is set: it restricts printing or editing, not reading)."""
    try:
        return reader.decrypt("") != pypdf.PasswordType.NOT_DECRYPTED
    except Exception:  # e.g. AES without a crypto library installed: treat as locked
        return False


def _pdf_text(data: bytes, name: str) -> str:
    if b"%PDF-" not in data[:1024]:  # where readers look for the header
        raise UnreadableDocument(f"{name}: not a readable PDF (it has no PDF header)")
    try:
        reader = pypdf.PdfReader(io.BytesIO(data))
        if reader.is_encrypted and not _decrypts_without_password(reader):
            raise UnreadableDocument(f"{name}: the PDF is encrypted")
        pages = [page.extract_text() or "" for page in reader.pages]
    except UnreadableDocument:
        raise
    except Exception as error:  # pypdf raises many kinds of error on a corrupt file
        raise UnreadableDocument(f"{name}: not a readable PDF ({_one_line(error)})") from error
    if not any(page.strip() for page in pages):
        raise UnreadableDocument(f"{name}: the PDF has no text layer (scanned?); OCR is not done")
    return "\f".join(pages)


def _block_lines(container: Document | BlockItemContainer) -> Iterator[str]:
    """The paragraphs of a document body or table cell, tables' paragraphs included, in
    document order."""
    for block in container.iter_inner_content():
        if isinstance(block, Table):
            yield from _table_lines(block)
        else:
            yield block.text


def _table_lines(table: Table) -> Iterator[str]:
    seen: set[object] = set()
    for row in table.rows:
        for cell in row.cells:
            # A merged cell is given once per grid column and row it spans; read it once.
            if cell._tc in seen:
                continue
            seen.add(cell._tc)
            yield from _block_lines(cell)


def _docx_text(data: bytes, name: str, max_bytes: int) -> str:
    if data.startswith(_OLE_MAGIC):
        if "WordDocument".encode("utf-16-le") in data:
            raise UnreadableDocument(
                f"{name}: this is an old Word .doc file, not DOCX; save it as .docx"
            )
        raise UnreadableDocument(f"{name}: the DOCX file is encrypted (password-protected)")
    try:
        with zipfile.ZipFile(io.BytesIO(data)) as archive:
            unpacked = sum(member.file_size for member in archive.infolist())
        if unpacked > _UNPACK_FACTOR * max_bytes:
            raise UnreadableDocument(
                f"{name}: the DOCX file unpacks to {unpacked:,} bytes, over the limit of "
                f"{_UNPACK_FACTOR * max_bytes:,} bytes"
            )
        return "\n".join(_block_lines(docx.Document(io.BytesIO(data))))
    except UnreadableDocument:
        raise
    except Exception as error:  # zipfile, lxml and python-docx errors on a corrupt file
        raise UnreadableDocument(
            f"{name}: not a readable DOCX file ({_one_line(error)})"
        ) from error


def _printable(name: str) -> str:
    """``name`` with control characters (a line break in an uploaded file's name) as "?",
    so that a message stays on one line."""
    return _CONTROL_OR_BREAK.sub("?", name)


def _check_suffix(name: str, suffix: str) -> None:
    if suffix not in SUFFIXES:
        raise UnreadableDocument(
            f'{name}: unsupported file type "{suffix or "(none)"}" (use .txt, .md, .pdf or .docx)'
        )


def extract_text(data: bytes, name: str, *, max_bytes: int = DEFAULT_MAX_BYTES) -> str:
    """The text of a document given as bytes; ``name`` (a file name or path) tells its type
    by its suffix and names it in messages. Raises ``UnreadableDocument`` (see the module
    doc for what is refused)."""
    suffix = PurePath(name).suffix.lower()
    name = _printable(name)
    _check_suffix(name, suffix)
    if len(data) > max_bytes:
        raise UnreadableDocument(
            f"{name}: the file is {len(data):,} bytes, over the limit of {max_bytes:,} bytes"
        )
    if not data.strip():
        raise UnreadableDocument(f"{name}: the file is empty")
    if suffix == ".pdf":
        text = _pdf_text(data, name)
    elif suffix == ".docx":
        text = _docx_text(data, name, max_bytes)
    else:
        text = decode_text(data, name)
    # A NUL can come out of a PDF or DOCX; no database text column may hold one.
    text = text.replace("\x00", "")
    if not text.strip():
        raise UnreadableDocument(f"{name}: the file has no text")
    return text


def read_document_text(path: Path, *, max_bytes: int = DEFAULT_MAX_BYTES) -> str:
    """The text of the document at ``path``: file-system errors refused by name, then
    ``extract_text``."""
    name = _printable(str(path))
    _check_suffix(name, path.suffix.lower())
    try:
        if path.is_dir():
            raise UnreadableDocument(f"{name}: is a directory, not a file")
        size = path.stat().st_size
        if size > max_bytes:
            raise UnreadableDocument(
                f"{name}: the file is {size:,} bytes, over the limit of {max_bytes:,} bytes"
            )
        data = path.read_bytes()
    except FileNotFoundError as error:
        raise UnreadableDocument(f"{name}: no such file") from error
    except OSError as error:
        raise UnreadableDocument(f"{name}: cannot be read ({error.strerror})") from error
    return extract_text(data, name, max_bytes=max_bytes)
