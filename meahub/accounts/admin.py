from __future__ import annotations

from typing import Any

from django.contrib import admin
from django.contrib.auth.admin import UserAdmin as DjangoUserAdmin
from django.http import HttpRequest

from meahub.accounts.models import ApiToken, User


@admin.register(User)
class UserAdmin(DjangoUserAdmin):
    """Accounts are managed by superusers; focal points get theirs from their nomination."""

    fieldsets = (
        *(DjangoUserAdmin.fieldsets or ()),
        (
            "meahub roles",
            {"fields": ("is_secretariat", "instruments_served", "partner_organisation")},
        ),
    )
    list_display = ["username", "email", "is_secretariat", "partner_organisation", "is_active"]
    list_filter = ["is_secretariat", "is_active", "is_superuser"]
    filter_horizontal = ["instruments_served", "groups", "user_permissions"]

    def has_module_permission(self, request: HttpRequest) -> bool:
        return bool(request.user.is_superuser)

    def has_view_permission(self, request: HttpRequest, obj: Any = None) -> bool:
        return bool(request.user.is_superuser)


@admin.register(ApiToken)
class ApiTokenAdmin(admin.ModelAdmin):
    list_display = ["name", "user", "prefix", "created_at", "last_used_at", "revoked_at"]
    readonly_fields = ["prefix", "key_hash", "created_at", "last_used_at"]

    def has_add_permission(self, request: HttpRequest, *args: Any) -> bool:
        return False  # tokens are made with `meahub createtoken`, which shows the key once
