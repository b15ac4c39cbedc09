"""Template helpers for the document pages: marked text, and word differences."""

from __future__ import annotations

import re
from collections.abc import Iterable

from django import template
from django.utils.html import escape, format_html
from django.utils.safestring import SafeString, mark_safe
from django.utils.translation import gettext as _

from meahub.documents.enums import Section
from meahub.documents.marks import Segment
from meahub.documents.models import Paragraph

register = template.Library()


def _segment_html(segment: Segment) -> str:
    if segment.kind in ("verb", "actor"):
        return format_html('<mark class="{}">{}</mark>', segment.kind, segment.text)
    if segment.kind == "cite":
        if not segment.url:
            return format_html('<span class="citation">{}</span>', segment.text)
        if not segment.held:
            return format_html(
                '<a class="citation citation--not-held" href="{}" title="{}">{}'
                '<span class="visually-hidden"> ({})</span></a>',
                segment.url,
                _("cited, not held"),
                segment.text,
                _("not held"),
            )
        return format_html('<a class="citation" href="{}">{}</a>', segment.url, segment.text)
    return escape(segment.text)


@register.filter
def marked(segments: Iterable[Segment]) -> SafeString:
    """The segments as HTML: each text escaped, then wrapped in its mark or link."""
    return mark_safe("".join(_segment_html(segment) for segment in segments))


@register.filter
def paragraph_label(paragraph: Paragraph) -> str:
    """How a page names a paragraph: "paragraph 5" when it is numbered, else by its section
    and rank ("preamble paragraph 3", from the anchor "preamble-3")."""
    if paragraph.number:
        return _("paragraph %(number)s") % {"number": paragraph.number}
    match = re.fullmatch(rf"{re.escape(paragraph.section)}-(\d+)", paragraph.anchor)
    section = (
        str(Section(paragraph.section).label).lower()
        if paragraph.section in Section.values
        else paragraph.section
    )
    if match:
        return _("%(section)s paragraph %(rank)s") % {"section": section, "rank": match.group(1)}
    return _("%(section)s paragraph %(anchor)s") % {"section": section, "anchor": paragraph.anchor}


@register.filter
def diff_html(segments: Iterable[tuple[str, str]]) -> SafeString:
    """Word-diff segments as HTML: removed words in ``<del>``, added ones in ``<ins>``."""
    parts = []
    for op, words in segments:
        if op == "removed":
            parts.append(format_html("<del>{}</del>", words))
        elif op == "added":
            parts.append(format_html("<ins>{}</ins>", words))
        else:
            parts.append(escape(words))
    return mark_safe(" ".join(parts))
