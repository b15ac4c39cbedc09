"""``meahub createsecretariat``: make a secretariat staff account."""

from __future__ import annotations

import getpass
from typing import Any

from django.core.exceptions import ValidationError
from django.core.management.base import BaseCommand, CommandError, CommandParser

from meahub.accounts.services import create_secretariat_user
from meahub.instruments.models import Instrument


class Command(BaseCommand):
    help = "Create (or update) a secretariat staff account serving the given instruments."

    def add_arguments(self, parser: CommandParser) -> None:
        parser.add_argument("--username", required=True)
        parser.add_argument("--email", default="")
        parser.add_argument("--password", help="Asked for when omitted and a terminal is there.")
        parser.add_argument(
            "--instrument",
            action="append",
            default=[],
            metavar="CODE",
            help="Instrument code served (repeat for several); its family is included.",
        )
        parser.add_argument("--superuser", action="store_true", help="Also a superuser.")

    def handle(self, *args: Any, **options: Any) -> None:
        codes = [code.upper() for code in options["instrument"]]
        instruments = list(Instrument.objects.filter(code__in=codes))
        missing = sorted(set(codes) - {i.code for i in instruments})
        if missing:
            known = ", ".join(Instrument.objects.values_list("code", flat=True)[:20]) or "none yet"
            raise CommandError(f"Unknown instrument code(s): {', '.join(missing)} (known: {known})")
        password = options["password"]
        if password is None and self.stdin_is_tty():
            password = getpass.getpass("Password: ")
        try:
            user = create_secretariat_user(
                username=options["username"],
                email=options["email"],
                password=password,
                instruments=instruments,
                superuser=options["superuser"],
            )
        except ValidationError as exc:
            raise CommandError("; ".join(exc.messages)) from exc
        served = ", ".join(i.code for i in instruments) or "no instrument yet"
        self.stdout.write(f"Secretariat account {user.username} serves: {served}.")

    @staticmethod
    def stdin_is_tty() -> bool:
        import sys

        return sys.stdin.isatty()
