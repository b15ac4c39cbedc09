"""``meahub createtoken``: make an API token for a script and print its key, once."""

from __future__ import annotations

from typing import Any

from django.core.exceptions import ValidationError
from django.core.management.base import BaseCommand, CommandError, CommandParser

from meahub.accounts.models import User
from meahub.accounts.services import create_api_token


class Command(BaseCommand):
    help = (
        "Create an API token for a user and print its key. Only the key's hash is stored, "
        "so this is the one time it can be read: use it as 'Authorization: Bearer <key>'."
    )

    def add_arguments(self, parser: CommandParser) -> None:
        parser.add_argument("--username", required=True, help="The user the script acts as.")
        parser.add_argument(
            "--name", required=True, help="What the token is for, e.g. the script's name."
        )

    def handle(self, *args: Any, **options: Any) -> None:
        user = User.objects.filter(username=options["username"], is_active=True).first()
        if user is None:
            raise CommandError(f"No active user with the user name {options['username']!r}.")
        try:
            token, key = create_api_token(user=user, name=options["name"])
        except ValidationError as exc:
            raise CommandError("; ".join(exc.messages)) from exc
        self.stdout.write(key)
        self.stderr.write(
            f"Token {token.name!r} ({token.prefix}…) for {user.username}: the key above is "
            "shown only now."
        )
