"""Documents and what the parser read in them: paragraphs, who is asked to do what, citations
and versions.

A ``Document`` is identified by its symbol and by its citation key (``Document.key``): the
form in which other documents cite it ("Resolution 11.10 (Rev.COP14)" for
"UNEP/CMS/Resolution 11.10 (Rev.COP14)"; the symbol itself for a meeting document). A
document that is cited but not held is a *placeholder* (no text, no file) and becomes the
real document, same row, when it is ingested: citations made earlier then resolve to it.

Paragraphs keep their ``anchor`` (``anchors.paragraph_keys``: the number when it is unique,
else section and rank) across re-ingests, and their row, so that links to a paragraph hold.
"""

from __future__ import annotations

import re
from typing import TYPE_CHECKING

from django.conf import settings
from django.core.exceptions import ValidationError
from django.db import models
from django.db.models import F, Q
from django.urls import reverse
from django.utils.translation import gettext_lazy as _
from simple_history.models import HistoricalRecords

from meahub.documents.enums import (
    BatchStatus,
    DocumentKind,
    IngestStatus,
    ReferenceKind,
    Section,
    SupersessionBasis,
)

if TYPE_CHECKING:
    from meahub.documents.parser import VerbUse


class Actor(models.Model):
    """One entry of the controlled list of actors a paragraph can address.

    ``patterns`` are regular expressions (one per line, case-insensitive) that name the actor
    in text; ``position`` orders the table (earlier entries win where names overlap). The
    parser reads this table when documents are ingested, so staff can extend it.
    """

    name = models.CharField(max_length=120, unique=True)
    slug = models.SlugField(max_length=120, unique=True)
    patterns = models.TextField(
        help_text=_("Regular expressions that name this actor, one per line (case-insensitive).")
    )
    position = models.PositiveIntegerField(default=0)
    history = HistoricalRecords()

    class Meta:
        ordering = ["position", "name"]

    def __str__(self) -> str:
        return self.name

    def get_absolute_url(self) -> str:
        return reverse("documents:actor-detail", args=[self.slug])

    def pattern_list(self) -> list[str]:
        return [line.strip() for line in self.patterns.splitlines() if line.strip()]

    def clean(self) -> None:
        lines = self.pattern_list()
        if not lines:
            raise ValidationError({"patterns": _("Give at least one pattern.")})
        for number, line in enumerate(lines, start=1):
            try:
                re.compile(line)
            except re.error as error:
                raise ValidationError(
                    {
                        "patterns": _("Line %(n)s is not a valid pattern: %(error)s.")
                        % {"n": number, "error": error}
                    }
                ) from error


class Document(models.Model):
    symbol = models.CharField(
        max_length=200,
        unique=True,
        help_text=_("UN-style symbol: UNEP/CMS/Resolution 11.10 (Rev.COP14), CMS/StC38/3."),
    )
    key = models.CharField(
        max_length=200,
        unique=True,
        help_text=_("How other documents cite it: Resolution 11.10 (Rev.COP14), or the symbol."),
    )
    title = models.CharField(max_length=500, blank=True)
    kind = models.CharField(max_length=24, choices=DocumentKind.choices)
    language = models.CharField(max_length=8, blank=True, help_text=_("ISO 639-1 code: en."))
    date = models.DateField(null=True, blank=True)
    meeting = models.ForeignKey(
        "meetings.Meeting",
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="documents",
    )
    instrument = models.ForeignKey(
        "instruments.Instrument",
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="documents",
    )
    agenda_item = models.CharField(max_length=40, blank=True)
    original = models.FileField(upload_to="documents/originals/", blank=True, max_length=300)
    original_name = models.CharField(max_length=255, blank=True)
    text = models.TextField(blank=True, help_text=_("The text extracted from the original."))
    content_hash = models.CharField(
        max_length=64, blank=True, db_index=True, help_text=_("SHA-256 of the original file.")
    )
    is_placeholder = models.BooleanField(
        default=False, help_text=_("Cited by a document held here, but not held itself.")
    )
    is_published = models.BooleanField(_("published"), default=False)
    supersedes: models.ManyToManyField[Document, Supersession] = models.ManyToManyField(
        "self",
        through="Supersession",
        through_fields=("new", "old"),
        symmetrical=False,
        related_name="superseded_by",
        blank=True,
    )
    history = HistoricalRecords(excluded_fields=["text"])

    class Meta:
        ordering = ["symbol"]
        indexes = [models.Index(fields=["kind", "is_published"], name="document_kind_published")]

    def __str__(self) -> str:
        return f"{self.symbol} {self.title}".strip()

    def get_absolute_url(self) -> str:
        return reverse("documents:document-detail", args=[self.symbol])

    @property
    def is_decision_text(self) -> bool:
        return self.kind in (DocumentKind.RESOLUTION, DocumentKind.DECISION)


class Paragraph(models.Model):
    document = models.ForeignKey(Document, on_delete=models.CASCADE, related_name="paragraphs")
    position = models.PositiveIntegerField(help_text=_("Order in the document, from 0."))
    anchor = models.CharField(
        max_length=40, help_text=_("Stable label in addresses: the number, or section-rank.")
    )
    section = models.CharField(max_length=20, choices=Section.choices)
    number = models.CharField(max_length=20, blank=True)
    number_inferred = models.BooleanField(default=False)
    heading = models.CharField(max_length=500, blank=True)
    text = models.TextField()
    subitems = models.JSONField(default=list, blank=True, help_text=_('[{"label", "text"}]'))

    class Meta:
        ordering = ["document", "position"]
        constraints = [
            models.UniqueConstraint(fields=["document", "anchor"], name="paragraph_anchor_unique")
        ]

    def __str__(self) -> str:
        return f"{self.document.symbol} ¶{self.anchor}"

    def get_absolute_url(self) -> str:
        return reverse("documents:paragraph-detail", args=[self.document.symbol, self.anchor])

    @property
    def label(self) -> str:
        return self.number or self.anchor

    def full_text(self) -> str:
        """The paragraph with its sub-items, as one text (for alignment and search)."""
        parts = [self.text]
        parts.extend(f"{item['label']} {item['text']}" for item in self.subitems)
        return "\n".join(parts)

    def verb_uses(self) -> list[VerbUse]:
        """The verbs and their actors in text order (from prefetched ``verbs`` when there)."""
        from meahub.documents.parser import VerbUse

        grouped: dict[int, tuple[str, list[str]]] = {}
        for row in self.verbs.all():
            actors = grouped.setdefault(row.verb_index, (row.verb, []))[1]
            if row.actor is not None:
                actors.append(row.actor.name)
        return [VerbUse(verb, tuple(actors)) for _, (verb, actors) in sorted(grouped.items())]


class ParagraphVerb(models.Model):
    """One verb of an operative paragraph and one actor it addresses (a row per pair; a verb
    with no actor has one row with ``actor`` empty)."""

    paragraph = models.ForeignKey(Paragraph, on_delete=models.CASCADE, related_name="verbs")
    verb_index = models.PositiveSmallIntegerField()
    verb = models.CharField(max_length=60)
    actor = models.ForeignKey(
        Actor, on_delete=models.PROTECT, null=True, blank=True, related_name="paragraph_verbs"
    )
    actor_index = models.PositiveSmallIntegerField(default=0)

    class Meta:
        ordering = ["paragraph", "verb_index", "actor_index"]
        indexes = [models.Index(fields=["actor", "verb"], name="paragraphverb_actor_verb")]

    def __str__(self) -> str:
        return f"{self.verb} {self.actor or ''}".strip()


class Citation(models.Model):
    """A reference in a document to a resolution, decision, recommendation or document,
    resolved to the record (a placeholder when not held) and, for a decision cited by
    number, to its paragraph."""

    document = models.ForeignKey(Document, on_delete=models.CASCADE, related_name="citations")
    paragraph = models.ForeignKey(
        Paragraph, on_delete=models.CASCADE, null=True, blank=True, related_name="citations"
    )
    position = models.PositiveIntegerField(default=0)
    kind = models.CharField(max_length=16, choices=ReferenceKind.choices)
    ref = models.CharField(max_length=200)
    target = models.ForeignKey(
        Document, on_delete=models.PROTECT, null=True, blank=True, related_name="cited_by"
    )
    target_paragraph = models.ForeignKey(
        Paragraph, on_delete=models.SET_NULL, null=True, blank=True, related_name="cited_by"
    )

    class Meta:
        ordering = ["document", "position"]

    def __str__(self) -> str:
        return f"{self.document.symbol} → {self.ref}"


class Supersession(models.Model):
    """``new`` carries on (revises, replaces) ``old``; ``basis`` says how that was found."""

    old = models.ForeignKey(Document, on_delete=models.CASCADE, related_name="successor_links")
    new = models.ForeignKey(Document, on_delete=models.CASCADE, related_name="predecessor_links")
    basis = models.CharField(max_length=16, choices=SupersessionBasis.choices)
    history = HistoricalRecords()

    class Meta:
        ordering = ["new", "old"]
        constraints = [
            models.UniqueConstraint(fields=["old", "new"], name="supersession_unique"),
            models.CheckConstraint(condition=~Q(old=F("new")), name="supersession_not_itself"),
        ]

    def __str__(self) -> str:
        return f"{self.new.symbol} supersedes {self.old.symbol}"


class IngestBatch(models.Model):
    """Files uploaded together in the browser, ingested by a task; the page shows progress."""

    created_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="ingest_batches"
    )
    created_at = models.DateTimeField(auto_now_add=True)
    instrument = models.ForeignKey(
        "instruments.Instrument", on_delete=models.PROTECT, null=True, blank=True
    )
    meeting = models.ForeignKey("meetings.Meeting", on_delete=models.PROTECT, null=True, blank=True)
    publish = models.BooleanField(default=False)
    status = models.CharField(
        max_length=12, choices=BatchStatus.choices, default=BatchStatus.QUEUED
    )
    task_id = models.CharField(max_length=64, blank=True)
    error = models.TextField(blank=True)

    class Meta:
        ordering = ["-created_at"]
        verbose_name_plural = "ingest batches"

    def __str__(self) -> str:
        return f"Upload {self.pk} by {self.created_by}"

    def get_absolute_url(self) -> str:
        return reverse("documents:batch-detail", args=[self.pk])


class IngestFile(models.Model):
    batch = models.ForeignKey(IngestBatch, on_delete=models.CASCADE, related_name="files")
    name = models.CharField(max_length=255)
    upload = models.FileField(upload_to="documents/incoming/", max_length=300)
    symbol = models.CharField(
        max_length=200, blank=True, help_text=_("The symbol, when the text does not give it.")
    )
    status = models.CharField(
        max_length=12, choices=IngestStatus.choices, default=IngestStatus.WAITING
    )
    message = models.TextField(blank=True)
    document = models.ForeignKey(Document, on_delete=models.SET_NULL, null=True, blank=True)

    class Meta:
        ordering = ["batch", "pk"]

    def __str__(self) -> str:
        return self.name
