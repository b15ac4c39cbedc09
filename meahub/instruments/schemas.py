"""What the API takes and gives for instruments, their memberships and their relations.

Other rows are named by their codes: instruments by code (CMS, BKD), countries by ISO code,
organisations and species by slug.
"""

import datetime as dt

from ninja import Field, Schema

from meahub.instruments.enums import InstrumentKind, MembershipRole, RelationKind
from meahub.instruments.models import Instrument, InstrumentRelation, Membership

# --- instruments ------------------------------------------------------------------------------


class InstrumentOut(Schema):
    code: str
    kind: InstrumentKind
    parent: str | None = Field(description="Code of the instrument whose family it belongs to.")
    short_name: str
    full_name: str
    concluded_on: dt.date | None
    in_effect_on: dt.date | None
    secretariat: str | None = Field(description="Slug of the organisation serving it.")
    summary: str
    website: str
    is_published: bool

    @staticmethod
    def resolve_parent(obj: Instrument) -> str | None:
        return obj.parent.code if obj.parent else None

    @staticmethod
    def resolve_secretariat(obj: Instrument) -> str | None:
        return obj.secretariat.slug if obj.secretariat else None


class InstrumentIn(Schema):
    code: str = Field(description="2 to 16 capital letters, digits or hyphens: BKD, CAMI.")
    kind: InstrumentKind
    short_name: str
    full_name: str
    parent: str | None = Field(None, description="Code of its family's instrument, e.g. CMS.")
    concluded_on: dt.date | None = None
    in_effect_on: dt.date | None = None
    secretariat: str | None = Field(None, description="Slug of the organisation serving it.")
    summary: str = ""
    website: str = ""
    is_published: bool = True


class InstrumentPatch(Schema):
    kind: InstrumentKind | None = None
    short_name: str | None = None
    full_name: str | None = None
    parent: str | None = Field(None, description="Code of its family's instrument, or null.")
    concluded_on: dt.date | None = None
    in_effect_on: dt.date | None = None
    secretariat: str | None = Field(None, description="Organisation slug, or null.")
    summary: str | None = None
    website: str | None = None
    is_published: bool | None = None


class InstrumentSpeciesIn(Schema):
    species: list[str] = Field(description="Slugs of every species the instrument covers.")


class InstrumentFilter(Schema):
    q: str = Field("", description="Part of the code, short name or full name.")
    kind: InstrumentKind | None = None
    parent: str | None = Field(None, description="Code of the parent instrument.")


# --- memberships ------------------------------------------------------------------------------


class MembershipOut(Schema):
    id: int
    instrument: str = Field(description="Instrument code.")
    country: str | None = Field(description="ISO code, when the member is a country.")
    organisation: str | None = Field(description="Slug, when the member is an organisation.")
    member_name: str
    role: MembershipRole
    signed_on: dt.date | None
    effective_on: dt.date | None
    withdrawn_on: dt.date | None
    is_current: bool
    note: str

    @staticmethod
    def resolve_instrument(obj: Membership) -> str:
        return obj.instrument.code

    @staticmethod
    def resolve_country(obj: Membership) -> str | None:
        return obj.country.code if obj.country else None

    @staticmethod
    def resolve_organisation(obj: Membership) -> str | None:
        return obj.organisation.slug if obj.organisation else None

    @staticmethod
    def resolve_member_name(obj: Membership) -> str:
        if obj.country:
            return obj.country.name
        return obj.organisation.name if obj.organisation else ""


class MembershipIn(Schema):
    instrument: str = Field(description="Instrument code, e.g. BKD.")
    country: str | None = Field(None, description="ISO code; give this or organisation.")
    organisation: str | None = Field(None, description="Organisation slug; or this.")
    role: MembershipRole
    signed_on: dt.date | None = None
    effective_on: dt.date | None = None
    withdrawn_on: dt.date | None = None
    note: str = ""


class MembershipPatch(Schema):
    role: MembershipRole | None = None
    signed_on: dt.date | None = None
    effective_on: dt.date | None = None
    withdrawn_on: dt.date | None = None
    note: str | None = None


class WithdrawalIn(Schema):
    withdrawn_on: dt.date


class MembershipFilter(Schema):
    q: str = Field("", description="Part of the member's name.")
    instrument: str | None = Field(None, description="Instrument code.")
    country: str | None = Field(None, description="ISO code.")
    role: MembershipRole | None = None
    current: bool | None = Field(None, description="true: not withdrawn; false: withdrawn.")


# --- relations --------------------------------------------------------------------------------


class RelationOut(Schema):
    id: int
    source: str = Field(description="Code of the instrument the relation is about.")
    target: str = Field(description="Code of the instrument it relates to.")
    kind: RelationKind
    since: dt.date | None
    meaning: str
    decided_by: str
    shares_meetings: bool
    shares_reporting: bool
    shares_focal_points: bool

    @staticmethod
    def resolve_source(obj: InstrumentRelation) -> str:
        return obj.source.code

    @staticmethod
    def resolve_target(obj: InstrumentRelation) -> str:
        return obj.target.code


class RelationIn(Schema):
    source: str = Field(description="Instrument code, e.g. BKD.")
    target: str = Field(description="Instrument code, e.g. CAMI.")
    kind: RelationKind
    since: dt.date | None = None
    meaning: str = ""
    decided_by: str = ""
    shares_meetings: bool = False
    shares_reporting: bool = False
    shares_focal_points: bool = False


class RelationPatch(Schema):
    kind: RelationKind | None = None
    since: dt.date | None = None
    meaning: str | None = None
    decided_by: str | None = None
    shares_meetings: bool | None = None
    shares_reporting: bool | None = None
    shares_focal_points: bool | None = None


class RelationFilter(Schema):
    q: str = Field("", description="Part of either instrument's code or short name.")
    source: str | None = Field(None, description="Instrument code.")
    target: str | None = Field(None, description="Instrument code.")
    kind: RelationKind | None = None
