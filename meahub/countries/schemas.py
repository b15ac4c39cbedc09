"""What the API says about countries (read-only: they come from ISO 3166-1)."""

from ninja import Field, Schema


class CountryOut(Schema):
    code: str = Field(description="ISO 3166-1 alpha-2 code, e.g. UZ.")
    alpha3: str
    numeric: str
    name: str = Field(description="The name in the language of the request.")
    name_en: str
    name_fr: str
    name_es: str
    official_name: str


class CountryFilter(Schema):
    q: str = Field("", description="Part of a name in any language, or an ISO code.")
    member_of: str | None = Field(
        None, description="Instrument code: only its current member countries."
    )
