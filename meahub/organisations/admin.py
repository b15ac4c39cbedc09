from django.contrib import admin

from meahub.core.admin import RegisterAdmin
from meahub.organisations.models import Organisation


@admin.register(Organisation)
class OrganisationAdmin(RegisterAdmin):
    list_display = ["name", "acronym", "kind", "country"]
    list_filter = ["kind"]
    search_fields = ["name", "acronym"]
    autocomplete_fields = ["country"]
    prepopulated_fields = {"slug": ["acronym"]}
