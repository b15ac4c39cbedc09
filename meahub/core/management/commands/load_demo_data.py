"""``meahub demo``: load the demo data. Safe to run again: it changes only what differs."""

from __future__ import annotations

from typing import Any

from django.core.management.base import BaseCommand

from meahub.core.demo import load_demo_data


class Command(BaseCommand):
    help = "Load the demo data (countries, the CMS family, Bukhara Deer MOU...). Idempotent."

    def handle(self, *args: Any, **options: Any) -> None:
        report = load_demo_data()
        self.stdout.write(report.summary())
