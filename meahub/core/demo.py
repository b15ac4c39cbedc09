"""Load the demo data (our own data files of facts from the source documents), idempotently.

Every row is found by its natural key (ISO code, instrument code, slug, e-mail) and updated in
place, so running ``meahub demo`` twice leaves the database as one run did. Rows are validated
(``full_clean``) before they are saved, and the whole load is one transaction.
"""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

import yaml
from django.db import models, transaction

from meahub.accounts.models import User
from meahub.contacts.models import Contact, FocalPointRole
from meahub.countries.models import Country
from meahub.countries.services import sync_countries
from meahub.documents.enums import IngestStatus
from meahub.documents.models import Document
from meahub.documents.services import ActorTable, ingest_path
from meahub.instruments.models import Instrument, InstrumentRelation, Membership
from meahub.meetings.models import Meeting
from meahub.organisations.models import Organisation
from meahub.species.models import PopulationEstimate, Species

DEMO_DIR = Path(__file__).resolve().parent / "data" / "demo"
DOCUMENTS_DIR = DEMO_DIR / "documents"
REASON = "demo data"


@dataclass
class LoadReport:
    created: dict[str, int] = field(default_factory=dict)
    updated: dict[str, int] = field(default_factory=dict)

    def count(self, model: type[models.Model], created: bool, changed: bool) -> None:
        name = model._meta.verbose_name_plural
        if created:
            self.created[str(name)] = self.created.get(str(name), 0) + 1
        elif changed:
            self.updated[str(name)] = self.updated.get(str(name), 0) + 1

    def summary(self) -> str:
        made = ", ".join(f"{n} {name}" for name, n in sorted(self.created.items())) or "nothing"
        changed = ", ".join(f"{n} {name}" for name, n in sorted(self.updated.items())) or "nothing"
        return f"Demo data loaded: created {made}; updated {changed}."


def _read(name: str) -> Any:
    with open(DEMO_DIR / name, encoding="utf-8") as handle:
        return yaml.safe_load(handle)


def _upsert(
    report: LoadReport, model: type[models.Model], lookup: dict[str, Any], values: dict[str, Any]
) -> Any:
    """update_or_create that validates and saves only when something changed."""
    obj = model._default_manager.filter(**lookup).first()
    created = obj is None
    if obj is None:
        obj = model(**lookup)
    changed = created or any(getattr(obj, key) != value for key, value in values.items())
    if changed:
        for key, value in values.items():
            setattr(obj, key, value)
        obj.full_clean()
        obj._change_reason = REASON  # type: ignore[attr-defined]
        obj.save()
    report.count(model, created, changed)
    return obj


def _date(value: Any) -> dt.date | None:
    if value is None or isinstance(value, dt.date):
        return value
    return dt.date.fromisoformat(str(value))


@transaction.atomic
def load_demo_data() -> LoadReport:
    """Countries from ISO 3166, then organisations, species, instruments with memberships and
    relations, meetings, contacts with focal point roles, the demo accounts, the demo
    documents (ingested as the demo secretariat officer), and last national reporting (a
    Bukhara Deer MOU format, its 2020 cycle and Uzbekistan's submitted report)."""
    report = LoadReport()
    synced = sync_countries()
    if synced.created:
        report.created["countries"] = synced.created
    countries = {c.code: c for c in Country.objects.all()}

    organisations: dict[str, Organisation] = {}
    for row in _read("organisations.yaml"):
        values = {k: v for k, v in row.items() if k not in {"slug", "country"}}
        values.setdefault("website", "")
        values["country"] = countries[row["country"]] if row.get("country") else None
        organisations[row["slug"]] = _upsert(report, Organisation, {"slug": row["slug"]}, values)

    species: dict[str, Species] = {}
    for row in _read("species.yaml"):
        values = {k: v for k, v in row.items() if k not in {"slug", "estimates"}}
        item = _upsert(report, Species, {"slug": row["slug"]}, values)
        species[row["slug"]] = item
        for estimate in row.get("estimates", []):
            lookup = {
                "species": item,
                "year": estimate["year"],
                "country": countries.get(estimate.get("country", "")),
            }
            values = {k: estimate.get(k) for k in ("value", "minimum", "maximum")}
            values |= {k: estimate.get(k, "") for k in ("source_document", "note")}
            _upsert(report, PopulationEstimate, lookup, values)

    data = _read("instruments.yaml")
    instruments: dict[str, Instrument] = {}
    for row in data["instruments"]:
        values = {
            "kind": row["kind"],
            "short_name": row["short_name"],
            "full_name": row["full_name"],
            "concluded_on": _date(row.get("concluded_on")),
            "in_effect_on": _date(row.get("in_effect_on")),
            "parent": instruments.get(row.get("parent", "")),
            "secretariat": organisations.get(row.get("secretariat", "")),
            "website": row.get("website", ""),
            "is_published": True,
        }
        item = _upsert(report, Instrument, {"code": row["code"]}, values)
        wanted = {species[s].pk for s in row.get("species", [])}
        if set(item.species.values_list("pk", flat=True)) != wanted:
            item.species.set(wanted)
        instruments[row["code"]] = item
    for row in data["memberships"]:
        member: dict[str, Any] = (
            {"country": countries[row["country"]], "organisation": None}
            if "country" in row
            else {"country": None, "organisation": organisations[row["organisation"]]}
        )
        lookup = {"instrument": instruments[row["instrument"]], **member}
        values = {
            "role": row["role"],
            "signed_on": _date(row.get("signed_on")),
            "effective_on": _date(row.get("effective_on")),
            "withdrawn_on": _date(row.get("withdrawn_on")),
            "note": row.get("note", ""),
        }
        _upsert(report, Membership, lookup, values)
    for row in data["relations"]:
        lookup = {
            "source": instruments[row["source"]],
            "target": instruments[row["target"]],
            "kind": row["kind"],
        }
        values = {
            "since": _date(row.get("since")),
            "meaning": row.get("meaning", ""),
            "decided_by": row.get("decided_by", ""),
            **{
                flag: row.get(flag, False)
                for flag in ("shares_meetings", "shares_reporting", "shares_focal_points")
            },
        }
        _upsert(report, InstrumentRelation, lookup, values)

    for row in _read("meetings.yaml"):
        values = {
            "instrument": instruments[row["instrument"]],
            "kind": row["kind"],
            "name": row["name"],
            "place": row.get("place", ""),
            "starts_on": _date(row.get("starts_on")),
            "ends_on": _date(row.get("ends_on")),
        }
        _upsert(report, Meeting, {"slug": row["slug"]}, values)

    people = _read("contacts.yaml")
    contacts: dict[str, Contact] = {}
    for row in people["contacts"]:
        values = {k: row.get(k, "") for k in ("honorific", "job_title", "email", "phone")}
        values["country"] = countries.get(row.get("country", ""))
        contacts[row["key"]] = _upsert(report, Contact, {"name": row["name"]}, values)
    for row in people["roles"]:
        confirmed = _date(row.get("confirmed_on"))
        lookup = {
            "contact": contacts[row["contact"]],
            "instrument": instruments[row["instrument"]],
            "kind": row["kind"],
            "country": countries.get(row.get("country", "")),
            "species": species.get(row.get("species", "")),
        }
        values = {
            "nominated_on": _date(row["nominated_on"]),
            "confirmed_on": confirmed,
            "status": "confirmed" if confirmed else "nominated",
            "nomination_reference": row.get("nomination_reference", ""),
        }
        _upsert(report, FocalPointRole, lookup, values)

    officer = _load_accounts(report, instruments, organisations, contacts)
    _load_documents(report, officer)
    # Imported here: reporting builds on everything above (and its demo imports this module).
    from meahub.reporting.demo import load_reporting_demo

    load_reporting_demo(report, officer=officer)
    return report


def _load_documents(report: LoadReport, officer: User) -> None:
    """Ingest the demo texts (``documents/*.txt``) in file-name order, published. A file held
    already (same content hash) changes nothing; a refused one is a broken demo: it raises."""
    actors = ActorTable.load()
    for path in sorted(DOCUMENTS_DIR.glob("*.txt")):
        outcome = ingest_path(path, by=officer, publish=True, actors=actors)
        if outcome.refused:
            raise ValueError(f"The demo document {path.name} was refused: {outcome.message}")
        report.count(
            Document,
            created=outcome.status == IngestStatus.CREATED,
            changed=outcome.status == IngestStatus.UPDATED,
        )


def _load_accounts(
    report: LoadReport,
    instruments: dict[str, Instrument],
    organisations: dict[str, Organisation],
    contacts: dict[str, Contact],
) -> User:
    """The demo accounts; returns the first secretariat officer who is not a superuser (the
    one who ingests the demo documents)."""
    accounts = _read("accounts.yaml")
    password = accounts["password"]

    def account(username: str, email: str, **values: Any) -> User:
        user = User.objects.filter(username=username).first()
        created = user is None
        if user is None:
            user = User(username=username)
        changed = created or any(getattr(user, k) != v for k, v in values.items())
        changed = changed or user.email != email
        for key, value in values.items():
            setattr(user, key, value)
        user.email = email
        if created or not user.check_password(password):
            user.set_password(password)
            changed = True
        if changed:
            user.save()
        report.count(User, created, changed)
        return user

    officers: list[User] = []
    for row in accounts["secretariat"]:
        user = account(
            row["username"],
            row["email"],
            is_secretariat=True,
            is_staff=True,
            is_superuser=row.get("superuser", False),
        )
        user.instruments_served.set([instruments[c] for c in row["instruments"]])
        if not user.is_superuser:
            officers.append(user)
    for row in accounts["partners"]:
        account(
            row["username"], row["email"], partner_organisation=organisations[row["organisation"]]
        )
    for key in accounts["focal_points"]:
        contact = contacts[key]
        user = account(contact.email.lower(), contact.email, first_name=contact.name[:150])
        if contact.user_id != user.pk:
            contact.user = user
            contact._change_reason = REASON  # type: ignore[attr-defined]
            contact.save()
    return officers[0]
