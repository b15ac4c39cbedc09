"""Akoma Ntoso 3.0 export of a document, following the UN's AKN4UN profile where it applies.

``to_akn(document)`` gives the document as AKN XML (UTF-8 bytes), built from what meahub
holds (the paragraphs, verbs, actors, citations and versions), not from the original file:

- a resolution or decisions document is ``<statement name="resolution|decision">`` (AKN4UN
  models resolutions as statements, subtype "deliberation"); any other document is
  ``<doc name="workingDocument|informationDocument|report|document">``;
- ``<meta>``: the FRBR identification (work, expression, manifestation; IRIs after the AKN
  naming convention, see ``work_uri``), the lifecycle and the modifications that record
  supersession both ways (``activeModifications``: the documents this one carries on;
  ``passiveModifications``: those that carry it on), and the references (the author, the
  actors addressed, the meeting);
- ``<preface>``: the symbol as ``docNumber``, the title as ``docTitle``, the meeting and date;
- ``<preamble>``: each preambular paragraph as ``<container name="preambularParagraph">`` with
  a ``<p>`` (AKN4UN's containers), and the enacting formula as ``<formula
  name="enactingFormula">`` where the text has it (after the preamble in CMS resolutions);
- ``<mainBody>``: operative, body and action-requested paragraphs as ``<paragraph
  eId="para_5">`` with ``<num>`` and ``<content><p>``, or, with sub-items, ``<list>`` with an
  ``<intro>`` and ``<point eId="para_5__list_1__point_a">``; a heading above paragraphs is a
  ``<crossHeading>``.

Inside the text, the verbs that ask something are ``<span class="operativeVerb">`` (AKN4UN
only italicises them; there is no AKN element for an operative verb), the actors they
address ``<organization refersTo="#secretariat">`` with a ``TLCOrganization`` each, and
citations ``<ref href="...">`` to the cited document's work IRI (``~para_N`` for a decision
cited by number). The marking is ``marks.mark_text``'s, the same as on the document page.

Dates: the work is dated by the document's date, else its meeting's last day (when CMS
decisions are adopted); failing both, the IRI says ``undated`` and ``FRBRdate`` gives the day
meahub registered the document (``name="registration"``). The manifestation is dated by the
record's last change (its history), not by the clock.

Deterministic: the same records give the same bytes (no clock, ordered queries). Text goes
through ElementTree, so ``&``, ``<`` and quotes are escaped; characters XML 1.0 forbids
(control characters left by PDF extraction) are dropped.
"""

from __future__ import annotations

import datetime as dt
import re
import xml.etree.ElementTree as ET
from collections import Counter
from collections.abc import Iterable, Sequence
from dataclasses import dataclass, field

from django.db.models import Max, Min, Prefetch, QuerySet

from meahub.documents.enums import DocumentKind, Section, SupersessionBasis
from meahub.documents.marks import CitationMark, Segment, actor_pattern, mark_text
from meahub.documents.models import (
    Actor,
    Citation,
    Document,
    Paragraph,
    ParagraphVerb,
    Supersession,
)
from meahub.documents.parser import parse_text
from meahub.permissions.documents import documents_visible_to
from meahub.permissions.roles import AnyUser

AKN_NS = "http://docs.oasis-open.org/legaldocml/ns/akn/3.0"
SOURCE = "meahub"
COUNTRY = "un"
OPERATIVE_VERB_CLASS = "operativeVerb"
ACTION_REQUESTED = "Action requested"

_DOC_NAMES: dict[str, str] = {
    DocumentKind.WORKING_DOCUMENT: "workingDocument",
    DocumentKind.INFORMATION_DOCUMENT: "informationDocument",
    DocumentKind.REPORT: "report",
    DocumentKind.OTHER: "document",
}
_LANGUAGES = {
    "en": "eng",
    "english": "eng",
    "fr": "fra",
    "french": "fra",
    "français": "fra",
    "es": "spa",
    "spanish": "spa",
    "español": "spa",
    "ru": "rus",
    "russian": "rus",
    "ar": "ara",
    "arabic": "ara",
    "zh": "zho",
    "chinese": "zho",
    "de": "deu",
    "german": "deu",
}
# Characters XML 1.0 does not allow (C0 controls but tab, newline, return; U+FFFE/U+FFFF;
# lone surrogates).
_NOT_XML = re.compile("[\x00-\x08\x0b\x0c\x0e-\x1f\ufffe\uffff\ud800-\udfff]")
# Elements whose content is running text: never indented, so their text stays as it is.
_MIXED = frozenset({"p", "num", "heading", "crossHeading", "docNumber", "docTitle"})


def to_akn(document: Document, *, user: AnyUser = None) -> bytes:
    """The document as an Akoma Ntoso 3.0 XML document (see the module doc), as ``user``
    may see it: versions the user cannot see are left out of its lifecycle."""
    return _Builder(document, documents_visible_to(user)).build()


# --- identifiers ----------------------------------------------------------------------------


def _token(value: str) -> str:
    """``value`` as one IRI or eId component: letters, digits, "." and "-" only."""
    return re.sub(r"[^A-Za-z0-9.\-]+", "-", value).strip("-.")


def is_statement(document: Document) -> bool:
    return document.kind in (DocumentKind.RESOLUTION, DocumentKind.DECISION)


def work_date(document: Document) -> dt.date | None:
    """The date that names the work: the document's own date, else its meeting's (the last
    day, when decisions are adopted)."""
    if document.date:
        return document.date
    meeting = document.meeting
    if meeting is not None:
        return meeting.ends_on or meeting.starts_on
    return None


def work_uri(document: Document) -> str:
    """The work-level IRI, after the AKN naming convention as AKN4UN applies it
    (``/akn/un/statement/deliberation/unga/2015-09-25/70-1``):
    ``/akn/un/statement/deliberation/cms/2024-02-17/resolution-11.10-rev.cop14`` for a
    resolution, ``/akn/un/doc/workingDocument/bkd/2020-10-19/unep-cms-bkd-tw1-doc.2`` for a
    meeting document. The author is the instrument's code (or the symbol's issuing body),
    the number the citation key; a document without any date has ``undated`` there."""
    if is_statement(document):
        kind = "statement/deliberation"
    else:
        kind = f"doc/{_DOC_NAMES.get(document.kind, 'document')}"
    date = work_date(document)
    number = _token((document.key or document.symbol).lower()) or "document"
    return f"/akn/{COUNTRY}/{kind}/{_author(document)[0]}/{date or 'undated'}/{number}"


def _author(document: Document) -> tuple[str, str]:
    """The author's id (an IRI component and eId) and name: the document's instrument, else
    the issuing body in its symbol ("CMS" in "UNEP/CMS/Resolution 9.6"), else unknown."""
    if document.instrument is not None:
        instrument = document.instrument
        return _token(instrument.code.lower()), instrument.full_name or instrument.short_name
    segments = [s for s in document.symbol.split("/")[:-1] if s.upper() != "UNEP"]
    if segments and _token(segments[0]):
        return _token(segments[0].lower()), segments[0]
    return "unknown", "Unknown"


def _language(document: Document) -> str:
    """ISO 639-2 (AKN's FRBRlanguage): "eng" for "en" or "English"; "und" when unknown."""
    return _LANGUAGES.get(document.language.strip().lower(), "und")


def _clean(text: str) -> str:
    return _NOT_XML.sub("", text)


# --- building -------------------------------------------------------------------------------


@dataclass
class _Ids:
    """eIds handed out, each once."""

    used: set[str] = field(default_factory=set)

    def take(self, wanted: str) -> str:
        eid, n = wanted, 1
        while eid in self.used:
            n += 1
            eid = f"{wanted}-{n}"
        self.used.add(eid)
        return eid


def _sub(parent: ET.Element, tag: str, text: str | None = None, **attrs: str) -> ET.Element:
    element = ET.SubElement(parent, tag, {k: _clean(v) for k, v in attrs.items()})
    if text is not None:
        element.text = _clean(text)
    return element


@dataclass(frozen=True)
class _ActorRef:
    eid: str
    pattern: re.Pattern[str] | None


class _Builder:
    def __init__(self, document: Document, visible: QuerySet[Document]) -> None:
        self.document = document
        self.ids = _Ids()
        self.paragraphs: list[Paragraph] = list(
            Paragraph.objects.filter(document=document)
            .order_by("position")
            .prefetch_related(
                Prefetch(
                    "verbs",
                    queryset=ParagraphVerb.objects.select_related("actor").order_by(
                        "verb_index", "actor_index"
                    ),
                )
            )
        )
        self.citations: list[Citation] = list(
            Citation.objects.filter(document=document)
            .select_related("target__instrument", "target__meeting", "target_paragraph")
            .order_by("position")
        )
        self.older: list[Supersession] = list(
            Supersession.objects.filter(new=document, old__in=visible)
            .select_related("old__instrument", "old__meeting")
            .order_by("old__symbol")
        )
        self.newer: list[Supersession] = list(
            Supersession.objects.filter(old=document, new__in=visible)
            .select_related("new__instrument", "new__meeting")
            .order_by("new__symbol")
        )
        self.actors: dict[int, _ActorRef] = {}
        self.actor_rows: list[Actor] = []
        self.uri = work_uri(document)
        self.author, self.author_name = _author(document)
        self.meeting_eid = ""
        self.formula = self._find_formula()

    # The document root ------------------------------------------------------------------

    def build(self) -> bytes:
        # The namespace is declared by hand: ElementTree's default_namespace option refuses
        # unqualified attributes, and register_namespace would change it process-wide.
        root = ET.Element("akomaNtoso", {"xmlns": AKN_NS})
        if is_statement(self.document):
            top = _sub(root, "statement", name=str(self.document.kind))
        else:
            top = _sub(root, "doc", name=_DOC_NAMES.get(self.document.kind, "document"))
        self._reserve_ids()
        meta = _sub(top, "meta")
        self._preface(top)
        preamble, body = self._split()
        if preamble or self.formula:
            self._preamble(top, preamble)
        self._main_body(top, body)
        self._meta(meta)  # last: the references list the actors the body used
        _indent(root)
        return ET.tostring(root, encoding="utf-8", xml_declaration=True)

    def _reserve_ids(self) -> None:
        for eid in (SOURCE, self.author, "original"):
            self.ids.take(eid)
        if self.document.meeting is not None:
            self.meeting_eid = self.ids.take("meeting")

    def _split(self) -> tuple[list[Paragraph], list[Paragraph]]:
        preamble = [p for p in self.paragraphs if p.section == Section.PREAMBLE]
        body = [p for p in self.paragraphs if p.section != Section.PREAMBLE]
        return preamble, body

    # <meta> -----------------------------------------------------------------------------

    def _meta(self, meta: ET.Element) -> None:
        document = self.document
        date = work_date(document)
        registered, changed = self._history_dates()
        own_date = date or registered or dt.date(1, 1, 1)
        if date:
            date_name = "adoption" if is_statement(document) else "issued"
        else:
            date_name = "registration" if registered else "unknown"
        language = _language(document)
        expression = f"{self.uri}/{language}@"

        identification = _sub(meta, "identification", source=f"#{SOURCE}")
        work = _sub(identification, "FRBRWork")
        _sub(work, "FRBRthis", value=f"{self.uri}/!main")
        _sub(work, "FRBRuri", value=self.uri)
        _sub(work, "FRBRalias", name="symbol", value=document.symbol)
        _sub(work, "FRBRdate", date=own_date.isoformat(), name=date_name)
        _sub(work, "FRBRauthor", href=f"#{self.author}", **{"as": "#author"})
        _sub(work, "FRBRcountry", value=COUNTRY)
        if is_statement(document):
            _sub(work, "FRBRsubtype", value="deliberation")
        _sub(work, "FRBRnumber", value=_token(document.key.lower()), showAs=document.key)
        if document.title:
            _sub(work, "FRBRname", value=document.title)
        expr = _sub(identification, "FRBRExpression")
        _sub(expr, "FRBRthis", value=f"{expression}/!main")
        _sub(expr, "FRBRuri", value=expression)
        _sub(expr, "FRBRdate", date=own_date.isoformat(), name=date_name)
        _sub(expr, "FRBRauthor", href=f"#{self.author}", **{"as": "#author"})
        _sub(expr, "FRBRlanguage", language=language)
        manifestation = _sub(identification, "FRBRManifestation")
        _sub(manifestation, "FRBRthis", value=f"{expression}/!main.xml")
        _sub(manifestation, "FRBRuri", value=f"{expression}.akn")
        _sub(
            manifestation,
            "FRBRdate",
            date=(changed or own_date).isoformat(),
            name="lastChange" if changed else date_name,
        )
        _sub(manifestation, "FRBRauthor", href=f"#{SOURCE}", **{"as": "#editor"})
        _sub(manifestation, "FRBRformat", value="application/akn+xml")

        older_ids = [self.ids.take(f"activeRef_{n}") for n in range(1, len(self.older) + 1)]
        newer_ids = [self.ids.take(f"passiveRef_{n}") for n in range(1, len(self.newer) + 1)]
        self._lifecycle(meta, date, newer_ids)
        self._analysis(meta)
        self._references(meta, expression, older_ids, newer_ids)

    def _history_dates(self) -> tuple[dt.date | None, dt.date | None]:
        found = self.document.history.aggregate(first=Min("history_date"), last=Max("history_date"))
        first, last = found["first"], found["last"]
        return (first.date() if first else None, last.date() if last else None)

    def _lifecycle(self, meta: ET.Element, date: dt.date | None, newer_ids: list[str]) -> None:
        """Events with a known date: this document's generation, and each supersession of it
        (a repeal when the newer text says it replaces it, else an amendment)."""
        events: list[tuple[str, str, str]] = []
        if date:
            events.append((date.isoformat(), "#original", "generation"))
        for eid, link in zip(newer_ids, self.newer, strict=True):
            newer_date = work_date(link.new)
            if newer_date:
                kind = "repeal" if link.basis == SupersessionBasis.REPLACES else "amendment"
                events.append((newer_date.isoformat(), f"#{eid}", kind))
        if not events:
            return
        lifecycle = _sub(meta, "lifecycle", source=f"#{SOURCE}")
        for n, (when, source, kind) in enumerate(events, start=1):
            _sub(
                lifecycle,
                "eventRef",
                eId=self.ids.take(f"eventRef_{n}"),
                date=when,
                source=source,
                type=kind,
            )

    def _analysis(self, meta: ET.Element) -> None:
        if not (self.older or self.newer):
            return
        analysis = _sub(meta, "analysis", source=f"#{SOURCE}")
        if self.older:
            active = _sub(analysis, "activeModifications")
            for n, link in enumerate(self.older, start=1):
                mod = _sub(
                    active,
                    "textualMod",
                    eId=self.ids.take(f"amod_{n}"),
                    type=_modification_type(link.basis),
                )
                _sub(mod, "source", href="#")
                _sub(mod, "destination", href=work_uri(link.old))
        if self.newer:
            passive = _sub(analysis, "passiveModifications")
            for n, link in enumerate(self.newer, start=1):
                mod = _sub(
                    passive,
                    "textualMod",
                    eId=self.ids.take(f"pmod_{n}"),
                    type=_modification_type(link.basis),
                )
                _sub(mod, "source", href=work_uri(link.new))
                _sub(mod, "destination", href="#")

    def _references(
        self, meta: ET.Element, expression: str, older_ids: list[str], newer_ids: list[str]
    ) -> None:
        document = self.document
        references = _sub(meta, "references", source=f"#{SOURCE}")
        _sub(references, "original", eId="original", href=expression, showAs=document.symbol)
        for eid, link in zip(older_ids, self.older, strict=True):
            _sub(references, "activeRef", eId=eid, href=work_uri(link.old), showAs=link.old.symbol)
        for eid, link in zip(newer_ids, self.newer, strict=True):
            _sub(references, "passiveRef", eId=eid, href=work_uri(link.new), showAs=link.new.symbol)
        _organization(references, SOURCE, "meahub", "meahub")
        _organization(references, self.author, self.author, self.author_name)
        if document.meeting is not None:
            _sub(
                references,
                "TLCEvent",
                eId=self.meeting_eid,
                href=f"/akn/ontology/event/{COUNTRY}/{_token(document.meeting.slug)}",
                showAs=document.meeting.name,
            )
        for actor in self.actor_rows:
            eid = self.actors[actor.pk].eid
            _organization(references, eid, _token(actor.slug) or eid, actor.name)

    # <preface> --------------------------------------------------------------------------

    def _preface(self, top: ET.Element) -> None:
        document = self.document
        preface = _sub(top, "preface")
        _sub(_sub(preface, "p", **{"class": "symbol"}), "docNumber", document.symbol)
        if document.title:
            _sub(_sub(preface, "p", **{"class": "title"}), "docTitle", document.title)
        if document.meeting is not None:
            p = _sub(preface, "p", **{"class": "meeting"})
            _sub(p, "event", document.meeting.name, refersTo=f"#{self.meeting_eid}")
        if document.date:
            p = _sub(preface, "p", **{"class": "date"})
            _sub(p, "docDate", _long_date(document.date), date=document.date.isoformat())

    # <preamble> -------------------------------------------------------------------------

    def _find_formula(self) -> tuple[str, int] | None:
        """The enacting formula and the index of the paragraph it precedes, read again from
        the text (the records keep no headings of that kind); None when there is none or
        the text no longer parses into the paragraphs held."""
        if not (self.document.text and is_statement(self.document)):
            return None
        parsed = parse_text(self.document.text)
        if len(parsed.paragraphs) != len(self.paragraphs):
            return None
        for heading in parsed.headings:
            if heading.kind == "formula":
                return heading.text, heading.before
        return None

    def _preamble(self, top: ET.Element, paragraphs: Sequence[Paragraph]) -> None:
        preamble = _sub(top, "preamble")
        formula = self.formula
        formula_before = None
        if formula and formula[1] < len(self.paragraphs):
            formula_before = self.paragraphs[formula[1]]
        placed = False
        for n, paragraph in enumerate(paragraphs, start=1):
            if formula and paragraph is formula_before:
                self._formula_element(preamble, formula[0])
                placed = True
            container = _sub(
                preamble,
                "container",
                name="preambularParagraph",
                eId=self.ids.take(f"preamble__container_{n}"),
            )
            p = _sub(container, "p")
            if paragraph.number:
                _sub(p, "span", paragraph.number, **{"class": "num"}).tail = " "
            self._fill(p, paragraph, paragraph.text, Counter())
        if formula and not placed:
            self._formula_element(preamble, formula[0])

    def _formula_element(self, preamble: ET.Element, text: str) -> None:
        formula = _sub(
            preamble, "formula", name="enactingFormula", eId=self.ids.take("preamble__formula_1")
        )
        _sub(formula, "p", text)

    # <mainBody> -------------------------------------------------------------------------

    def _main_body(self, top: ET.Element, paragraphs: Sequence[Paragraph]) -> None:
        """Paragraphs in order; a ``crossHeading`` where the heading above them changes, and
        one where the "Action requested" part begins (the records keep no heading for it)."""
        body = _sub(top, "mainBody")
        heading, section = "", ""
        for paragraph in paragraphs:
            if paragraph.section == Section.ACTION_REQUESTED != section:
                _sub(body, "crossHeading", ACTION_REQUESTED, **{"class": "actionRequested"})
                heading = paragraph.heading  # the parser may carry the heading above over
            if paragraph.heading and paragraph.heading != heading:
                _sub(body, "crossHeading", paragraph.heading)
            heading = paragraph.heading or heading
            section = paragraph.section
            self._paragraph(body, paragraph)

    def _paragraph(self, body: ET.Element, paragraph: Paragraph) -> None:
        eid = self.ids.take(f"para_{_token(paragraph.anchor) or paragraph.position}")
        element = _sub(body, "paragraph", eId=eid)
        if paragraph.number:
            number = paragraph.number
            _sub(element, "num", f"{number}." if number.isdigit() else number)
        budget = Counter(use.verb for use in paragraph.verb_uses())
        if not paragraph.subitems:
            self._fill(_sub(_sub(element, "content"), "p"), paragraph, paragraph.text, budget)
            return
        list_eid = self.ids.take(f"{eid}__list_1")
        listing = _sub(element, "list", eId=list_eid)
        if paragraph.text:
            self._fill(_sub(_sub(listing, "intro"), "p"), paragraph, paragraph.text, budget)
        for n, item in enumerate(paragraph.subitems, start=1):
            label = str(item.get("label", ""))
            name = _token(label.strip("()")) or str(n)
            point = _sub(listing, "point", eId=self.ids.take(f"{list_eid}__point_{name}"))
            if label:
                _sub(point, "num", label)
            content = _sub(point, "content")
            self._fill(_sub(content, "p"), paragraph, str(item.get("text", "")), budget)

    # Running text -----------------------------------------------------------------------

    def _fill(self, p: ET.Element, paragraph: Paragraph, text: str, budget: Counter[str]) -> None:
        """Put ``text`` into ``p`` with its verbs, actors and citations marked."""
        uses = paragraph.verb_uses()
        actors = self._paragraph_actors(paragraph)
        segments = mark_text(
            _clean(text),
            verbs=[use.verb for use in uses],
            actors=[a.pattern for a in actors if a.pattern is not None],
            citations=self._citation_marks(paragraph),
            verb_budget=budget,
        )
        _append_segments(p, segments, actors)

    def _paragraph_actors(self, paragraph: Paragraph) -> list[_ActorRef]:
        found: list[_ActorRef] = []
        for row in paragraph.verbs.all():
            actor = row.actor
            if actor is None:
                continue
            if actor.pk not in self.actors:
                self.actors[actor.pk] = _ActorRef(
                    eid=self.ids.take(_token(actor.slug) or f"actor-{actor.pk}"),
                    pattern=actor_pattern(actor.patterns),
                )
                self.actor_rows.append(actor)
            if self.actors[actor.pk] not in found:
                found.append(self.actors[actor.pk])
        return found

    def _citation_marks(self, paragraph: Paragraph) -> list[CitationMark]:
        marks: list[CitationMark] = []
        for citation in self.citations:
            if citation.paragraph_id != paragraph.pk or citation.target is None:
                continue
            href = work_uri(citation.target)
            if citation.target_paragraph is not None:
                href += f"~para_{_token(citation.target_paragraph.anchor)}"
            marks.append(
                CitationMark(ref=citation.ref, url=href, held=not citation.target.is_placeholder)
            )
        return marks


def _modification_type(basis: str) -> str:
    return "repeal" if basis == SupersessionBasis.REPLACES else "substitution"


def _organization(references: ET.Element, eid: str, name: str, show_as: str) -> None:
    _sub(
        references,
        "TLCOrganization",
        eId=eid,
        href=f"/akn/ontology/organization/{COUNTRY}/{name}",
        showAs=show_as,
    )


_MONTHS = (
    "January",
    "February",
    "March",
    "April",
    "May",
    "June",
    "July",
    "August",
    "September",
    "October",
    "November",
    "December",
)


def _long_date(date: dt.date) -> str:
    """The date as a document writes it (19 October 2020), in English whatever the locale."""
    return f"{date.day} {_MONTHS[date.month - 1]} {date.year}"


def _append_segments(
    p: ET.Element, segments: Iterable[Segment], actors: Sequence[_ActorRef]
) -> None:
    last: ET.Element | None = p[-1] if len(p) else None

    def add_text(text: str) -> None:
        if last is None:
            p.text = (p.text or "") + text
        else:
            last.tail = (last.tail or "") + text

    for segment in segments:
        if segment.kind == "":
            add_text(segment.text)
            continue
        if segment.kind == "verb":
            last = _sub(p, "span", segment.text, **{"class": OPERATIVE_VERB_CLASS})
        elif segment.kind == "actor":
            actor = next(
                (a for a in actors if a.pattern is not None and a.pattern.fullmatch(segment.text)),
                None,
            )
            if actor is None:
                add_text(segment.text)
                continue
            last = _sub(p, "organization", segment.text, refersTo=f"#{actor.eid}")
        else:
            last = _sub(p, "ref", segment.text, href=segment.url)


def _indent(element: ET.Element, level: int = 0) -> None:
    """Indent the structure, leaving running text (``_MIXED`` elements) untouched."""
    children = list(element)
    mixed = element.tag in _MIXED or (element.text or "").strip()
    if not children or mixed:
        return
    inner = "\n" + "  " * (level + 1)
    element.text = inner
    for child in children:
        _indent(child, level + 1)
        child.tail = inner
    children[-1].tail = "\n" + "  " * level
