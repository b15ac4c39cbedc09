"""The instruments, memberships and relations endpoints: what each persona reads and writes."""

from __future__ import annotations

import datetime as dt

import pytest

from meahub.instruments.enums import MembershipRole
from meahub.instruments.models import Instrument, InstrumentRelation, Membership
from meahub.tests import factories as f
from meahub.tests.api_helpers import DENIED_WRITERS, bearer

pytestmark = pytest.mark.django_db


@pytest.fixture
def persona(request, bukhara):  # type: ignore[no-untyped-def]
    return request.getfixturevalue(request.param)


def codes(response) -> list[str]:  # type: ignore[no-untyped-def]
    return [item["code"] for item in response.json()["items"]]


# --- instruments: reading ------------------------------------------------------------------


def test_public_lists_published_instruments_only(client, bukhara):
    f.make_instrument(code="DRAFT", parent=bukhara.cms, is_published=False)

    response = client.get("/api/v1/instruments")

    assert response.status_code == 200
    assert codes(response) == ["BKD", "CAMI", "CMS"]
    assert response.json()["count"] == 3


def test_staff_list_includes_unpublished_instruments_they_serve(
    client, secretariat_officer, bukhara
):
    f.make_instrument(code="DRAFT", parent=bukhara.cms, is_published=False)

    response = client.get("/api/v1/instruments", headers=bearer(secretariat_officer))

    assert codes(response) == ["BKD", "CAMI", "CMS", "DRAFT"]


@pytest.mark.parametrize(
    ("query", "expected"),
    [
        ("kind=mou", ["BKD"]),
        ("kind=convention", ["CMS"]),
        ("parent=CMS", ["BKD", "CAMI"]),
        ("parent=cms&kind=initiative", ["CAMI"]),
        ("q=bukhara", ["BKD"]),
        ("q=mammals", ["CAMI"]),
    ],
)
def test_public_filters_and_searches_instruments(client, bukhara, query, expected):
    response = client.get(f"/api/v1/instruments?{query}")

    assert codes(response) == expected


def test_instrument_list_pages_report_the_total_count(client, bukhara):
    response = client.get("/api/v1/instruments?limit=2&page=2")

    assert response.json() == {
        "items": [response.json()["items"][0]],
        "count": 3,
        "page": 2,
        "limit": 2,
    }
    assert codes(response) == ["CMS"]


def test_unknown_instrument_kind_filter_is_refused_naming_the_field(client, bukhara):
    response = client.get("/api/v1/instruments?kind=treaty")

    assert response.status_code == 422
    assert list(response.json()["errors"]) == ["kind"]


@pytest.mark.parametrize("n", [1, 3])
def test_instrument_list_queries_do_not_grow_with_items(client, django_assert_max_num_queries, n):
    parent = f.make_instrument(code="FAMILY", secretariat=f.make_organisation())
    for _ in range(n):
        f.make_instrument(parent=parent, secretariat=f.make_organisation())

    with django_assert_max_num_queries(2):
        response = client.get("/api/v1/instruments?parent=FAMILY")

    assert response.json()["count"] == n


def test_public_gets_an_instrument_by_code(client, bukhara):
    response = client.get("/api/v1/instruments/bkd")

    assert response.status_code == 200
    assert response.json() == {
        "code": "BKD",
        "kind": "mou",
        "parent": "CMS",
        "short_name": "Bukhara Deer MOU",
        "full_name": "MOU concerning the Bukhara Deer",
        "concluded_on": "2002-05-16",
        "in_effect_on": None,
        "secretariat": None,
        "summary": "",
        "website": "",
        "is_published": True,
    }


def test_public_gets_404_for_an_unpublished_instrument(client, bukhara):
    f.make_instrument(code="DRAFT", parent=bukhara.cms, is_published=False)

    response = client.get("/api/v1/instruments/DRAFT")

    assert response.status_code == 404
    assert response.json() == {"detail": "Not found (or not visible to you).", "errors": {}}


# --- instruments: writing ------------------------------------------------------------------

NEW_INSTRUMENT = {
    "code": "SAIGA",
    "kind": "mou",
    "short_name": "Saiga MOU",
    "full_name": "MOU concerning the Saiga Antelope",
    "parent": "CMS",
    "concluded_on": "2006-09-24",
}


def test_secretariat_creates_an_instrument_in_their_family(client, secretariat_officer):
    response = client.post(
        "/api/v1/instruments",
        NEW_INSTRUMENT,
        content_type="application/json",
        headers=bearer(secretariat_officer),
    )

    assert response.status_code == 201
    assert response.json()["parent"] == "CMS"
    saiga = Instrument.objects.get(code="SAIGA")
    assert saiga.concluded_on == dt.date(2006, 9, 24)
    assert saiga.history.first().history_user == secretariat_officer


@pytest.mark.parametrize(("persona", "status"), DENIED_WRITERS, indirect=["persona"])
def test_others_cannot_create_an_instrument(client, persona, status):
    response = client.post(
        "/api/v1/instruments",
        NEW_INSTRUMENT,
        content_type="application/json",
        headers=bearer(persona),
    )

    assert response.status_code == status
    assert not Instrument.objects.filter(code="SAIGA").exists()


def test_instrument_with_an_unknown_parent_is_refused(client, secretariat_officer):
    response = client.post(
        "/api/v1/instruments",
        {**NEW_INSTRUMENT, "parent": "NOPE"},
        content_type="application/json",
        headers=bearer(secretariat_officer),
    )

    assert response.status_code == 422
    assert response.json() == {
        "detail": "Unknown instrument code 'NOPE'.",
        "errors": {"parent": ["Unknown instrument code 'NOPE'."]},
    }
    assert not Instrument.objects.filter(code="SAIGA").exists()


def test_instrument_coming_into_effect_before_conclusion_is_refused(client, secretariat_officer):
    response = client.patch(
        "/api/v1/instruments/BKD",
        {"in_effect_on": "2001-01-01"},
        content_type="application/json",
        headers=bearer(secretariat_officer),
    )

    assert response.status_code == 422
    assert response.json()["errors"] == {
        "in_effect_on": ["It cannot come into effect before it was concluded."]
    }
    assert Instrument.objects.get(code="BKD").in_effect_on is None


def test_secretariat_updates_an_instrument(client, secretariat_officer, bukhara):
    response = client.patch(
        "/api/v1/instruments/BKD",
        {"summary": "Conservation of the Bukhara deer.", "secretariat": "cic"},
        content_type="application/json",
        headers=bearer(secretariat_officer),
    )

    assert response.status_code == 200
    bkd = Instrument.objects.get(code="BKD")
    assert (bkd.summary, bkd.secretariat) == ("Conservation of the Bukhara deer.", bukhara.cic)
    assert bkd.history.first().history_user == secretariat_officer


@pytest.mark.parametrize(("persona", "status"), DENIED_WRITERS, indirect=["persona"])
def test_others_cannot_update_an_instrument(client, persona, status):
    response = client.patch(
        "/api/v1/instruments/BKD",
        {"summary": "Changed."},
        content_type="application/json",
        headers=bearer(persona),
    )

    assert response.status_code == status
    assert Instrument.objects.get(code="BKD").summary == ""


def test_staff_of_another_instrument_cannot_update_this_one(client, bukhara):
    officer = f.make_secretariat(instruments=[f.make_instrument(code="ASCOBANS")])

    response = client.patch(
        "/api/v1/instruments/BKD",
        {"summary": "Changed."},
        content_type="application/json",
        headers=bearer(officer),
    )

    assert response.status_code == 403
    assert Instrument.objects.get(code="BKD").summary == ""


def test_secretariat_sets_the_species_an_instrument_covers(client, secretariat_officer, bukhara):
    saiga = f.make_species(slug="saiga-tatarica", scientific_name="Saiga tatarica")

    response = client.put(
        "/api/v1/instruments/BKD/species",
        {"species": ["saiga-tatarica", "cervus-elaphus-bactrianus"]},
        content_type="application/json",
        headers=bearer(secretariat_officer),
    )

    assert response.status_code == 200
    assert set(bukhara.bkd.species.all()) == {saiga, bukhara.deer}


def test_unknown_species_for_an_instrument_is_refused(client, secretariat_officer, bukhara):
    response = client.put(
        "/api/v1/instruments/BKD/species",
        {"species": ["unicorn"]},
        content_type="application/json",
        headers=bearer(secretariat_officer),
    )

    assert response.status_code == 422
    assert response.json()["errors"] == {"species": ["Unknown species 'unicorn'."]}
    assert list(bukhara.bkd.species.all()) == [bukhara.deer]


def test_secretariat_deletes_an_unused_instrument(client, secretariat_officer, bukhara):
    f.make_instrument(code="OLD", parent=bukhara.cms)

    response = client.delete("/api/v1/instruments/OLD", headers=bearer(secretariat_officer))

    assert response.status_code == 204
    assert not Instrument.objects.filter(code="OLD").exists()
    assert Instrument.history.filter(code="OLD").first().history_user == secretariat_officer


@pytest.mark.parametrize(("persona", "status"), DENIED_WRITERS, indirect=["persona"])
def test_others_cannot_delete_an_instrument(client, persona, status, bukhara):
    f.make_instrument(code="OLD", parent=bukhara.cms)

    response = client.delete("/api/v1/instruments/OLD", headers=bearer(persona))

    assert response.status_code == status
    assert Instrument.objects.filter(code="OLD").exists()


def test_instrument_with_memberships_cannot_be_deleted(client, secretariat_officer):
    response = client.delete("/api/v1/instruments/BKD", headers=bearer(secretariat_officer))

    assert response.status_code == 422
    assert response.json() == {
        "detail": "BKD still has memberships; remove them first.",
        "errors": {"__all__": ["BKD still has memberships; remove them first."]},
    }
    assert Instrument.objects.filter(code="BKD").exists()


# --- memberships: reading ------------------------------------------------------------------


def members(response) -> list[str]:  # type: ignore[no-untyped-def]
    return [item["country"] or item["organisation"] for item in response.json()["items"]]


@pytest.mark.parametrize(
    ("query", "expected"),
    [
        ("instrument=BKD&role=signatory", ["KZ", "TJ", "TM", "UZ"]),
        ("instrument=BKD&role=range_state", ["AF"]),
        ("instrument=bkd&country=uz", ["UZ"]),
        ("country=UZ", ["UZ", "UZ", "UZ"]),
        ("instrument=CMS&q=stan", ["KZ", "TJ", "UZ"]),
        ("instrument=BKD&q=wwf", ["wwf-russia"]),
    ],
)
def test_public_filters_and_searches_memberships(client, bukhara, query, expected):
    response = client.get(f"/api/v1/memberships?{query}")

    assert members(response) == expected


def test_cooperating_organisations_are_listed_under_their_role(client, bukhara):
    response = client.get("/api/v1/memberships?instrument=BKD&role=cooperating_organisation")

    assert members(response) == ["cic", "wwf-russia"]


@pytest.mark.parametrize(("current", "expected"), [("true", ["KZ", "UZ"]), ("false", ["TJ"])])
def test_public_filters_current_memberships(client, bukhara, current, expected):
    Membership.objects.filter(instrument=bukhara.cms, country__code="TJ").update(
        withdrawn_on=dt.date(2020, 1, 1)
    )

    response = client.get(f"/api/v1/memberships?instrument=CMS&current={current}")

    assert members(response) == expected


def test_public_does_not_see_memberships_of_unpublished_instruments(client, bukhara):
    draft = f.make_instrument(code="DRAFT", parent=bukhara.cms, is_published=False)
    f.make_membership(instrument=draft, country=f.make_country("UZ"))

    response = client.get("/api/v1/memberships?instrument=DRAFT")

    assert response.json()["count"] == 0


def test_membership_list_pages_report_the_total_count(client, bukhara):
    response = client.get("/api/v1/memberships?instrument=BKD&limit=3&page=3")

    assert response.json()["count"] == 7
    assert members(response) == ["UZ"]


@pytest.mark.parametrize("n", [1, 3])
def test_membership_list_queries_do_not_grow_with_items(client, django_assert_max_num_queries, n):
    instrument = f.make_instrument(code="FAMILY")
    for code in ["KZ", "MN", "CN"][:n]:
        f.make_membership(instrument=instrument, country=f.make_country(code))
    f.make_membership(instrument=instrument, organisation=f.make_organisation())

    with django_assert_max_num_queries(2):
        response = client.get("/api/v1/memberships?instrument=FAMILY")

    assert response.json()["count"] == n + 1


def test_public_gets_a_membership(client, bukhara):
    membership = Membership.objects.get(instrument=bukhara.bkd, country__code="UZ")

    response = client.get(f"/api/v1/memberships/{membership.pk}")

    assert response.json() == {
        "id": membership.pk,
        "instrument": "BKD",
        "country": "UZ",
        "organisation": None,
        "member_name": "Uzbekistan",
        "role": "signatory",
        "signed_on": "2002-05-16",
        "effective_on": None,
        "withdrawn_on": None,
        "is_current": True,
        "note": "",
    }


# --- memberships: writing ------------------------------------------------------------------

NEW_MEMBERSHIP = {
    "instrument": "BKD",
    "country": "MN",
    "role": "signatory",
    "signed_on": "2021-01-05",
}


def test_secretariat_adds_a_membership(client, secretariat_officer, bukhara):
    f.make_country("MN")

    response = client.post(
        "/api/v1/memberships",
        NEW_MEMBERSHIP,
        content_type="application/json",
        headers=bearer(secretariat_officer),
    )

    assert response.status_code == 201
    membership = Membership.objects.get(instrument=bukhara.bkd, country__code="MN")
    assert response.json()["id"] == membership.pk
    assert membership.role == MembershipRole.SIGNATORY
    assert membership.history.first().history_user == secretariat_officer


@pytest.mark.parametrize(("persona", "status"), DENIED_WRITERS, indirect=["persona"])
def test_others_cannot_add_a_membership(client, persona, status):
    before = Membership.objects.count()

    response = client.post(
        "/api/v1/memberships",
        NEW_MEMBERSHIP,
        content_type="application/json",
        headers=bearer(persona),
    )

    assert response.status_code == status
    assert Membership.objects.count() == before


def test_membership_for_an_unknown_country_code_is_refused(client, secretariat_officer):
    before = Membership.objects.count()

    response = client.post(
        "/api/v1/memberships",
        {**NEW_MEMBERSHIP, "country": "XX"},
        content_type="application/json",
        headers=bearer(secretariat_officer),
    )

    assert response.status_code == 422
    assert response.json() == {
        "detail": "Unknown country code 'XX'.",
        "errors": {"country": ["Unknown country code 'XX'."]},
    }
    assert Membership.objects.count() == before


def test_membership_in_an_unknown_instrument_is_refused(client, secretariat_officer):
    before = Membership.objects.count()

    response = client.post(
        "/api/v1/memberships",
        {**NEW_MEMBERSHIP, "instrument": "NOPE"},
        content_type="application/json",
        headers=bearer(secretariat_officer),
    )

    assert response.status_code == 422
    assert response.json()["errors"] == {"instrument": ["Unknown instrument code 'NOPE'."]}
    assert Membership.objects.count() == before


def test_membership_in_an_instrument_the_user_cannot_see_is_refused_as_unknown(client, bukhara):
    f.make_instrument(code="DRAFT", is_published=False)
    officer = f.make_secretariat(instruments=[bukhara.cms])
    before = Membership.objects.count()

    response = client.post(
        "/api/v1/memberships",
        {**NEW_MEMBERSHIP, "instrument": "DRAFT"},
        content_type="application/json",
        headers=bearer(officer),
    )

    assert response.status_code == 422
    assert response.json()["errors"] == {"instrument": ["Unknown instrument code 'DRAFT'."]}
    assert Membership.objects.count() == before


def test_duplicate_current_membership_is_refused(client, secretariat_officer):
    before = Membership.objects.count()

    response = client.post(
        "/api/v1/memberships",
        {**NEW_MEMBERSHIP, "country": "UZ"},
        content_type="application/json",
        headers=bearer(secretariat_officer),
    )

    assert response.status_code == 422
    assert response.json() == {
        "detail": "This country is already a member of this instrument.",
        "errors": {"__all__": ["This country is already a member of this instrument."]},
    }
    assert Membership.objects.count() == before


def test_membership_withdrawn_before_it_was_signed_is_refused(client, secretariat_officer):
    f.make_country("MN")
    before = Membership.objects.count()

    response = client.post(
        "/api/v1/memberships",
        {**NEW_MEMBERSHIP, "withdrawn_on": "2020-01-01"},
        content_type="application/json",
        headers=bearer(secretariat_officer),
    )

    assert response.status_code == 422
    assert response.json()["errors"] == {
        "withdrawn_on": ["The withdrawal date is before the start date."]
    }
    assert Membership.objects.count() == before


def test_membership_without_a_role_is_refused_naming_the_field(client, secretariat_officer):
    before = Membership.objects.count()

    response = client.post(
        "/api/v1/memberships",
        {"instrument": "BKD", "country": "MN"},
        content_type="application/json",
        headers=bearer(secretariat_officer),
    )

    assert response.status_code == 422
    assert response.json() == {"detail": "Field required", "errors": {"role": ["Field required"]}}
    assert Membership.objects.count() == before


def test_secretariat_changes_a_membership_role(client, secretariat_officer, bukhara):
    membership = Membership.objects.get(instrument=bukhara.bkd, country__code="AF")

    response = client.patch(
        f"/api/v1/memberships/{membership.pk}",
        {"role": "signatory", "signed_on": "2024-03-01"},
        content_type="application/json",
        headers=bearer(secretariat_officer),
    )

    assert response.status_code == 200
    membership.refresh_from_db()
    assert (membership.role, membership.signed_on) == ("signatory", dt.date(2024, 3, 1))
    assert membership.history.first().history_user == secretariat_officer


@pytest.mark.parametrize(("persona", "status"), DENIED_WRITERS, indirect=["persona"])
def test_others_cannot_change_a_membership(client, persona, status, bukhara):
    membership = Membership.objects.get(instrument=bukhara.bkd, country__code="AF")

    response = client.patch(
        f"/api/v1/memberships/{membership.pk}",
        {"role": "signatory"},
        content_type="application/json",
        headers=bearer(persona),
    )

    assert response.status_code == status
    membership.refresh_from_db()
    assert membership.role == MembershipRole.RANGE_STATE


def test_secretariat_records_a_withdrawal(client, secretariat_officer, bukhara):
    membership = Membership.objects.get(instrument=bukhara.bkd, country__code="TM")

    response = client.post(
        f"/api/v1/memberships/{membership.pk}/withdraw",
        {"withdrawn_on": "2010-01-01"},
        content_type="application/json",
        headers=bearer(secretariat_officer),
    )

    assert response.status_code == 200
    assert response.json()["is_current"] is False
    membership.refresh_from_db()
    assert membership.withdrawn_on == dt.date(2010, 1, 1)
    assert membership.history.first().history_user == secretariat_officer


def test_withdrawal_before_signature_is_refused(client, secretariat_officer, bukhara):
    membership = Membership.objects.get(instrument=bukhara.bkd, country__code="TM")

    response = client.post(
        f"/api/v1/memberships/{membership.pk}/withdraw",
        {"withdrawn_on": "2001-01-01"},
        content_type="application/json",
        headers=bearer(secretariat_officer),
    )

    assert response.status_code == 422
    assert response.json() == {
        "detail": "The withdrawal date is before the start date.",
        "errors": {"withdrawn_on": ["The withdrawal date is before the start date."]},
    }
    membership.refresh_from_db()
    assert membership.withdrawn_on is None


def test_secretariat_deletes_a_membership(client, secretariat_officer, bukhara):
    membership = Membership.objects.get(instrument=bukhara.bkd, country__code="AF")

    response = client.delete(
        f"/api/v1/memberships/{membership.pk}", headers=bearer(secretariat_officer)
    )

    assert response.status_code == 204
    assert not Membership.objects.filter(pk=membership.pk).exists()
    deleted = Membership.history.filter(id=membership.pk).first()
    assert (deleted.history_type, deleted.history_user) == ("-", secretariat_officer)


@pytest.mark.parametrize(("persona", "status"), DENIED_WRITERS, indirect=["persona"])
def test_others_cannot_delete_a_membership(client, persona, status, bukhara):
    membership = Membership.objects.get(instrument=bukhara.bkd, country__code="AF")

    response = client.delete(f"/api/v1/memberships/{membership.pk}", headers=bearer(persona))

    assert response.status_code == status
    assert Membership.objects.filter(pk=membership.pk).exists()


def test_membership_of_an_unpublished_instrument_is_404_for_a_focal_point(
    client, nfp_uzbekistan, bukhara
):
    draft = f.make_instrument(code="DRAFT", parent=bukhara.cms, is_published=False)
    membership = f.make_membership(instrument=draft, country=f.make_country("UZ"))

    response = client.delete(f"/api/v1/memberships/{membership.pk}", headers=bearer(nfp_uzbekistan))

    assert response.status_code == 404
    assert Membership.objects.filter(pk=membership.pk).exists()


# --- relations -----------------------------------------------------------------------------


def pairs(response) -> list[tuple[str, str]]:  # type: ignore[no-untyped-def]
    return [(item["source"], item["target"]) for item in response.json()["items"]]


@pytest.mark.parametrize(
    ("query", "expected"),
    [
        ("", [("BKD", "CAMI"), ("CAMI", "CMS")]),
        ("source=BKD", [("BKD", "CAMI")]),
        ("target=cms", [("CAMI", "CMS")]),
        ("kind=folded_into", [("BKD", "CAMI")]),
        ("q=bukhara", [("BKD", "CAMI")]),
    ],
)
def test_public_filters_and_searches_relations(client, bukhara, query, expected):
    response = client.get(f"/api/v1/relations?{query}")

    assert pairs(response) == expected


@pytest.mark.parametrize("n", [1, 3])
def test_relation_list_queries_do_not_grow_with_items(client, django_assert_max_num_queries, n):
    target = f.make_instrument(code="HUB")
    for _ in range(n):
        InstrumentRelation.objects.create(
            source=f.make_instrument(), target=target, kind="aligned_with"
        )

    with django_assert_max_num_queries(2):
        response = client.get("/api/v1/relations?target=HUB")

    assert response.json()["count"] == n


def test_public_gets_a_relation(client, bukhara):
    relation = InstrumentRelation.objects.get(source=bukhara.bkd)

    response = client.get(f"/api/v1/relations/{relation.pk}")

    assert response.json()["kind"] == "folded_into"
    assert response.json()["shares_focal_points"] is True


def test_secretariat_relates_two_instruments(client, secretariat_officer, bukhara):
    response = client.post(
        "/api/v1/relations",
        {"source": "BKD", "target": "CMS", "kind": "covered_by", "since": "2014-01-01"},
        content_type="application/json",
        headers=bearer(secretariat_officer),
    )

    assert response.status_code == 201
    relation = InstrumentRelation.objects.get(source=bukhara.bkd, target=bukhara.cms)
    assert relation.history.first().history_user == secretariat_officer


@pytest.mark.parametrize(("persona", "status"), DENIED_WRITERS, indirect=["persona"])
def test_others_cannot_relate_instruments(client, persona, status):
    before = InstrumentRelation.objects.count()

    response = client.post(
        "/api/v1/relations",
        {"source": "BKD", "target": "CMS", "kind": "covered_by"},
        content_type="application/json",
        headers=bearer(persona),
    )

    assert response.status_code == status
    assert InstrumentRelation.objects.count() == before


def test_an_instrument_cannot_relate_to_itself(client, secretariat_officer):
    before = InstrumentRelation.objects.count()

    response = client.post(
        "/api/v1/relations",
        {"source": "BKD", "target": "BKD", "kind": "aligned_with"},
        content_type="application/json",
        headers=bearer(secretariat_officer),
    )

    assert response.status_code == 422
    assert response.json()["errors"] == {"target": ["An instrument cannot relate to itself."]}
    assert InstrumentRelation.objects.count() == before


def test_secretariat_updates_a_relation(client, secretariat_officer, bukhara):
    relation = InstrumentRelation.objects.get(source=bukhara.bkd)

    response = client.patch(
        f"/api/v1/relations/{relation.pk}",
        {"meaning": "Meetings back to back with CAMI.", "since": "2014-11-04"},
        content_type="application/json",
        headers=bearer(secretariat_officer),
    )

    assert response.status_code == 200
    relation.refresh_from_db()
    assert relation.meaning == "Meetings back to back with CAMI."
    assert relation.history.first().history_user == secretariat_officer


@pytest.mark.parametrize(("persona", "status"), DENIED_WRITERS, indirect=["persona"])
def test_others_cannot_update_a_relation(client, persona, status, bukhara):
    relation = InstrumentRelation.objects.get(source=bukhara.bkd)

    response = client.patch(
        f"/api/v1/relations/{relation.pk}",
        {"meaning": "Changed."},
        content_type="application/json",
        headers=bearer(persona),
    )

    assert response.status_code == status
    relation.refresh_from_db()
    assert relation.meaning == ""


def test_secretariat_deletes_a_relation(client, secretariat_officer, bukhara):
    relation = InstrumentRelation.objects.get(source=bukhara.bkd)

    response = client.delete(
        f"/api/v1/relations/{relation.pk}", headers=bearer(secretariat_officer)
    )

    assert response.status_code == 204
    assert not InstrumentRelation.objects.filter(pk=relation.pk).exists()


@pytest.mark.parametrize(("persona", "status"), DENIED_WRITERS, indirect=["persona"])
def test_others_cannot_delete_a_relation(client, persona, status, bukhara):
    relation = InstrumentRelation.objects.get(source=bukhara.bkd)

    response = client.delete(f"/api/v1/relations/{relation.pk}", headers=bearer(persona))

    assert response.status_code == status
    assert InstrumentRelation.objects.filter(pk=relation.pk).exists()
