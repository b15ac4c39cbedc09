"""A small PDF writer for tests and benchmarks, with no dependencies.

``make_pdf(pages)`` writes one A4 page per string: each line of the string is one ``Tj`` in
Helvetica (a standard Type 1 font, so nothing is embedded) with WinAnsi encoding, which any
PDF reader, pypdf included, turns back into the same lines. An empty string gives a page
without a text layer: a grey filled rectangle, as a scanned page looks to a text extractor.
``make_image_only_pdf(n)`` is a PDF of ``n`` such pages. The cross-reference table holds the
true byte offset of every object, so readers need no repair.
"""

from __future__ import annotations

_FONT_SIZE = 11
_LEADING = 14
_MARGIN = 56
_A4 = (595, 842)


def _pdf_string(line: str) -> bytes:
    """``line`` as a PDF literal string in WinAnsi (Windows-1252); raises ValueError for a
    character WinAnsi cannot encode."""
    try:
        raw = line.encode("cp1252")
    except UnicodeEncodeError as error:
        raise ValueError(f"{line!r} has characters WinAnsi cannot encode") from error
    out = bytearray(b"(")
    for byte in raw:
        if byte in b"()\\":
            out += b"\\" + bytes([byte])
        elif byte < 32 or byte == 127:
            out += b"\\%03o" % byte
        else:
            out.append(byte)
    return bytes(out + b")")


def _content(text: str, height: int) -> bytes:
    if not text:
        width = _A4[0] - 2 * _MARGIN
        return b"0.6 g %d %d %d %d re f" % (_MARGIN, _MARGIN, width, height - 2 * _MARGIN)
    parts = [b"BT", b"/F1 %d Tf" % _FONT_SIZE, b"%d TL" % _LEADING]
    parts.append(b"%d %d Td" % (_MARGIN, height - _MARGIN))
    for index, line in enumerate(text.split("\n")):
        if index:
            parts.append(b"T*")
        parts.append(_pdf_string(line) + b" Tj")
    parts.append(b"ET")
    return b"\n".join(parts)


def make_pdf(pages: list[str]) -> bytes:
    """A PDF with one page per string, one text line per line of the string (an empty
    string: a page with no text, only a drawn rectangle). A page grows taller than A4 when
    its lines need it."""
    # Objects: 1 catalog, 2 page tree, 3 font, then a page and its content stream per page.
    font = b"<< /Type /Font /Subtype /Type1 /BaseFont /Helvetica /Encoding /WinAnsiEncoding >>"
    objects: list[bytes] = [b"", b"", font]
    kids: list[bytes] = []
    for text in pages:
        lines = text.count("\n") + 1
        height = max(_A4[1], 2 * _MARGIN + lines * _LEADING)
        stream = _content(text, height)
        page_number = len(objects) + 1
        kids.append(b"%d 0 R" % page_number)
        objects.append(
            b"<< /Type /Page /Parent 2 0 R /MediaBox [0 0 %d %d] " % (_A4[0], height)
            + b"/Resources << /Font << /F1 3 0 R >> >> /Contents %d 0 R >>" % (page_number + 1)
        )
        objects.append(b"<< /Length %d >>\nstream\n%s\nendstream" % (len(stream), stream))
    objects[0] = b"<< /Type /Catalog /Pages 2 0 R >>"
    objects[1] = b"<< /Type /Pages /Kids [%s] /Count %d >>" % (b" ".join(kids), len(kids))

    out = bytearray(b"%PDF-1.4\n%\xe2\xe3\xcf\xd3\n")
    offsets: list[int] = []
    for number, body in enumerate(objects, start=1):
        offsets.append(len(out))
        out += b"%d 0 obj\n%s\nendobj\n" % (number, body)
    xref = len(out)
    out += b"xref\n0 %d\n0000000000 65535 f \n" % (len(objects) + 1)
    out += b"".join(b"%010d 00000 n \n" % offset for offset in offsets)
    out += b"trailer\n<< /Size %d /Root 1 0 R >>\n" % (len(objects) + 1)
    out += b"startxref\n%d\n%%%%EOF\n" % xref
    return bytes(out)


def make_image_only_pdf(pages: int = 2) -> bytes:
    """A PDF of ``pages`` pages without a text layer (as a scan without OCR)."""
    return make_pdf([""] * pages)
