"""The admin's base class: history on every register, rights from meahub.permissions.

Django's model permissions are not used for the registers; the admin asks the same permission
functions as the pages and the API, so a rule is written once.
"""

from __future__ import annotations

from typing import Any

from django.contrib import admin
from django.db.models import Model, QuerySet
from django.http import HttpRequest
from simple_history.admin import SimpleHistoryAdmin

from meahub.permissions.roles import is_secretariat


class RegisterAdmin(SimpleHistoryAdmin):
    """Secretariat staff view and edit; ``visible_queryset``/``can_edit`` narrow it per row."""

    def visible_queryset(self, request: HttpRequest, queryset: QuerySet[Any]) -> QuerySet[Any]:
        return queryset

    def can_edit(self, request: HttpRequest, obj: Any) -> bool:
        return is_secretariat(request.user)

    def get_queryset(self, request: HttpRequest) -> QuerySet[Any]:
        return self.visible_queryset(request, super().get_queryset(request))

    def has_module_permission(self, request: HttpRequest) -> bool:
        return is_secretariat(request.user)

    def has_view_permission(self, request: HttpRequest, obj: Model | None = None) -> bool:
        return is_secretariat(request.user)

    def has_add_permission(self, request: HttpRequest, *args: Any) -> bool:
        return is_secretariat(request.user)

    def has_change_permission(self, request: HttpRequest, obj: Model | None = None) -> bool:
        return is_secretariat(request.user) and (obj is None or self.can_edit(request, obj))

    def has_delete_permission(self, request: HttpRequest, obj: Model | None = None) -> bool:
        return self.has_change_permission(request, obj)


admin.site.site_header = "meahub administration"
admin.site.site_title = "meahub"
