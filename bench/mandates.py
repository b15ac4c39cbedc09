"""Benchmark of the mandate tracker at scale; prints JSON figures.

Builds, in a throw-away SQLite database (or the PostgreSQL of DATABASE_URL, in its test
database), 300 resolutions and decisions of the synthetic corpus (``bench/corpus.py``: the
CMS, Ramsar and CBD styles) ingested as the Secretariat does, which reads their mandates from
the text (about 4,600), topped up to 5,000 with more actors on the same paragraphs; then
spreads statuses, owners and deadlines over them and gives CMS a Standing Committee and a
COP to come. Measures:

- the carry-over for a 40-paragraph revision (a corpus resolution of 6 preamble and 34
  operative paragraphs, revised: paragraphs reworded, two dropped, two added): median and
  p95 over several runs of ``services.carry_over`` (target < 1 s);
- the dashboard page (``mandates:dashboard``) as staff see it: server time with the Django
  test client, p95 over 100 requests (target < 100 ms), when the view exists;
- the DOCX of a progress report with 200 mandates (``reports.progress_report_docx``, target
  < 3 s), when the export exists.

Usage: .venv/bin/python bench/mandates.py [--resolutions N] [--mandates N] [--runs N]
[--requests N]
"""

from __future__ import annotations

import argparse
import datetime as dt
import json
import os
import random
import statistics
import sys
import tempfile
import time
from pathlib import Path
from typing import Any

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))

RESOLUTION_STYLES = ("cms-resolution", "ramsar-resolution", "cbd-decision")
TARGET_CARRY_OVER_S = 1.0
TARGET_DASHBOARD_MS = 100
TARGET_DOCX_S = 3.0
REVISION_PARAGRAPHS = 40


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__)
    parser.add_argument("--resolutions", type=int, default=300)
    parser.add_argument("--mandates", type=int, default=5000)
    parser.add_argument("--runs", type=int, default=20, help="carry-over runs")
    parser.add_argument("--requests", type=int, default=100, help="dashboard requests")
    args = parser.parse_args()

    folder = tempfile.mkdtemp(prefix="meahub-bench-mandates-")
    if not os.environ.get("DATABASE_URL"):
        os.environ["MEAHUB_VAR_DIR"] = folder
    os.environ["MEDIA_ROOT"] = str(Path(folder) / "media")
    os.environ.setdefault("DJANGO_SETTINGS_MODULE", "meahub.settings")
    os.environ["ALLOWED_HOSTS"] = "testserver,127.0.0.1,localhost"
    import django

    django.setup()
    from django.core.management import call_command
    from django.test.utils import setup_test_environment

    setup_test_environment()
    database = "sqlite"
    if os.environ.get("DATABASE_URL"):
        from django.db import connection

        database = "postgresql"
        connection.creation.create_test_db(verbosity=0, autoclobber=True)
    else:
        call_command("migrate", verbosity=0)

    built = build(args.resolutions, args.mandates)
    print(
        json.dumps(
            {
                "database": database,
                "data": built,
                "carry_over": measure_carry_over(args.runs),
                "dashboard": measure_dashboard(args.requests),
                "progress_docx": measure_progress_docx(),
            },
            indent=2,
        )
    )


# --- data -----------------------------------------------------------------------------------


def build(resolutions: int = 300, mandates: int = 5000) -> dict[str, Any]:
    """Ingest ``resolutions`` resolutions and decisions of the synthetic corpus (their
    mandates come from the text), top the mandates up to ``mandates``, spread statuses,
    owners and deadlines, and give CMS its next Standing Committee and COP. Returns counts."""
    from django.db import transaction

    from bench.corpus import generate_documents
    from meahub.accounts.models import User
    from meahub.documents.services import ActorTable, ingest_text
    from meahub.instruments.models import Instrument
    from meahub.mandates.models import Mandate
    from meahub.meetings.models import Meeting

    rng = random.Random(7)
    cms, _ = Instrument.objects.get_or_create(
        code="CMS",
        defaults={"kind": "convention", "short_name": "CMS", "full_name": "CMS"},
    )
    today = dt.date.today()
    Meeting.objects.create(
        slug="bench-stc",
        instrument=cms,
        kind="stc",
        name="Next meeting of the Standing Committee",
        starts_on=today + dt.timedelta(days=120),
    )
    Meeting.objects.create(
        slug="bench-cop",
        instrument=cms,
        kind="cop",
        name="Next meeting of the Conference of the Parties",
        starts_on=today + dt.timedelta(days=400),
    )
    staff = [
        User.objects.create_user(username=f"officer{i}", password="x", is_secretariat=True)
        for i in range(10)
    ]
    for officer in staff:
        officer.instruments_served.add(cms)

    wanted = _corpus_size(resolutions)
    documents = [d for d in generate_documents(wanted, seed=1) if d.style in RESOLUTION_STYLES]
    documents = documents[:resolutions]
    actors = ActorTable.load()
    start = time.perf_counter()
    for document in documents:
        outcome = ingest_text(document.text, document.name, by=None, actors=actors, publish=True)
        if outcome.refused:
            raise SystemExit(outcome.message)
    ingest_s = time.perf_counter() - start
    from_text = Mandate.objects.count()

    with transaction.atomic():
        _top_up(mandates, rng)
        _spread(rng, staff, today)
    return {
        "resolutions": len(documents),
        "ingest_s": round(ingest_s, 1),
        "mandates_from_text": from_text,
        "mandates": Mandate.objects.count(),
        "statuses": dict(
            Mandate.objects.values_list("status").annotate(n=_count()).order_by("status")
        ),
    }


def _count() -> Any:
    from django.db.models import Count

    return Count("pk")


def _corpus_size(resolutions: int) -> int:
    """How many corpus documents give ``resolutions`` of the resolution styles (3 in 5)."""
    return (resolutions * 5 + 2) // 3


def _top_up(target: int, rng: random.Random) -> None:
    """More actors on paragraphs that already give mandates, until there are ``target``."""
    from meahub.documents.models import Actor
    from meahub.mandates.models import Mandate

    existing = list(Mandate.objects.all())
    missing = target - len(existing)
    if missing <= 0:
        return
    actors = list(Actor.objects.all())
    taken = {(m.paragraph_id, m.verb_index, m.actor_id) for m in existing}
    extra: list[Mandate] = []
    while len(extra) < missing:
        model = rng.choice(existing)
        actor = rng.choice(actors)
        key = (model.paragraph_id, model.verb_index, actor.pk)
        if key in taken:
            continue
        taken.add(key)
        extra.append(
            Mandate(
                document_id=model.document_id,
                paragraph_id=model.paragraph_id,
                instrument_id=model.instrument_id,
                actor=actor,
                verb=model.verb,
                verb_index=model.verb_index,
                action=model.action,
                timing=model.timing,
                theme=model.theme,
            )
        )
    Mandate.objects.bulk_create(extra, batch_size=500)


def _spread(rng: random.Random, staff: list[Any], today: dt.date) -> None:
    """Statuses, owners, deadlines and bodies reported to, as a tracker in use has them."""
    from meahub.mandates.models import Mandate
    from meahub.meetings.models import Meeting

    stc = Meeting.objects.get(slug="bench-stc")
    statuses = ["not_started"] * 40 + ["in_progress"] * 25 + ["ongoing"] * 15 + ["done"] * 15
    statuses += ["retired"] * 5
    rows = list(Mandate.objects.all())
    for mandate in rows:
        mandate.status = rng.choice(statuses)
        mandate.owner = rng.choice(staff) if rng.random() < 0.6 else None
        if rng.random() < 0.3:
            mandate.timing = "time_bound"
            mandate.due_date = today + dt.timedelta(days=rng.randint(-700, 700))
        if rng.random() < 0.3:
            mandate.report_to = rng.choice(["stc", "cop", "scientific"])
        if mandate.instrument_id == stc.instrument_id and rng.random() < 0.05:
            mandate.due_meeting = stc
    Mandate.objects.bulk_update(
        rows, ["status", "owner", "timing", "due_date", "report_to", "due_meeting"], batch_size=500
    )


# --- carry-over -----------------------------------------------------------------------------


def _revision_of(text: str) -> tuple[str, str, int]:
    """(symbol, text, paragraphs) of a revised version of a corpus resolution: the same
    header with "(Rev.COPn)" and a later date, every fifth operative paragraph reworded, the
    3rd and 20th dropped, two new ones."""
    from meahub.documents.parser import parse_text

    parsed = parse_text(text)
    assert parsed.symbol is not None and parsed.date is not None
    symbol = f"{parsed.symbol} (Rev.COP99)"
    later = parsed.date + dt.timedelta(days=3 * 365)
    preamble = [p.text for p in parsed.paragraphs if p.section == "preamble"]
    operative = [p for p in parsed.paragraphs if p.section == "operative"]
    kept: list[str] = []
    for index, paragraph in enumerate(operative, start=1):
        if index in (3, 20):
            continue
        body = paragraph.text
        if index % 5 == 0:
            body = body.rstrip(";.:") + ", taking into account the findings of the last review;"
        items = [f"{s.label} {s.text}" for s in paragraph.subitems]
        kept.append("\n".join([body, *items]))
    kept.insert(8, "Requests the Secretariat to set up an online register of flyway sites;")
    kept.insert(25, "Encourages Range States to share tracking data through the register;")
    lines = [
        symbol,
        later.strftime("%-d %B %Y"),
        "Original: English",
        "",
        (parsed.title or "REVISED RESOLUTION").upper(),
        "",
        *[f"{p}\n" for p in preamble],
        "The Conference of the Parties to the Convention on the Conservation of Migratory "
        "Species of Wild Animals",
        "",
        *[f"{n}. {body}\n" for n, body in enumerate(kept, start=1)],
    ]
    return symbol, "\n".join(lines), len(preamble) + len(kept)


def measure_carry_over(runs: int = 20) -> dict[str, Any]:
    """Ingest a revision of the corpus resolution closest to 40 paragraphs (the carry-over
    runs inside the ingest), then time ``carry_over`` alone ``runs`` times, each from the
    state before any link (reset inside a transaction that is rolled back)."""
    from django.db import transaction

    from meahub.documents.models import Document
    from meahub.documents.services import ingest_text
    from meahub.mandates.models import Mandate
    from meahub.mandates.services import carry_over

    held = Document.objects.filter(kind="resolution", symbol__startswith="UNEP/CMS/Resolution")
    counts = {d.pk: d.paragraphs.count() for d in held}
    old = min(held, key=lambda d: (abs(counts[d.pk] - REVISION_PARAGRAPHS), d.pk))
    symbol, text, paragraphs = _revision_of(old.text)
    statuses = dict(Mandate.objects.filter(document=old).values_list("pk", "status"))
    start = time.perf_counter()
    outcome = ingest_text(text, "revision.txt", by=None)
    ingest_s = time.perf_counter() - start
    new = outcome.document
    if new is None or not new.supersedes.filter(pk=old.pk).exists():
        raise SystemExit(f"the revision did not supersede {old.symbol}: {outcome.message}")
    history = Mandate.history.model.objects
    timings: list[float] = []
    result = None
    for _ in range(runs):
        with transaction.atomic():
            both = Mandate.objects.filter(document__in=[old, new])
            history.filter(id__in=both.values("pk")).delete()
            Mandate.objects.filter(document=new).update(
                predecessor=None, review="", status="not_started", owner=None
            )
            for pk, status in statuses.items():
                Mandate.objects.filter(pk=pk).update(status=status, review="")
            start = time.perf_counter()
            result = carry_over(old=old, new=new, by=None)
            timings.append(time.perf_counter() - start)
            transaction.set_rollback(True)
    timings.sort()
    return {
        "old": old.symbol,
        "new": symbol,
        "paragraphs": {"old": counts[old.pk], "new": paragraphs},
        "mandates": {
            "old": len(statuses),
            "new": Mandate.objects.filter(document=new).count(),
        },
        "result": result.__dict__ if result else None,
        "revision_ingest_s": round(ingest_s, 3),
        "runs": runs,
        "seconds": {
            "median": round(statistics.median(timings), 4),
            "p95": round(timings[max(0, int(len(timings) * 0.95) - 1)], 4),
            "max": round(timings[-1], 4),
        },
        "target_s": TARGET_CARRY_OVER_S,
        "meets_target": timings[-1] < TARGET_CARRY_OVER_S,
    }


# --- pages and exports ----------------------------------------------------------------------


def measure_dashboard(requests: int = 100) -> dict[str, Any]:
    """Server time of the dashboard page as staff see it (Django test client), p95 over
    ``requests`` requests after a warm-up; skipped while the view does not exist."""
    from django.test import Client
    from django.urls import NoReverseMatch, reverse

    from meahub.accounts.models import User

    try:
        url = reverse("mandates:dashboard")
    except NoReverseMatch:
        return {"skipped": "no mandates:dashboard view yet"}
    client = Client()
    client.force_login(User.objects.get(username="officer0"))
    for _ in range(5):
        response = client.get(url)
        if response.status_code != 200:
            raise SystemExit(f"{url} answered {response.status_code}")
    timings: list[float] = []
    for _ in range(requests):
        start = time.perf_counter()
        client.get(url)
        timings.append((time.perf_counter() - start) * 1000)
    timings.sort()
    p95 = timings[max(0, int(len(timings) * 0.95) - 1)]
    return {
        "url": url,
        "requests": requests,
        "ms": {
            "median": round(statistics.median(timings), 2),
            "p95": round(p95, 2),
            "max": round(timings[-1], 2),
        },
        "target_p95_ms": TARGET_DASHBOARD_MS,
        "meets_target": p95 < TARGET_DASHBOARD_MS,
    }


def measure_progress_docx(mandates: int = 200, runs: int = 5) -> dict[str, Any]:
    """Time ``reports.progress_report_docx`` on a report of ``mandates`` CMS mandates (one
    entry each, with evidence on some); skipped while the export does not exist."""
    try:
        from meahub.mandates.reports import progress_report_docx
    except ImportError:
        return {"skipped": "no meahub.mandates.reports.progress_report_docx yet"}
    from meahub.instruments.models import Instrument
    from meahub.mandates.models import Evidence, Mandate, ProgressEntry, ProgressReport
    from meahub.meetings.models import Meeting

    cms = Instrument.objects.get(code="CMS")
    chosen = list(
        Mandate.objects.filter(instrument=cms)
        .select_related("document", "paragraph")
        .order_by("pk")[:mandates]
    )
    report = ProgressReport.objects.create(
        instrument=cms,
        meeting=Meeting.objects.get(slug="bench-stc"),
        symbol="UNEP/CMS/StC99/Doc.12",
        title="Progress on the mandates of CMS",
        summary="This report gives the progress made on the mandates of CMS.",
        action_requested="The Standing Committee is invited to take note of this report.",
    )
    ProgressEntry.objects.bulk_create(
        ProgressEntry(
            report=report,
            mandate=mandate,
            theme=mandate.theme or "Other mandates",
            position=position,
            text=f"{mandate.action} The Secretariat has taken this work forward.",
        )
        for position, mandate in enumerate(chosen, start=1)
    )
    Evidence.objects.bulk_create(
        Evidence(mandate=mandate, kind="link", url=f"https://example.org/e/{mandate.pk}")
        for mandate in chosen[::4]
    )
    progress_report_docx(report)
    timings: list[float] = []
    size = 0
    for _ in range(runs):
        start = time.perf_counter()
        size = len(progress_report_docx(report))
        timings.append(time.perf_counter() - start)
    return {
        "mandates": len(chosen),
        "runs": runs,
        "bytes": size,
        "seconds": {"median": round(statistics.median(timings), 3), "max": round(max(timings), 3)},
        "target_s": TARGET_DOCX_S,
        "meets_target": max(timings) < TARGET_DOCX_S,
    }


if __name__ == "__main__":
    main()
