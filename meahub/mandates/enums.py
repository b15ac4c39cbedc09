from django.db import models
from django.utils.translation import gettext_lazy as _

# The verbs of an operative paragraph that ask for action (others note, welcome, recognize).
ACTION_VERBS = frozenset(
    {
        "requests",
        "urges",
        "invites",
        "encourages",
        "instructs",
        "calls on",
        "decides",
        "directs",
        "shall",
    }
)


class MandateStatus(models.TextChoices):
    NOT_STARTED = "not_started", _("not started")
    IN_PROGRESS = "in_progress", _("in progress")
    DONE = "done", _("done")
    ONGOING = "ongoing", _("ongoing")
    SUPERSEDED = "superseded", _("superseded")
    RETIRED = "retired", _("retired")


OPEN_STATUSES = (MandateStatus.NOT_STARTED, MandateStatus.IN_PROGRESS, MandateStatus.ONGOING)


class Timing(models.TextChoices):
    STANDING = "standing", _("standing")
    TIME_BOUND = "time_bound", _("time-bound")


class ReportTo(models.TextChoices):
    NONE = "", _("—")
    COP = "cop", _("Conference of the Parties")
    MOP = "mop", _("Meeting of the Parties or Signatories")
    STANDING_COMMITTEE = "stc", _("Standing Committee")
    SCIENTIFIC_COUNCIL = "scientific", _("Scientific Council")


class ReviewReason(models.TextChoices):
    NONE = "", _("—")
    NO_PREDECESSOR = "no_predecessor", _("new in this version: no predecessor found")
    NO_SUCCESSOR = "no_successor", _("not carried on by the new version")


class EvidenceKind(models.TextChoices):
    PARAGRAPH = "paragraph", _("paragraph of a document")
    DOCUMENT = "document", _("document")
    LINK = "link", _("link")
    ACTIVITY = "activity", _("activity of a joint work plan")
    REPORT_ANSWER = "report_answer", _("national report answer")


class SuggestionStatus(models.TextChoices):
    PENDING = "pending", _("to decide")
    ACCEPTED = "accepted", _("accepted")
    REJECTED = "rejected", _("rejected")


class ObligationStatus(models.TextChoices):
    PROPOSED = "proposed", _("proposed")
    CONFIRMED = "confirmed", _("confirmed")
    REJECTED = "rejected", _("rejected")
