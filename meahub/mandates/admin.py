"""Admin for mandates, their evidence, reporting obligations and progress reports.

Mandates arrive through ingest (one per verb and actor of an operative paragraph); the admin
corrects what was read and tracks them, with the rights of ``permissions.mandates``: staff
edit the mandates of the instruments they serve. Staff usually work on the mandate pages;
the admin is for corrections in bulk and for looking at the history."""

from __future__ import annotations

from typing import Any

from django.contrib import admin
from django.db.models import QuerySet
from django.http import HttpRequest

from meahub.core.admin import RegisterAdmin
from meahub.mandates.models import (
    Evidence,
    Mandate,
    ProgressEntry,
    ProgressReport,
    ReportingObligation,
)
from meahub.permissions.mandates import (
    can_edit_mandate,
    can_edit_mandates_of,
    mandates_visible_to,
    obligations_visible_to,
    progress_reports_visible_to,
)


class EvidenceInline(admin.TabularInline):
    model = Evidence
    extra = 0
    fields = ["kind", "paragraph", "document", "url", "note", "added_by", "added_at"]
    readonly_fields = ["added_by", "added_at"]
    raw_id_fields = ["paragraph", "document"]


@admin.register(Mandate)
class MandateAdmin(RegisterAdmin):
    list_display = [
        "__str__",
        "actor",
        "status",
        "timing",
        "due_date",
        "report_to",
        "owner",
        "review",
    ]
    list_filter = ["status", "review", "timing", "report_to", "instrument", "actor"]
    search_fields = ["action", "document__key", "document__symbol", "actor__name", "theme"]
    list_select_related = ["document", "paragraph", "actor", "owner"]
    readonly_fields = ["document", "paragraph", "actor", "verb", "verb_index", "created_at"]
    raw_id_fields = ["predecessor", "due_meeting", "owner"]
    inlines = [EvidenceInline]

    def has_add_permission(self, request: HttpRequest, *args: Any) -> bool:
        return False  # mandates come from the text, on ingest

    def visible_queryset(self, request: HttpRequest, queryset: QuerySet[Any]) -> QuerySet[Any]:
        return queryset.filter(pk__in=mandates_visible_to(request.user))

    def can_edit(self, request: HttpRequest, obj: Any) -> bool:
        return can_edit_mandate(request.user, obj)


@admin.register(ReportingObligation)
class ReportingObligationAdmin(RegisterAdmin):
    list_display = ["__str__", "instrument", "report_to", "next_due", "status"]
    list_filter = ["status", "report_to", "every_meeting", "instrument"]
    search_fields = ["subject", "mandate__document__key", "reporter__name"]
    list_select_related = ["reporter", "instrument"]
    readonly_fields = ["mandate", "decided_by", "decided_at"]

    def has_add_permission(self, request: HttpRequest, *args: Any) -> bool:
        return False  # proposed from the text of a mandate

    def visible_queryset(self, request: HttpRequest, queryset: QuerySet[Any]) -> QuerySet[Any]:
        return queryset.filter(pk__in=obligations_visible_to(request.user))

    def can_edit(self, request: HttpRequest, obj: Any) -> bool:
        return can_edit_mandate(request.user, obj.mandate)


class ProgressEntryInline(admin.StackedInline):
    model = ProgressEntry
    extra = 0
    fields = ["position", "theme", "mandate", "text"]
    raw_id_fields = ["mandate"]


@admin.register(ProgressReport)
class ProgressReportAdmin(RegisterAdmin):
    list_display = ["__str__", "instrument", "meeting", "date", "created_by"]
    list_filter = ["instrument"]
    search_fields = ["symbol", "title"]
    list_select_related = ["instrument", "meeting", "created_by"]
    readonly_fields = ["created_by", "created_at"]
    raw_id_fields = ["meeting"]
    inlines = [ProgressEntryInline]

    def visible_queryset(self, request: HttpRequest, queryset: QuerySet[Any]) -> QuerySet[Any]:
        return queryset.filter(pk__in=progress_reports_visible_to(request.user))

    def can_edit(self, request: HttpRequest, obj: Any) -> bool:
        return can_edit_mandates_of(request.user, obj.instrument)
