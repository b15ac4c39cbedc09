"""Admin for the actor list (extensible by staff), documents' metadata and supersession.

Documents come in through ingest (upload page, API, ``meahub ingest``); the admin corrects
what the parser read and records a supersession the text does not state."""

from __future__ import annotations

from typing import Any

from django.contrib import admin
from django.http import HttpRequest

from meahub.core.admin import RegisterAdmin
from meahub.documents.models import Actor, Document, Supersession
from meahub.permissions.documents import can_edit_document


@admin.register(Actor)
class ActorAdmin(RegisterAdmin):
    list_display = ["name", "position", "slug"]
    search_fields = ["name", "patterns"]
    prepopulated_fields = {"slug": ["name"]}


class SupersessionInline(admin.TabularInline):
    model = Supersession
    fk_name = "new"
    extra = 0
    autocomplete_fields = ["old"]
    verbose_name = "supersedes"
    verbose_name_plural = "supersedes"


@admin.register(Document)
class DocumentAdmin(RegisterAdmin):
    list_display = [
        "symbol",
        "title",
        "kind",
        "date",
        "instrument",
        "is_placeholder",
        "is_published",
    ]
    list_filter = ["kind", "is_placeholder", "is_published", "instrument"]
    search_fields = ["symbol", "key", "title"]
    readonly_fields = ["key", "content_hash", "original", "original_name", "is_placeholder"]
    exclude = ["text"]
    autocomplete_fields = ["meeting"]
    inlines = [SupersessionInline]

    def has_add_permission(self, request: HttpRequest, *args: Any) -> bool:
        return False  # documents arrive through ingest

    def can_edit(self, request: HttpRequest, obj: Any) -> bool:
        return can_edit_document(request.user, obj)
