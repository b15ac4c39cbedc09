from __future__ import annotations

from typing import Any

from django.contrib import admin
from django.db.models import QuerySet
from django.http import HttpRequest

from meahub.core.admin import RegisterAdmin
from meahub.instruments.models import Instrument, InstrumentRelation, Membership
from meahub.permissions.registers import (
    can_edit_instrument,
    instruments_visible_to,
    memberships_visible_to,
    relations_visible_to,
)


class MembershipInline(admin.TabularInline):
    model = Membership
    extra = 0
    autocomplete_fields = ["country", "organisation"]


@admin.register(Instrument)
class InstrumentAdmin(RegisterAdmin):
    list_display = ["code", "short_name", "kind", "parent", "is_published"]
    list_filter = ["kind", "is_published"]
    search_fields = ["code", "short_name", "full_name"]
    filter_horizontal = ["species"]
    inlines = [MembershipInline]

    def visible_queryset(self, request: HttpRequest, queryset: QuerySet[Any]) -> QuerySet[Any]:
        return queryset.filter(pk__in=instruments_visible_to(request.user))

    def can_edit(self, request: HttpRequest, obj: Any) -> bool:
        return can_edit_instrument(request.user, obj)


@admin.register(Membership)
class MembershipAdmin(RegisterAdmin):
    list_display = ["instrument", "country", "organisation", "role", "signed_on", "withdrawn_on"]
    list_filter = ["role", "instrument"]
    search_fields = ["country__name_en", "organisation__name", "instrument__code"]
    autocomplete_fields = ["country", "organisation"]

    def visible_queryset(self, request: HttpRequest, queryset: QuerySet[Any]) -> QuerySet[Any]:
        return queryset.filter(pk__in=memberships_visible_to(request.user))

    def can_edit(self, request: HttpRequest, obj: Any) -> bool:
        return can_edit_instrument(request.user, obj.instrument)


@admin.register(InstrumentRelation)
class InstrumentRelationAdmin(RegisterAdmin):
    list_display = ["source", "kind", "target", "since", "shares_focal_points"]

    def visible_queryset(self, request: HttpRequest, queryset: QuerySet[Any]) -> QuerySet[Any]:
        return queryset.filter(pk__in=relations_visible_to(request.user))

    def can_edit(self, request: HttpRequest, obj: Any) -> bool:
        return can_edit_instrument(request.user, obj.source)
