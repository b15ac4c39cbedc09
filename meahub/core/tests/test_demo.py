"""`meahub demo` loads the CMS family as the source documents describe it, idempotently."""

from __future__ import annotations

import datetime as dt
import io

import pytest
from django.core.management import call_command

from meahub.contacts.selectors import instrument_focal_points
from meahub.documents.models import Citation, Document
from meahub.instruments.models import Instrument, InstrumentRelation, Membership
from meahub.meetings.models import Meeting
from meahub.organisations.models import Organisation
from meahub.species.models import PopulationEstimate

pytestmark = pytest.mark.django_db


def _snapshot() -> dict[str, int]:
    from django.apps import apps

    return {
        m._meta.label: m.objects.count()
        for m in apps.get_models()
        if m._meta.app_label
        in {
            "countries",
            "organisations",
            "species",
            "instruments",
            "contacts",
            "accounts",
            "meetings",
            "documents",
        }
    }


def test_demo_data_describes_the_bukhara_deer_mou():
    call_command("load_demo_data", stdout=io.StringIO())

    bkd = Instrument.objects.get(code="BKD")
    signatories = Membership.objects.filter(instrument=bkd, role="signatory")
    assert sorted(m.country.code for m in signatories) == ["KZ", "TJ", "TM", "UZ"]
    assert {m.signed_on for m in signatories} == {dt.date(2002, 5, 16)}
    assert sorted(
        m.organisation.acronym
        for m in Membership.objects.filter(instrument=bkd, role="cooperating_organisation")
    ) == ["CIC", "WWF Russia"]
    assert Membership.objects.get(instrument=bkd, role="range_state").country.code == "AF"
    assert bkd.parent.code == "CMS"
    relation = InstrumentRelation.objects.get(source=bkd)
    assert (
        relation.target.code,
        relation.shares_meetings,
        relation.shares_reporting,
        relation.shares_focal_points,
    ) == ("CAMI", True, True, True)
    figures = list(
        PopulationEstimate.objects.filter(species__slug="cervus-elaphus-bactrianus").values_list(
            "year", "value"
        )
    )
    assert figures == [(2002, 350), (2020, 3500)]


def test_demo_species_focal_point_and_inherited_nfps_show_on_the_mou():
    call_command("load_demo_data", stdout=io.StringIO())

    entries = instrument_focal_points(Instrument.objects.get(code="BKD"))

    shown = sorted(
        (e.role.get_kind_display(), e.role.contact.name, e.inherited_from.code)
        for e in entries
        if e.inherited_from
    )
    assert ("Species focal point", "Olga Pereladova", "CAMI") in shown
    assert ("National focal point", "Demo Focal Point Uzbekistan", "CMS") in shown


def test_demo_has_every_partner_organisation_of_the_resolutions():
    call_command("load_demo_data", stdout=io.StringIO())

    acronyms = set(Organisation.objects.values_list("acronym", flat=True))
    assert {
        "CITES",
        "CBD",
        "Ramsar",
        "FAO",
        "IWC",
        "IOTC",
        "IPBES",
        "ICLEI",
        "UNEP",
        "Bern Convention",
        "IUCN ELC",
        "GEF",
        "SPREP",
        "CARICOM",
        "UNDP",
    } <= acronyms


def test_loading_the_demo_twice_changes_nothing():
    call_command("load_demo_data", stdout=io.StringIO())
    first = _snapshot()

    call_command("load_demo_data", stdout=io.StringIO())

    assert _snapshot() == first


def test_demo_meetings_are_the_cops_the_bukhara_deer_workshop_and_a_coming_committee():
    call_command("load_demo_data", stdout=io.StringIO())

    assert sorted(
        Meeting.objects.values_list("slug", "instrument__code", "place", "starts_on", "ends_on")
    ) == [
        ("bkd-tw1", "BKD", "Online", dt.date(2020, 10, 20), dt.date(2020, 10, 22)),
        ("cms-cop10", "CMS", "Bergen", dt.date(2011, 11, 20), dt.date(2011, 11, 25)),
        ("cms-cop14", "CMS", "Samarkand", dt.date(2024, 2, 12), dt.date(2024, 2, 17)),
        ("cms-stc-demo", "CMS", "Bonn", dt.date(2027, 5, 11), dt.date(2027, 5, 12)),
    ]


def test_demo_documents_arrive_published_and_linked_to_their_meetings():
    call_command("load_demo_data", stdout=io.StringIO())

    held = Document.objects.filter(is_placeholder=False).order_by("symbol")

    assert [(d.symbol, d.kind, d.meeting.slug, d.is_published) for d in held] == [
        ("UNEP/CMS/BKD/TW1/Doc.90", "working document", "bkd-tw1", True),
        ("UNEP/CMS/Dec.14.901-14.904", "decision", "cms-cop14", True),
        ("UNEP/CMS/Resolution 10.90", "resolution", "cms-cop10", True),
        ("UNEP/CMS/Resolution 10.90 (Rev.COP14)", "resolution", "cms-cop14", True),
    ]


def test_the_demo_revision_supersedes_the_original_resolution():
    call_command("load_demo_data", stdout=io.StringIO())

    revision = Document.objects.get(symbol="UNEP/CMS/Resolution 10.90 (Rev.COP14)")

    assert [d.symbol for d in revision.supersedes.all()] == ["UNEP/CMS/Resolution 10.90"]


def test_demo_decisions_cite_the_revised_resolution_and_the_workshop_document():
    call_command("load_demo_data", stdout=io.StringIO())

    cited = Citation.objects.filter(document__symbol="UNEP/CMS/Dec.14.901-14.904")

    assert {
        c.ref: (c.target.symbol, c.target.is_placeholder)
        for c in cited
        if c.kind in ("resolution", "document")
    } == {
        "Resolution 10.90 (Rev.COP14)": ("UNEP/CMS/Resolution 10.90 (Rev.COP14)", False),
        "UNEP/CMS/BKD/TW1/Doc.90": ("UNEP/CMS/BKD/TW1/Doc.90", False),
    }
