from django.db import models
from django.utils.translation import gettext_lazy as _


class FormatStatus(models.TextChoices):
    """A format is drafted by the Secretariat, adopted by a meeting, later replaced."""

    DRAFT = "draft", _("Draft")
    ADOPTED = "adopted", _("Adopted")
    RETIRED = "retired", _("Retired")


class QuestionType(models.TextChoices):
    TEXT = "text", _("Text")
    LONG_TEXT = "long_text", _("Long text")
    INTEGER = "integer", _("Whole number")
    DECIMAL = "decimal", _("Decimal number")
    DATE = "date", _("Date")
    YES_NO = "yes_no", _("Yes or no")
    SINGLE_CHOICE = "single_choice", _("One choice")
    MULTIPLE_CHOICE = "multiple_choice", _("Several choices")
    TABLE = "table", _("Table")
    FILE = "file", _("File")
    CALCULATED = "calculated", _("Calculated")
    NOTE = "note", _("Note (no answer)")


# Types whose answer is a number, for sums, means and ranges.
NUMBER_TYPES = frozenset({QuestionType.INTEGER, QuestionType.DECIMAL})
CHOICE_TYPES = frozenset({QuestionType.SINGLE_CHOICE, QuestionType.MULTIPLE_CHOICE})
# Types a person answers (a note is read, a calculated value is worked out).
ANSWERABLE_TYPES = frozenset(set(QuestionType) - {QuestionType.NOTE, QuestionType.CALCULATED})


class RepeatSource(models.TextChoices):
    """What a repeated group of questions is repeated for."""

    NONE = "", _("Not repeated")
    SPECIES = "species", _("Each species the instrument covers")
    CHOICES = "choices", _("Each item of a list (taxonomic groups, sites...)")
    FREE = "free", _("Each item the country adds (protected areas, projects...)")


class CycleFrequency(models.TextChoices):
    ANNUAL = "annual", _("Every year")
    EVERY_N_YEARS = "every_n_years", _("Every few years")
    ONCE = "once", _("Once")
    ALIGNED = "aligned", _("With another instrument's cycle")


class DeadlineRule(models.TextChoices):
    DATE = "date", _("A date")
    BEFORE_MEETING = "before_meeting", _("Months before a meeting")
    ALIGNED = "aligned", _("The aligned cycle's deadline")


class ReportState(models.TextChoices):
    """Where a country's report stands. "Not started" is a report with no answer yet."""

    NOT_STARTED = "not_started", _("Not started")
    DRAFT = "draft", _("Draft")
    SUBMITTED = "submitted", _("Submitted")
    RETURNED = "returned", _("Returned with comments")
    ACCEPTED = "accepted", _("Accepted")


# A country may change answers only in these states.
EDITABLE_STATES = frozenset({ReportState.NOT_STARTED, ReportState.DRAFT, ReportState.RETURNED})
# States the Secretariat has received a report in.
RECEIVED_STATES = frozenset({ReportState.SUBMITTED, ReportState.ACCEPTED})


class OverviewStatus(models.TextChoices):
    QUEUED = "queued", _("Queued")
    RUNNING = "running", _("Compiling")
    DONE = "done", _("Done")
    FAILED = "failed", _("Failed")
