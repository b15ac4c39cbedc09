"""What the API takes and gives for species and their population estimates."""

from ninja import Field, Schema

from meahub.species.models import PopulationEstimate

# --- species ----------------------------------------------------------------------------------


class SpeciesOut(Schema):
    slug: str
    scientific_name: str
    common_name: str = Field(description="The common name in the language of the request.")
    common_name_en: str
    common_name_fr: str
    common_name_es: str


class SpeciesIn(Schema):
    scientific_name: str
    common_name_en: str = ""
    common_name_fr: str = ""
    common_name_es: str = ""
    slug: str = Field("", description="Its address; made from the scientific name if empty.")


class SpeciesPatch(Schema):
    scientific_name: str | None = None
    common_name_en: str | None = None
    common_name_fr: str | None = None
    common_name_es: str | None = None


class SpeciesFilter(Schema):
    q: str = Field("", description="Part of the scientific or a common name.")
    instrument: str | None = Field(None, description="Code of an instrument covering it.")


# --- population estimates ---------------------------------------------------------------------


class EstimateOut(Schema):
    id: int
    species: str = Field(description="Species slug.")
    year: int
    value: int | None = Field(description="Best estimate.")
    minimum: int | None
    maximum: int | None
    country: str | None = Field(description="ISO code of the range state; null: whole range.")
    source_document: str
    note: str

    @staticmethod
    def resolve_species(obj: PopulationEstimate) -> str:
        return obj.species.slug

    @staticmethod
    def resolve_country(obj: PopulationEstimate) -> str | None:
        return obj.country.code if obj.country else None


class EstimateIn(Schema):
    year: int
    value: int | None = Field(None, description="Best estimate; or give minimum and maximum.")
    minimum: int | None = None
    maximum: int | None = None
    country: str | None = Field(None, description="ISO code of a range state; null: whole range.")
    source_document: str = Field("", description="Symbol of the document it comes from.")
    note: str = ""


class EstimatePatch(Schema):
    year: int | None = None
    value: int | None = None
    minimum: int | None = None
    maximum: int | None = None
    country: str | None = Field(None, description="ISO code, or null for the whole range.")
    source_document: str | None = None
    note: str | None = None


class EstimateFilter(Schema):
    country: str | None = Field(None, description="ISO code of the range state.")
    year: int | None = None
