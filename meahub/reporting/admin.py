"""Admin for national reporting: a place to look at history and correct in bulk.

Staff work on the reporting pages, where the services enforce the workflow (an adopted
format is frozen, answers change only in a draft, reviews are recorded). Here staff of the
instrument may correct formats and cycles; reports and answers are read-only, so the
workflow and the edit log cannot be bypassed."""

from __future__ import annotations

from typing import Any

from django.contrib import admin
from django.db.models import Model
from django.http import HttpRequest

from meahub.core.admin import RegisterAdmin
from meahub.permissions.reporting import can_edit_format, can_manage_reporting
from meahub.reporting.models import (
    Answer,
    NationalReport,
    QuestionMapping,
    ReportFormat,
    ReportingCycle,
)


@admin.register(ReportFormat)
class ReportFormatAdmin(RegisterAdmin):
    list_display = ["__str__", "instrument", "status", "version"]
    list_filter = ["status", "instrument"]
    search_fields = ["title"]
    list_select_related = ["instrument"]
    raw_id_fields = ["previous"]

    def can_edit(self, request: HttpRequest, obj: Any) -> bool:
        return can_edit_format(request.user, obj)


@admin.register(ReportingCycle)
class ReportingCycleAdmin(RegisterAdmin):
    list_display = ["__str__", "format", "deadline", "frequency", "is_open"]
    list_filter = ["instrument", "is_open", "frequency"]
    list_select_related = ["instrument", "format"]
    raw_id_fields = ["meeting", "aligned_with"]

    def can_edit(self, request: HttpRequest, obj: Any) -> bool:
        return can_manage_reporting(request.user, obj.instrument)


class ReadOnlyAdmin(RegisterAdmin):
    def has_add_permission(self, request: HttpRequest, *args: Any) -> bool:
        return False

    def has_change_permission(self, request: HttpRequest, obj: Model | None = None) -> bool:
        return False

    def has_delete_permission(self, request: HttpRequest, obj: Model | None = None) -> bool:
        return False


@admin.register(NationalReport)
class NationalReportAdmin(ReadOnlyAdmin):
    list_display = ["__str__", "state", "submitted_at", "submitted_on_behalf", "is_published"]
    list_filter = ["state", "is_published", "cycle__instrument"]
    list_select_related = ["cycle__instrument", "country"]


@admin.register(Answer)
class AnswerAdmin(ReadOnlyAdmin):
    list_display = ["__str__", "report", "version", "updated_at", "updated_by"]
    list_filter = ["report__cycle"]
    search_fields = ["question__name"]
    list_select_related = ["question", "report__cycle__instrument", "report__country", "updated_by"]


@admin.register(QuestionMapping)
class QuestionMappingAdmin(RegisterAdmin):
    list_display = ["__str__", "note", "created_by", "created_at"]
