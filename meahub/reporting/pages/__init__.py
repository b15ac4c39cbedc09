"""What the report pages show: the form a country fills in (``form.report_page``), what one
saved answer changes on it (``form.answer_update``), and the edit log
(``history.report_history``). The pieces they are drawn from are in ``slots``."""

from meahub.reporting.pages.form import AnswerUpdate, answer_update, report_page
from meahub.reporting.pages.history import LogEntry, report_history
from meahub.reporting.pages.slots import (
    ItemBlock,
    OfferView,
    QuestionView,
    ReportPage,
    SectionView,
    SlotView,
    question_view,
    slot_dom_id,
)

__all__ = [
    "AnswerUpdate",
    "ItemBlock",
    "LogEntry",
    "OfferView",
    "QuestionView",
    "ReportPage",
    "SectionView",
    "SlotView",
    "answer_update",
    "question_view",
    "report_history",
    "report_page",
    "slot_dom_id",
]
