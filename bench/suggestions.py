"""Benchmark of evidence suggestions: how good they are on seed 002, and how fast; prints JSON.

Ingests, into a throw-away SQLite database (or the PostgreSQL of DATABASE_URL, in its test
database), seed 001 (Resolution 10.21), seed 003 (Resolution 11.10 (Rev.COP14)) and seed 002
(the progress report UNEP/CMS/StC44/16), then suggests mandates for the report's paragraphs
with each method available (lexical always; semantic when ``meahub[semantic]`` is installed)
and scores them against the hand links of ``meahub/mandates/tests/seed_002_links.py``:
precision at 1 and 3 over the hand-linked paragraphs, and the share of links found in the
first three. Timing: the seed report (median of N runs), and a synthetic report of 30
paragraphs against 500 candidate mandates (target: well under a second, lexical).
Usage: .venv/bin/python bench/suggestions.py [--runs N] [--detail]
"""

from __future__ import annotations

import argparse
import json
import os
import random
import statistics
import sys
import tempfile
import time
from functools import partial
from pathlib import Path
from typing import Any

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))

SEEDS_DIR = ROOT.parent / "shared" / "seeds"
SEEDS = (
    ("001_*.txt", "UNEP/CMS/Resolution 10.21"),
    ("003_*.txt", None),
    ("002_*.txt", "UNEP/CMS/StC44/16"),
)
TARGET_SYNTHETIC_S = 1.0


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__)
    parser.add_argument("--runs", type=int, default=20)
    parser.add_argument("--detail", action="store_true", help="print each paragraph's suggestions")
    args = parser.parse_args()

    if not os.environ.get("DATABASE_URL"):
        os.environ["MEAHUB_VAR_DIR"] = tempfile.mkdtemp(prefix="meahub-bench-")
    os.environ.setdefault("DJANGO_SETTINGS_MODULE", "meahub.settings")
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

    figures: dict[str, Any] = {"database": database}
    if SEEDS_DIR.is_dir():
        figures["seed_002"] = measure_seed(args.runs, args.detail)
    else:
        figures["seed_002"] = {"skipped": f"the seed documents are not at {SEEDS_DIR}"}
    figures["synthetic"] = measure_synthetic(args.runs)
    print(json.dumps(figures, indent=2))


def _median_s(timings: list[float]) -> float:
    return round(statistics.median(timings), 4)


def _timed(run: Any) -> tuple[float, float, Any]:
    """Wall-clock and CPU seconds of ``run()`` (CPU time says what the work costs when
    other processes share the machine), and its result."""
    wall, cpu = time.perf_counter(), time.process_time()
    result = run()
    return time.perf_counter() - wall, time.process_time() - cpu, result


def ingest_seeds() -> Any:
    """The three seeds ingested in order (resolutions first); returns the report."""
    from meahub.documents.services import ingest_path
    from meahub.instruments.models import Instrument

    Instrument.objects.get_or_create(
        code="CMS",
        defaults={
            "kind": "convention",
            "short_name": "CMS",
            "full_name": "Convention on the Conservation of Migratory Species of Wild Animals",
        },
    )
    report = None
    for pattern, symbol in SEEDS:
        (path,) = SEEDS_DIR.glob(pattern)
        outcome = ingest_path(path, by=None, symbol=symbol)
        if outcome.refused:
            raise SystemExit(outcome.message)
        report = outcome.document
    return report


def measure_seed(runs: int, detail: bool) -> dict[str, Any]:
    from meahub.mandates import semantic
    from meahub.mandates.models import Mandate
    from meahub.mandates.suggestions import suggest_for_report
    from meahub.mandates.tests.seed_002_links import LINKS, evaluate, suggested_sources

    report = ingest_seeds()  # ingest makes the mandates, their carry-over and suggestions
    result: dict[str, Any] = {
        "mandates": Mandate.objects.count(),
        "mandates_carried_over": Mandate.objects.filter(predecessor__isnull=False).count(),
        "body_paragraphs": report.paragraphs.filter(section="body").count(),
    }
    methods = ["lexical", *(["semantic"] if semantic.is_available() else [])]
    if "semantic" not in methods:
        result["semantic"] = {"skipped": "not installed (pip install 'meahub[semantic]')"}
    for method in methods:
        first, _, count = _timed(partial(suggest_for_report, report, method=method))
        timings, cpu = [], []
        for _ in range(runs):
            semantic.forget_embeddings()  # time the embedding too, not the cache
            wall, used, _ = _timed(partial(suggest_for_report, report, method=method))
            timings.append(wall)
            cpu.append(used)
        suggested = suggested_sources(report)
        figures: dict[str, Any] = {
            "suggestions": count,
            **evaluate(suggested),
            "first_run_s": round(first, 4),  # semantic: with loading the model
            "median_s": _median_s(timings),
            "median_cpu_s": _median_s(cpu),
        }
        if detail:
            figures["per_paragraph"] = {
                anchor: {
                    "suggested": [f"{key} ¶{where}" for key, where in sources],
                    "linked": sorted(f"{key} ¶{where}" for key, where in LINKS[anchor].targets)
                    if anchor in LINKS
                    else [],
                }
                for anchor, sources in suggested.items()
            }
        result[method] = figures
    return result


def measure_synthetic(runs: int, paragraphs: int = 30, mandates: int = 500) -> dict[str, Any]:
    """A report of ``paragraphs`` paragraphs citing resolutions with ``mandates`` mandates in
    all, worded from a shared vocabulary so that most pairs share some terms."""
    from django.db import transaction

    from meahub.documents.enums import DocumentKind, ReferenceKind, Section
    from meahub.documents.models import Actor, Citation, Document, Paragraph
    from meahub.mandates.models import Mandate
    from meahub.mandates.suggestions import suggest_for_report

    rng = random.Random(7)
    words = [f"word{i}" for i in range(2000)]
    actors = list(Actor.objects.all()[:5])

    def text(length: int) -> str:
        return " ".join(rng.choice(words) for _ in range(length))

    with transaction.atomic():
        resolutions = [
            Document.objects.create(
                symbol=f"UNEP/CMS/Resolution 90.{i}",
                key=f"Resolution 90.{i}",
                kind=DocumentKind.RESOLUTION,
            )
            for i in range(10)
        ]
        sources = Paragraph.objects.bulk_create(
            Paragraph(
                document=resolutions[i % 10],
                position=i,
                anchor=str(i + 1),
                section=Section.OPERATIVE,
                number=str(i + 1),
                text=f"Requests the Secretariat to {text(60)}",
            )
            for i in range(mandates)
        )
        Mandate.objects.bulk_create(
            Mandate(
                paragraph=source,
                document_id=source.document_id,
                actor=actors[i % len(actors)],
                verb="requests",
                action=text(25),
            )
            for i, source in enumerate(sources)
        )
        report = Document.objects.create(
            symbol="UNEP/CMS/StC90/Doc.1", key="UNEP/CMS/StC90/Doc.1", kind="working document"
        )
        Paragraph.objects.bulk_create(
            Paragraph(
                document=report,
                position=i,
                anchor=str(i + 1),
                section=Section.BODY,
                number=str(i + 1),
                text=f"The Secretariat has {text(90)}",
            )
            for i in range(paragraphs)
        )
        Citation.objects.bulk_create(
            Citation(
                document=report,
                position=i,
                kind=ReferenceKind.RESOLUTION,
                ref=resolution.key,
                target=resolution,
            )
            for i, resolution in enumerate(resolutions)
        )
    timings, cpu = [], []
    count = 0
    for _ in range(runs):
        wall, used, count = _timed(partial(suggest_for_report, report, method="lexical"))
        timings.append(wall)
        cpu.append(used)
    return {
        "paragraphs": paragraphs,
        "candidate_mandates": mandates,
        "suggestions": count,
        "lexical_median_s": _median_s(timings),
        "lexical_max_s": round(max(timings), 4),
        "lexical_median_cpu_s": _median_s(cpu),
        "target_s": TARGET_SYNTHETIC_S,
    }


if __name__ == "__main__":
    main()
