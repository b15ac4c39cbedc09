"""What the API gives for meetings: the meeting, and on its own page its documents grouped
by agenda item. Instruments are named by code."""

import datetime as dt

from ninja import Field, Schema

from meahub.documents.schemas import DocumentOut, absolute_url
from meahub.meetings.enums import MeetingKind
from meahub.meetings.models import Meeting
from meahub.meetings.selectors import AgendaItem


class MeetingOut(Schema):
    slug: str
    name: str
    kind: MeetingKind
    instrument: str | None = Field(description="Code of the instrument that holds it.")
    place: str
    starts_on: dt.date | None
    ends_on: dt.date | None
    url: str = Field(description="The meeting's page.")

    @staticmethod
    def resolve_instrument(obj: Meeting) -> str | None:
        return obj.instrument.code if obj.instrument else None

    @staticmethod
    def resolve_url(obj: Meeting, context: dict[str, object] | None = None) -> str:
        return absolute_url(context, obj.get_absolute_url())


class AgendaItemOut(Schema):
    agenda_item: str = Field(description="As the documents give it ('5.2'); empty for none.")
    documents: list[DocumentOut]

    @staticmethod
    def resolve_agenda_item(obj: AgendaItem) -> str:
        return obj.item


class MeetingDetailOut(MeetingOut):
    agenda: list[AgendaItemOut] = Field(
        description="The documents you can see, by agenda item in agenda order."
    )


class MeetingFilter(Schema):
    q: str = Field("", description="Part of the name, place or slug.")
    instrument: str | None = Field(None, description="Instrument code.")
    kind: MeetingKind | None = None
