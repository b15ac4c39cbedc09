"""Benchmark of document reading: parsing and text extraction; prints JSON figures.

Measures (a) parse throughput (``parse_text``, text already in memory): on the seed documents
of ../shared/seeds (each parsed many times; skipped with a note when the folder is absent)
and on a synthetic corpus of ``bench/corpus.py`` (1,000 documents by default, written to a
temporary folder and read back; target: 100 documents/s or more); (b) text extraction from
a PDF (``extract_text`` on a 100-page PDF made by ``meahub/tests/pdfgen.py``): milliseconds
per page; (c) ingest of the synthetic corpus into the database (``measure_ingest``): SQLite,
or PostgreSQL when DATABASE_URL is set (its test database).
Usage: .venv/bin/python bench/documents.py [--documents N] [--passes N] [--pages N]
"""

from __future__ import annotations

import argparse
import json
import os
import platform
import statistics
import sys
import tempfile
import time
from pathlib import Path
from typing import Any

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))

SEEDS_DIR = ROOT.parent / "shared" / "seeds"
TARGET_DOCUMENTS_PER_S = 100
TARGET_INGEST_S = 60


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__)
    parser.add_argument("--documents", type=int, default=1000)
    parser.add_argument("--seed", type=int, default=1)
    parser.add_argument("--passes", type=int, default=3, help="passes over the corpus")
    parser.add_argument("--seed-passes", type=int, default=50, help="passes over the seeds")
    parser.add_argument("--pages", type=int, default=100)
    parser.add_argument("--pdf-passes", type=int, default=5)
    args = parser.parse_args()

    with tempfile.TemporaryDirectory(prefix="meahub-bench-documents-") as folder:
        figures = {
            "python": platform.python_version(),
            "parse": {
                "seeds": measure_seeds(args.seed_passes),
                "synthetic": measure_corpus(Path(folder), args.documents, args.seed, args.passes),
            },
            "extraction": measure_pdf_extraction(args.pages, args.pdf_passes),
            "ingest": measure_ingest(Path(folder), args.documents),
        }
    print(json.dumps(figures, indent=2))


def _rate(count: int, seconds: float) -> float:
    return round(count / seconds, 1) if seconds else float("inf")


def measure_seeds(passes: int) -> dict[str, Any]:
    """Parse each seed document ``passes`` times (after one warm-up pass)."""
    from meahub.documents.parser import parse_text

    if not SEEDS_DIR.is_dir():
        return {"skipped": f"the seed documents are not at {SEEDS_DIR}"}
    texts = {path.name: path.read_text(encoding="utf-8") for path in sorted(SEEDS_DIR.glob("*"))}
    for text in texts.values():
        parse_text(text)
    per_document: dict[str, list[float]] = {name: [] for name in texts}
    for _ in range(passes):
        for name, text in texts.items():
            start = time.perf_counter()
            parse_text(text)
            per_document[name].append(time.perf_counter() - start)
    total = sum(sum(timings) for timings in per_document.values())
    return {
        "documents": len(texts),
        "passes": passes,
        "documents_per_s": _rate(len(texts) * passes, total),
        "characters_per_s": _rate(sum(map(len, texts.values())) * passes, total),
        "median_ms_per_document": {
            name: round(statistics.median(timings) * 1000, 2)
            for name, timings in per_document.items()
        },
        "characters": {name: len(text) for name, text in texts.items()},
    }


def measure_corpus(folder: Path, count: int, seed: int, passes: int) -> dict[str, Any]:
    """Write the synthetic corpus to ``folder``, read it back, parse it ``passes`` times."""
    from bench.corpus import write
    from meahub.documents.parser import parse_text

    start = time.perf_counter()
    paths = write(folder / "corpus", count, seed)
    generated = time.perf_counter() - start
    texts = [path.read_text(encoding="utf-8") for path in paths]
    seconds: list[float] = []
    paragraphs = 0
    for _ in range(passes):
        start = time.perf_counter()
        parsed = [parse_text(text) for text in texts]
        seconds.append(time.perf_counter() - start)
        paragraphs = sum(len(document.paragraphs) for document in parsed)
    rates = [_rate(len(texts), s) for s in seconds]
    median = statistics.median(rates)
    characters = sum(len(text) for text in texts)
    return {
        "documents": len(texts),
        "seed": seed,
        "characters": characters,
        "paragraphs": paragraphs,
        "generate_and_write_s": round(generated, 2),
        "passes": passes,
        "documents_per_s": {"median": median, "min": min(rates), "max": max(rates)},
        "characters_per_s": _rate(characters, statistics.median(seconds)),
        "target_documents_per_s": TARGET_DOCUMENTS_PER_S,
        "meets_target": median >= TARGET_DOCUMENTS_PER_S,
    }


def measure_pdf_extraction(pages: int, passes: int) -> dict[str, Any]:
    """``extract_text`` on a PDF of ``pages`` pages of synthetic text, ``passes`` times."""
    from bench.corpus import generate
    from meahub.documents.extraction import extract_text
    from meahub.tests.pdfgen import make_pdf

    lines = [
        line.strip()
        for _, text in generate(max(1, pages // 8), seed=2)
        for line in text.replace("\f", "\n").splitlines()
        if line.strip()
    ]
    per_page = 45
    page_texts = ["\n".join(lines[i * per_page : (i + 1) * per_page]) for i in range(pages)]
    data = make_pdf(page_texts)
    extract_text(data, "bench.pdf", max_bytes=len(data))
    timings: list[float] = []
    for _ in range(passes):
        start = time.perf_counter()
        text = extract_text(data, "bench.pdf", max_bytes=len(data))
        timings.append(time.perf_counter() - start)
    if text.count("\f") != pages - 1:
        raise SystemExit(f"the PDF gave {text.count(chr(12)) + 1} pages, not {pages}")
    return {
        "pages": pages,
        "lines_per_page": per_page,
        "pdf_bytes": len(data),
        "passes": passes,
        "ms_per_page": {
            "median": round(statistics.median(timings) * 1000 / pages, 2),
            "min": round(min(timings) * 1000 / pages, 2),
        },
    }


# --- ingest into the database ---------------------------------------------------------------
def measure_ingest(folder: Path, count: int) -> dict[str, Any]:
    """Ingest the ``count`` synthetic files of ``folder / "corpus"`` with ``ingest_path`` (read,
    hash, extract, parse, store paragraphs, verbs, citations, placeholders, versions) into a
    throw-away SQLite database, or into the test database of the PostgreSQL of DATABASE_URL;
    then ingest them all again (every file unchanged). Target: 1,000 documents < 60 s."""
    database = "sqlite"
    if not os.environ.get("DATABASE_URL"):
        (folder / "var").mkdir(exist_ok=True)
        os.environ["MEAHUB_VAR_DIR"] = str(folder / "var")
    os.environ.setdefault("DJANGO_SETTINGS_MODULE", "meahub.settings")
    os.environ["MEDIA_ROOT"] = str(folder / "media")
    import django

    django.setup()
    from django.core.management import call_command

    if os.environ.get("DATABASE_URL"):
        from django.db import connection

        database = "postgresql"
        connection.creation.create_test_db(verbosity=0, autoclobber=True)
    else:
        call_command("migrate", verbosity=0)

    from meahub.documents.models import Citation, Document, Paragraph, ParagraphVerb
    from meahub.documents.services import ActorTable, ingest_path
    from meahub.instruments.models import Instrument

    Instrument.objects.get_or_create(
        code="CMS", defaults={"kind": "convention", "short_name": "CMS", "full_name": "CMS"}
    )
    files = sorted((folder / "corpus").iterdir())[:count]
    actors = ActorTable.load()
    statuses: dict[str, int] = {}
    start = time.perf_counter()
    for path in files:
        outcome = ingest_path(path, by=None, actors=actors)
        statuses[outcome.status] = statuses.get(outcome.status, 0) + 1
    first = time.perf_counter() - start
    start = time.perf_counter()
    again: dict[str, int] = {}
    for path in files:
        outcome = ingest_path(path, by=None, actors=actors)
        again[outcome.status] = again.get(outcome.status, 0) + 1
    second = time.perf_counter() - start
    return {
        "database": database,
        "documents": len(files),
        "seconds": round(first, 1),
        "documents_per_s": _rate(len(files), first),
        "target_s": TARGET_INGEST_S,
        "outcomes": statuses,
        "stored": {
            "documents_held": Document.objects.filter(is_placeholder=False).count(),
            "placeholders": Document.objects.filter(is_placeholder=True).count(),
            "paragraphs": Paragraph.objects.count(),
            "verb_actor_rows": ParagraphVerb.objects.count(),
            "citations": Citation.objects.count(),
        },
        "again_unchanged": {"seconds": round(second, 2), "outcomes": again},
    }


if __name__ == "__main__":
    main()
