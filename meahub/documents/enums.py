from django.db import models
from django.utils.translation import gettext_lazy as _


class DocumentKind(models.TextChoices):
    """The parser's kinds (``parser.model.DocumentKind``), as stored."""

    RESOLUTION = "resolution", _("Resolution")
    DECISION = "decision", _("Decision")
    WORKING_DOCUMENT = "working document", _("Working document")
    INFORMATION_DOCUMENT = "information document", _("Information document")
    REPORT = "report", _("Report")
    OTHER = "other", _("Other")


class Section(models.TextChoices):
    PREAMBLE = "preamble", _("Preamble")
    OPERATIVE = "operative", _("Operative")
    BODY = "body", _("Body")
    ACTION_REQUESTED = "action_requested", _("Action requested")


class ReferenceKind(models.TextChoices):
    RESOLUTION = "resolution", _("Resolution")
    DECISION = "decision", _("Decision")
    RECOMMENDATION = "recommendation", _("Recommendation")
    DOCUMENT = "document", _("Document")


class SupersessionBasis(models.TextChoices):
    REVISION = "revision", _("revised version (Rev.)")
    REPLACES = "replaces", _("the text says it replaces or repeals it")
    SAME_TITLE = "same_title", _("same title, and the text recalls it")
    MANUAL = "manual", _("recorded by the Secretariat")


class IngestStatus(models.TextChoices):
    WAITING = "waiting", _("waiting")
    CREATED = "created", _("created")
    UPDATED = "updated", _("updated")
    UNCHANGED = "unchanged", _("unchanged")
    REFUSED = "refused", _("refused")


class BatchStatus(models.TextChoices):
    QUEUED = "queued", _("queued")
    RUNNING = "running", _("running")
    DONE = "done", _("done")
    FAILED = "failed", _("failed")
