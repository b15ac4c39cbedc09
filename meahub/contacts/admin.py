from __future__ import annotations

from typing import Any

from django.contrib import admin
from django.db.models import QuerySet
from django.http import HttpRequest

from meahub.contacts.models import Contact, FocalPointRole
from meahub.core.admin import RegisterAdmin
from meahub.permissions.registers import (
    can_edit_contact,
    can_manage_focal_points,
    focal_point_roles_visible_to,
)


@admin.register(Contact)
class ContactAdmin(RegisterAdmin):
    list_display = ["name", "organisation", "country", "email"]
    search_fields = ["name", "email"]
    autocomplete_fields = ["organisation", "country"]
    raw_id_fields = ["user"]

    def can_edit(self, request: HttpRequest, obj: Any) -> bool:
        return can_edit_contact(request.user, obj)


@admin.register(FocalPointRole)
class FocalPointRoleAdmin(RegisterAdmin):
    list_display = ["contact", "kind", "instrument", "country", "status", "nominated_on"]
    list_filter = ["kind", "status", "instrument"]
    search_fields = ["contact__name", "country__name_en"]
    autocomplete_fields = ["contact", "country", "organisation", "species"]
    raw_id_fields = ["replaces"]

    def visible_queryset(self, request: HttpRequest, queryset: QuerySet[Any]) -> QuerySet[Any]:
        return queryset.filter(pk__in=focal_point_roles_visible_to(request.user))

    def can_edit(self, request: HttpRequest, obj: Any) -> bool:
        return can_manage_focal_points(request.user, obj.instrument)
