from __future__ import annotations

from django.contrib import admin

from meahub.core.admin import RegisterAdmin
from meahub.meetings.models import Meeting


@admin.register(Meeting)
class MeetingAdmin(RegisterAdmin):
    list_display = ["name", "slug", "instrument", "kind", "place", "starts_on"]
    list_filter = ["kind", "instrument"]
    search_fields = ["name", "slug", "place"]
    prepopulated_fields = {"slug": ["name"]}
