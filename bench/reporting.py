"""Benchmark of national reporting at scale; prints JSON figures.

Builds, in a throw-away SQLite database (or the PostgreSQL of DATABASE_URL, in its test
database), a 300-question format (100 choice questions, 100 numbers, 60 texts, 20 yes/no,
10 tables, 10 questions in a section the countries repeat) answered by 200 countries whose
reports are submitted (60,000 answers, inserted in bulk), and one more country's draft
report, fully answered, for the form page. Measures:

- the compilation of the overview report (``overview.compile_overview``): median and max
  over several runs, with the number of queries (target < 2 s);
- the XLSX export of that overview (``overview_exports.overview_xlsx``, target < 5 s);
- the report form page with 300 questions (``reporting:report-detail``) as the country's
  focal point sees it: server time with the Django test client, median and p95 (target
  p95 < 300 ms);
- saving one answer (POST ``reporting:answer-save`` as the page does, with HTMX): median
  and p95 (target p95 < 50 ms); the service ``save_answer`` when the view does not exist.

Usage: .venv/bin/python bench/reporting.py [--countries N] [--runs N] [--requests N]
"""

from __future__ import annotations

import argparse
import datetime as dt
import gc
import json
import os
import platform
import random
import statistics
import sys
import tempfile
import time
from pathlib import Path
from typing import Any

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))

TARGET_OVERVIEW_S = 2.0
TARGET_XLSX_S = 5.0
TARGET_FORM_P95_MS = 300
TARGET_SAVE_P95_MS = 50
# How the 300 questions are made up.
CHOICES, NUMBERS, TEXTS, YES_NO, TABLES, REPEATED = 100, 100, 60, 20, 10, 10
QUESTIONS_PER_SECTION = 29  # ten sections of 29, then the repeated one of 10


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__)
    parser.add_argument("--countries", type=int, default=200)
    parser.add_argument("--runs", type=int, default=5, help="overview and XLSX runs")
    parser.add_argument("--requests", type=int, default=60, help="form page and save requests")
    args = parser.parse_args()

    folder = tempfile.mkdtemp(prefix="meahub-bench-reporting-")
    if not os.environ.get("DATABASE_URL"):
        os.environ["MEAHUB_VAR_DIR"] = folder
    os.environ["MEDIA_ROOT"] = str(Path(folder) / "media")
    os.environ.setdefault("DJANGO_SETTINGS_MODULE", "meahub.settings")
    os.environ["ALLOWED_HOSTS"] = "testserver,127.0.0.1,localhost"
    import django

    django.setup()
    from django.core.management import call_command

    # No setup_test_environment(): it instruments template rendering for the test client
    # (every context copied into the response), which a server does not do.
    database = "sqlite"
    if os.environ.get("DATABASE_URL"):
        from django.db import connection

        database = "postgresql"
        connection.creation.create_test_db(verbosity=0, autoclobber=True)
    else:
        call_command("migrate", verbosity=0)

    built = build(args.countries)
    # A web worker does not hold the benchmark's 60,000 set-up objects: collect them and set
    # the survivors aside from the collector, as a preloaded gunicorn worker does (gc.freeze).
    gc.collect()
    gc.freeze()
    overview = measure_overview(args.runs)
    xlsx = measure_xlsx(args.runs)
    gc.collect()  # and what the overview runs left: pages are served by other processes
    gc.freeze()
    form_page = measure_form_page(args.requests)
    answer_save = measure_answer_save(args.requests)
    print(
        json.dumps(
            {
                "database": database,
                "python": platform.python_version(),
                "load_average": [round(n, 2) for n in os.getloadavg()],
                "cpus": os.cpu_count(),
                "data": built,
                "overview": overview,
                "overview_xlsx": xlsx,
                "form_page": form_page,
                "answer_save": answer_save,
            },
            indent=2,
        )
    )


# --- data -----------------------------------------------------------------------------------


def _label(text: str) -> dict[str, str]:
    return {"en": text, "fr": f"{text} (fr)"}


def build_format(instrument: Any) -> Any:
    """The 300-question format: ten sections of 29 questions mixing the types, then a section
    of 10 questions repeated per item the country adds (one site each)."""
    from meahub.reporting.enums import FormatStatus, QuestionType, RepeatSource
    from meahub.reporting.models import Choice, ChoiceList, Question, ReportFormat, Section

    fmt = ReportFormat.objects.create(
        instrument=instrument, title="Benchmark national report", status=FormatStatus.ADOPTED,
        languages=["en", "fr"],
    )  # fmt: skip
    lists = []
    for n in range(10):
        choice_list = ChoiceList.objects.create(format=fmt, name=f"list{n}")
        Choice.objects.bulk_create(
            Choice(choice_list=choice_list, name=f"c{k}", label=_label(f"Choice {n}.{k}"),
                   position=k)
            for k in range(5)
        )  # fmt: skip
        lists.append(choice_list)
    kinds: list[QuestionType] = (
        [QuestionType.SINGLE_CHOICE] * 70 + [QuestionType.MULTIPLE_CHOICE] * (CHOICES - 70)
        + [QuestionType.INTEGER] * 60 + [QuestionType.DECIMAL] * (NUMBERS - 60)
        + [QuestionType.TEXT] * 40 + [QuestionType.LONG_TEXT] * (TEXTS - 40)
        + [QuestionType.YES_NO] * YES_NO + [QuestionType.TABLE] * TABLES
    )  # fmt: skip
    random.Random(3).shuffle(kinds)
    # The repeated section's first question is a text: it names the item (a site).
    repeated_kinds = [
        QuestionType.TEXT, QuestionType.DECIMAL, QuestionType.INTEGER, QuestionType.SINGLE_CHOICE,
        QuestionType.YES_NO, QuestionType.INTEGER, QuestionType.DECIMAL, QuestionType.LONG_TEXT,
        QuestionType.MULTIPLE_CHOICE, QuestionType.INTEGER,
    ]  # fmt: skip
    questions: list[Question] = []
    sections = (CHOICES + NUMBERS + TEXTS + YES_NO + TABLES) // QUESTIONS_PER_SECTION + 1
    for s in range(sections):
        repeated = s == sections - 1
        section = Section.objects.create(
            format=fmt, name=f"s{s + 1}", number=str(s + 1), position=s + 1,
            title=_label(f"Section {s + 1}"),
            repeat_source=RepeatSource.FREE if repeated else RepeatSource.NONE,
        )  # fmt: skip
        count = REPEATED if repeated else QUESTIONS_PER_SECTION
        for p in range(count):
            kind = repeated_kinds[p] if repeated else kinds.pop()
            number = len(questions) + 1
            question = Question(
                format=fmt, section=section, name=f"q{number}", number=f"{s + 1}.{p + 1}",
                position=p + 1, type=kind, label=_label(f"Question {number}"),
                help=_label(f"Help for question {number}"),
            )  # fmt: skip
            if kind in (QuestionType.SINGLE_CHOICE, QuestionType.MULTIPLE_CHOICE):
                question.choice_list = lists[number % len(lists)]
                question.has_other = number % 4 == 0
            if kind in (QuestionType.INTEGER, QuestionType.DECIMAL):
                question.unit = "ha" if kind == QuestionType.DECIMAL else "animals"
                question.min_value = 0
            if kind == QuestionType.TABLE:
                question.table_rows = [
                    {"name": f"r{r}", "label": _label(f"Row {r}")} for r in range(3)
                ]
                question.table_columns = [
                    {"name": "count", "label": _label("Count"), "type": "integer"},
                    {"name": "area", "label": _label("Area"), "type": "decimal"},
                    {"name": "note", "label": _label("Note"), "type": "text"},
                ]
            questions.append(question)
    Question.objects.bulk_create(questions)
    return fmt


def _value(question: Any, rng: random.Random) -> tuple[Any, str]:
    """A stored value of the question's type (as ``values.clean_value`` stores it)."""
    from meahub.reporting.enums import QuestionType

    kind = question.type
    if kind == QuestionType.SINGLE_CHOICE:
        if question.has_other and rng.random() < 0.1:
            return "other", "Something else"
        return f"c{rng.randrange(5)}", ""
    if kind == QuestionType.MULTIPLE_CHOICE:
        return sorted(rng.sample([f"c{k}" for k in range(5)], rng.randint(1, 3))), ""
    if kind == QuestionType.INTEGER:
        return rng.randint(0, 50_000), ""
    if kind == QuestionType.DECIMAL:
        return f"{rng.uniform(0, 10_000):.2f}", ""
    if kind == QuestionType.TEXT:
        return f"Answer {rng.randint(1, 10**6)} of a country", ""
    if kind == QuestionType.LONG_TEXT:
        return " ".join(["The country reports on its conservation work."] * 8), ""
    if kind == QuestionType.YES_NO:
        return rng.choice(["yes", "no"]), ""
    if kind == QuestionType.TABLE:
        return {
            f"r{r}": {"count": rng.randint(0, 99), "area": f"{rng.uniform(0, 99):.1f}",
                      "note": "Noted"}
            for r in range(3)
        }, ""  # fmt: skip
    return None, ""


def build(countries: int = 200) -> dict[str, Any]:
    """The instrument, its members (``countries`` signatories and one more), the format, the
    cycle, the submitted reports with every question answered, the extra country's draft
    (fully answered) and its focal point. Returns counts and how long the setup took."""
    from django.db import transaction
    from django.utils import timezone

    from meahub.countries.models import Country
    from meahub.countries.services import sync_countries
    from meahub.instruments.models import Instrument, Membership
    from meahub.reporting.enums import DeadlineRule, RepeatSource, ReportState
    from meahub.reporting.models import (
        Answer,
        NationalReport,
        Question,
        ReportingCycle,
        Section,
    )
    from meahub.tests import factories as f

    start = time.perf_counter()
    sync_countries()
    members = list(Country.objects.order_by("code")[: countries + 1])
    if len(members) < countries + 1:
        raise SystemExit(f"only {len(members)} countries in the register")
    rng = random.Random(11)
    with transaction.atomic():
        instrument = Instrument.objects.create(
            code="BENCH", kind="mou", short_name="Bench MOU", full_name="Benchmark MOU"
        )
        Membership.objects.bulk_create(
            Membership(instrument=instrument, country=c, role="signatory",
                       signed_on=dt.date(2010, 1, 1))
            for c in members
        )  # fmt: skip
        fmt = build_format(instrument)
        cycle = ReportingCycle.objects.create(
            instrument=instrument, format=fmt, name="2024",
            period_start=dt.date(2020, 1, 1), period_end=dt.date(2023, 12, 31),
            deadline_rule=DeadlineRule.DATE, deadline=dt.date(2024, 6, 30),
        )  # fmt: skip
        now = timezone.now()
        repeated = Section.objects.get(format=fmt, repeat_source=RepeatSource.FREE)
        reports = NationalReport.objects.bulk_create(
            NationalReport(
                cycle=cycle, country=c, repeat_counts={repeated.name: 1},
                state=ReportState.DRAFT if index == countries else ReportState.SUBMITTED,
                submitted_at=None if index == countries else now,
            )
            for index, c in enumerate(members)
        )  # fmt: skip
        questions = list(
            Question.objects.filter(format=fmt).select_related("section").order_by("pk")
        )
        rows = []
        for report in reports:
            for question in questions:
                value, other = _value(question, rng)
                item = "1" if question.section.repeat_source else ""
                rows.append(
                    Answer(report=report, question=question, item=item, value=value,
                           other_text=other)
                )  # fmt: skip
        Answer.objects.bulk_create(rows, batch_size=2000)
    focal_point = f.make_focal_point(
        instrument=instrument, country=members[countries], username="nfp-bench"
    )
    return {
        "countries": countries,
        "questions": len(questions),
        "answers_submitted": countries * len(questions),
        "answers_total": Answer.objects.count(),
        "draft_report": reports[countries].pk,
        "focal_point": focal_point.username,
        "setup_s": round(time.perf_counter() - start, 1),
    }


# --- measures -------------------------------------------------------------------------------


def _cycle() -> Any:
    from meahub.reporting.models import ReportingCycle

    return ReportingCycle.objects.select_related("instrument", "format").get(
        instrument__code="BENCH"
    )


def _p95(timings: list[float]) -> float:
    ordered = sorted(timings)
    return ordered[max(0, int(len(ordered) * 0.95) - 1)]


def _summary(timings: list[float], digits: int = 3) -> dict[str, float]:
    return {
        "median": round(statistics.median(timings), digits),
        "p95": round(_p95(timings), digits),
        "max": round(max(timings), digits),
    }


def measure_overview(runs: int = 5) -> dict[str, Any]:
    """Time ``compile_overview`` of the cycle ``runs`` times (after a warm-up run)."""
    from django.db import connection
    from django.test.utils import CaptureQueriesContext

    from meahub.reporting.overview import compile_overview

    cycle = _cycle()
    with CaptureQueriesContext(connection) as queries:
        data = compile_overview(cycle)
    timings = []
    for _ in range(runs):
        cycle = _cycle()
        start = time.perf_counter()
        data = compile_overview(cycle)
        timings.append(time.perf_counter() - start)
    return {
        "runs": runs,
        "reports": data["totals"]["reports"],
        "answers": data["totals"]["answers"],
        "questions": data["totals"]["questions"],
        "queries": len(queries),
        "json_bytes": len(json.dumps(data)),
        "seconds": _summary(timings),
        "target_s": TARGET_OVERVIEW_S,
        "meets_target": max(timings) < TARGET_OVERVIEW_S,
    }


def measure_xlsx(runs: int = 5) -> dict[str, Any]:
    """Time ``overview_xlsx`` on the compiled overview ``runs`` times."""
    from meahub.reporting.overview import compile_overview
    from meahub.reporting.overview_exports import overview_xlsx

    data = compile_overview(_cycle())
    timings = []
    size = 0
    for _ in range(runs):
        start = time.perf_counter()
        size = len(overview_xlsx(data))
        timings.append(time.perf_counter() - start)
    return {
        "runs": runs,
        "bytes": size,
        "seconds": _summary(timings),
        "target_s": TARGET_XLSX_S,
        "meets_target": max(timings) < TARGET_XLSX_S,
    }


def _focal_point_client() -> Any:
    from django.test import Client

    from meahub.accounts.models import User

    client = Client()
    client.force_login(User.objects.get(username="nfp-bench"))
    return client


def _draft() -> Any:
    from meahub.reporting.models import NationalReport

    return NationalReport.objects.get(cycle__instrument__code="BENCH", state="draft")


def measure_form_page(requests: int = 60) -> dict[str, Any]:
    """Server time of the draft report's form page (300 questions, all answered) as its
    focal point sees it, after a warm-up."""
    from django.urls import NoReverseMatch, reverse

    report = _draft()
    try:
        url = reverse("reporting:report-detail", args=[report.pk])
    except NoReverseMatch:
        return _measure_slots(requests, "no reporting:report-detail view yet")
    client = _focal_point_client()
    for _ in range(3):
        response = client.get(url)
        if response.status_code != 200:
            raise SystemExit(f"{url} answered {response.status_code}")
    size = len(response.content)
    timings = []
    for _ in range(requests):
        start = time.perf_counter()
        client.get(url)
        timings.append((time.perf_counter() - start) * 1000)
    p95 = _p95(timings)
    return {
        "url": url,
        "requests": requests,
        "html_bytes": size,
        "ms": _summary(timings, 1),
        "target_p95_ms": TARGET_FORM_P95_MS,
        "meets_target": p95 < TARGET_FORM_P95_MS,
    }


def _measure_slots(requests: int, why: str) -> dict[str, Any]:
    from meahub.reporting.selectors import report_slots

    report = _draft()
    report_slots(report)
    timings = []
    for _ in range(requests):
        start = time.perf_counter()
        report_slots(report)
        timings.append((time.perf_counter() - start) * 1000)
    return {"measured": f"selectors.report_slots ({why})", "requests": requests,
            "ms": _summary(timings, 1), "target_p95_ms": TARGET_FORM_P95_MS,
            "meets_target": _p95(timings) < TARGET_FORM_P95_MS}  # fmt: skip


def measure_answer_save(requests: int = 60) -> dict[str, Any]:
    """Server time of saving one whole-number answer of the draft, a new value each time,
    through the page's POST (with HTMX, as the form sends it) when the view exists."""
    from django.urls import NoReverseMatch, reverse

    from meahub.reporting.models import Question

    report = _draft()
    question = Question.objects.filter(format=report.cycle.format, type="integer").first()
    assert question is not None
    try:
        url = reverse("reporting:answer-save", args=[report.pk, question.pk])
    except NoReverseMatch:
        return _measure_service_save(report, question, requests)
    client = _focal_point_client()
    timings = []
    for n in range(requests + 3):
        start = time.perf_counter()
        response = client.post(url, {"value": str(1000 + n)}, headers={"HX-Request": "true"})
        elapsed = (time.perf_counter() - start) * 1000
        if response.status_code != 200:
            raise SystemExit(f"{url} answered {response.status_code}: {response.content[:300]}")
        if n >= 3:
            timings.append(elapsed)
    p95 = _p95(timings)
    return {
        "url": url,
        "requests": requests,
        "ms": _summary(timings, 1),
        "target_p95_ms": TARGET_SAVE_P95_MS,
        "meets_target": p95 < TARGET_SAVE_P95_MS,
    }


def _measure_service_save(report: Any, question: Any, requests: int) -> dict[str, Any]:
    from meahub.accounts.models import User
    from meahub.reporting.services.answers import save_answer

    user = User.objects.get(username="nfp-bench")
    timings = []
    for n in range(requests):
        start = time.perf_counter()
        save_answer(report=report, question=question, raw=str(2000 + n), by=user)
        timings.append((time.perf_counter() - start) * 1000)
    return {"measured": "services.answers.save_answer (no reporting:answer-save view yet)",
            "requests": requests, "ms": _summary(timings, 1),
            "target_p95_ms": TARGET_SAVE_P95_MS,
            "meets_target": _p95(timings) < TARGET_SAVE_P95_MS}  # fmt: skip


if __name__ == "__main__":
    main()
