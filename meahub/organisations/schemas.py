"""What the API takes and gives for organisations."""

from ninja import Field, Schema

from meahub.organisations.enums import OrganisationKind
from meahub.organisations.models import Organisation


class OrganisationOut(Schema):
    slug: str
    name: str
    acronym: str
    kind: OrganisationKind
    country: str | None = Field(description="ISO code of its headquarters' country.")
    website: str

    @staticmethod
    def resolve_country(obj: Organisation) -> str | None:
        return obj.country.code if obj.country else None


class OrganisationIn(Schema):
    name: str
    kind: OrganisationKind
    acronym: str = ""
    country: str | None = Field(None, description="ISO code, e.g. DE.")
    website: str = ""
    slug: str = Field("", description="Its address; made from the acronym or name if empty.")


class OrganisationPatch(Schema):
    name: str | None = None
    kind: OrganisationKind | None = None
    acronym: str | None = None
    country: str | None = Field(None, description="ISO code, or null for none.")
    website: str | None = None


class OrganisationFilter(Schema):
    q: str = Field("", description="Part of the name or acronym.")
    kind: OrganisationKind | None = None
    country: str | None = Field(None, description="ISO code of its headquarters' country.")
