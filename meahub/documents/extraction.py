"""Getting the text out of a document file: .txt and .md directly, .pdf and .docx through
optional libraries.

``read_document_text(path)`` returns the text or raises ``UnreadableDocument`` whose message
is one line naming the file and the reason; it never lets another exception out for a bad
file. Refused: a missing file or a directory, an empty file (or one with only white space),
a file over the size limit, binary junk, text in an encoding it cannot tell (it reads UTF-8
with or without a byte-order mark, UTF-16 with one, and Windows-1252), an unknown extension,
a PDF or DOCX when the library to read it (pypdf or pdfplumber; python-docx) is not
installed, a PDF without a text layer (no OCR), an encrypted or corrupt PDF or DOCX.
"""

from __future__ import annotations

import importlib
import io
from pathlib import Path
from types import ModuleType

DEFAULT_MAX_BYTES = 50 * 1024 * 1024
TEXT_SUFFIXES = frozenset({".txt", ".md", ".markdown", ".text"})
_CONTROL_SHARE = 0.05


class UnreadableDocument(Exception):
    """A document file that cannot be read; the message names the file and the reason."""


def _optional(*names: str) -> ModuleType | None:
    for name in names:
        try:
            return importlib.import_module(name)
        except ImportError:
            continue
    return None


def decode_text(data: bytes, name: str) -> str:
    """Decode the bytes of a text file, or raise ``UnreadableDocument``."""
    boms = (
        (b"\xef\xbb\xbf", "utf-8-sig"),
        (b"\xff\xfe", "utf-16"),
        (b"\xfe\xff", "utf-16"),
    )
    for bom, encoding in boms:
        if data.startswith(bom):
            try:
                return data.decode(encoding)
            except UnicodeDecodeError as error:
                raise UnreadableDocument(
                    f"{name}: the text is not valid {encoding.upper()} ({error.reason})"
                ) from error
    if b"\x00" in data:
        raise UnreadableDocument(f"{name}: this is a binary file, not text")
    for encoding in ("utf-8", "cp1252"):
        try:
            text = data.decode(encoding)
        except UnicodeDecodeError:
            continue
        controls = sum(1 for ch in text if ord(ch) < 32 and ch not in "\n\r\t\f")
        if controls > _CONTROL_SHARE * len(text):
            raise UnreadableDocument(f"{name}: this is a binary file, not text")
        return text
    raise UnreadableDocument(
        f"{name}: cannot tell the text encoding (not UTF-8, UTF-16 or Windows-1252); "
        "save it as UTF-8"
    )


def _pdf_text(data: bytes, name: str) -> str:
    library = _optional("pypdf", "pdfplumber")
    if library is None:
        raise UnreadableDocument(
            f"{name}: reading PDF files needs pypdf or pdfplumber, which is not installed"
        )
    try:
        if library.__name__ == "pypdf":
            reader = library.PdfReader(io.BytesIO(data))
            if reader.is_encrypted:
                raise UnreadableDocument(f"{name}: the PDF is encrypted")
            pages = [page.extract_text() or "" for page in reader.pages]
        else:
            with library.open(io.BytesIO(data)) as pdf:
                pages = [page.extract_text() or "" for page in pdf.pages]
    except UnreadableDocument:
        raise
    except Exception as error:  # the libraries raise many kinds of error on a corrupt file
        raise UnreadableDocument(f"{name}: not a readable PDF ({error})") from error
    text = "\f".join(pages)
    if not text.strip():
        raise UnreadableDocument(f"{name}: the PDF has no text layer (scanned?); OCR is not done")
    return text


def _docx_text(data: bytes, name: str) -> str:
    library = _optional("docx")
    if library is None:
        raise UnreadableDocument(
            f"{name}: reading DOCX files needs python-docx, which is not installed"
        )
    try:
        document = library.Document(io.BytesIO(data))
    except Exception as error:  # a corrupt or encrypted file fails inside the zip reader
        raise UnreadableDocument(f"{name}: not a readable DOCX file ({error})") from error
    return "\n".join(paragraph.text for paragraph in document.paragraphs)


def read_document_text(path: Path, *, max_bytes: int = DEFAULT_MAX_BYTES) -> str:
    """The text of the document at ``path`` (see the module doc for what is refused)."""
    name = str(path)
    suffix = path.suffix.lower()
    if suffix not in TEXT_SUFFIXES | {".pdf", ".docx"}:
        raise UnreadableDocument(
            f'{name}: unsupported file type "{suffix or "(none)"}" (use .txt, .md, .pdf or .docx)'
        )
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
    if not data.strip():
        raise UnreadableDocument(f"{name}: the file is empty")
    if suffix == ".pdf":
        text = _pdf_text(data, name)
    elif suffix == ".docx":
        text = _docx_text(data, name)
    else:
        text = decode_text(data, name)
    if not text.strip():
        raise UnreadableDocument(f"{name}: the file has no text")
    return text
