from __future__ import annotations

from typing import Any

from django.contrib import admin
from django.http import HttpRequest

from meahub.core.admin import RegisterAdmin
from meahub.countries.models import Country


@admin.register(Country)
class CountryAdmin(RegisterAdmin):
    """Countries come from ISO 3166 (``sync_countries``): read-only here."""

    list_display = ["code", "alpha3", "name_en", "name_fr", "name_es"]
    search_fields = ["code", "alpha3", "name_en", "name_fr", "name_es"]

    def has_add_permission(self, request: HttpRequest, *args: Any) -> bool:
        return False

    def can_edit(self, request: HttpRequest, obj: Any) -> bool:
        return False
