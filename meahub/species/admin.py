from django.contrib import admin

from meahub.core.admin import RegisterAdmin
from meahub.species.models import PopulationEstimate, Species


class PopulationEstimateInline(admin.TabularInline):
    model = PopulationEstimate
    extra = 0
    autocomplete_fields = ["country"]


@admin.register(Species)
class SpeciesAdmin(RegisterAdmin):
    list_display = ["scientific_name", "common_name_en"]
    search_fields = ["scientific_name", "common_name_en", "common_name_fr", "common_name_es"]
    prepopulated_fields = {"slug": ["scientific_name"]}
    inlines = [PopulationEstimateInline]
