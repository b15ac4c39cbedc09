"""What the API takes and gives for contacts and focal point roles.

E-mail, phone and address are given to signed-in users only; the public gets them as null
(``permissions.can_view_contact_details``, asked once per contact in ``ContactOut``).
"""

import datetime as dt
from typing import Any

from ninja import Field, Schema

from meahub.contacts.enums import FocalPointKind, NominationStatus
from meahub.contacts.models import Contact, FocalPointRole
from meahub.core.api_auth import acting_user
from meahub.permissions.registers import can_view_contact_details

# --- contacts ---------------------------------------------------------------------------------


def _details_visible(context: Any) -> bool:
    request = (context or {}).get("request")
    return request is not None and can_view_contact_details(acting_user(request))


class ContactOut(Schema):
    id: int
    name: str
    honorific: str
    job_title: str
    organisation: str | None = Field(description="Organisation slug.")
    country: str | None = Field(description="ISO code.")
    email: str | None = Field(description="Null unless signed in.")
    phone: str | None = Field(description="Null unless signed in.")
    address: str | None = Field(description="Null unless signed in.")

    @staticmethod
    def resolve_organisation(obj: Contact) -> str | None:
        return obj.organisation.slug if obj.organisation else None

    @staticmethod
    def resolve_country(obj: Contact) -> str | None:
        return obj.country.code if obj.country else None

    @staticmethod
    def resolve_email(obj: Contact, context: Any) -> str | None:
        return obj.email if _details_visible(context) else None

    @staticmethod
    def resolve_phone(obj: Contact, context: Any) -> str | None:
        return obj.phone if _details_visible(context) else None

    @staticmethod
    def resolve_address(obj: Contact, context: Any) -> str | None:
        return obj.address if _details_visible(context) else None


class ContactIn(Schema):
    name: str
    honorific: str = ""
    job_title: str = ""
    organisation: str | None = Field(None, description="Organisation slug.")
    country: str | None = Field(None, description="ISO code.")
    email: str = ""
    phone: str = ""
    address: str = ""


class ContactPatch(Schema):
    name: str | None = None
    honorific: str | None = None
    job_title: str | None = None
    organisation: str | None = Field(None, description="Organisation slug, or null.")
    country: str | None = Field(None, description="ISO code, or null.")
    email: str | None = None
    phone: str | None = None
    address: str | None = None


class ContactFilter(Schema):
    q: str = Field("", description="Part of the name, job title or organisation.")
    country: str | None = Field(None, description="ISO code.")
    organisation: str | None = Field(None, description="Organisation slug.")
    instrument: str | None = Field(None, description="Code of an instrument they hold a role in.")


# --- focal point roles ------------------------------------------------------------------------


class ContactRef(Schema):
    id: int
    name: str


class FocalPointRoleOut(Schema):
    id: int
    contact: ContactRef
    instrument: str = Field(description="Instrument code.")
    kind: FocalPointKind
    country: str | None = Field(description="ISO code.")
    organisation: str | None = Field(description="Organisation slug.")
    species: str | None = Field(description="Species slug, for a species focal point.")
    status: NominationStatus
    nominated_on: dt.date
    nomination_reference: str
    confirmed_on: dt.date | None
    ended_on: dt.date | None
    replaces: int | None = Field(description="Id of the role this nomination takes over.")

    @staticmethod
    def resolve_instrument(obj: FocalPointRole) -> str:
        return obj.instrument.code

    @staticmethod
    def resolve_country(obj: FocalPointRole) -> str | None:
        return obj.country.code if obj.country else None

    @staticmethod
    def resolve_organisation(obj: FocalPointRole) -> str | None:
        return obj.organisation.slug if obj.organisation else None

    @staticmethod
    def resolve_species(obj: FocalPointRole) -> str | None:
        return obj.species.slug if obj.species else None

    @staticmethod
    def resolve_replaces(obj: FocalPointRole) -> int | None:
        return obj.replaces_id


class NominationIn(Schema):
    contact: int = Field(description="Id of the person nominated.")
    instrument: str = Field(description="Instrument code.")
    kind: FocalPointKind
    country: str | None = Field(None, description="ISO code of the country nominating.")
    organisation: str | None = Field(None, description="Organisation slug, instead of a country.")
    species: str | None = Field(None, description="Species slug, for a species focal point.")
    nominated_on: dt.date = Field(description="Date of the letter or note verbale.")
    nomination_reference: str = Field("", description="Reference of the letter or note verbale.")
    replaces: int | None = Field(None, description="Id of the confirmed role it takes over.")


class ConfirmationIn(Schema):
    confirmed_on: dt.date


class RoleEndIn(Schema):
    ended_on: dt.date


class FocalPointRoleFilter(Schema):
    q: str = Field("", description="Part of the person's name.")
    instrument: str | None = Field(None, description="Instrument code.")
    country: str | None = Field(None, description="ISO code.")
    kind: FocalPointKind | None = None
    status: NominationStatus | None = None
    contact: int | None = Field(None, description="Contact id.")
