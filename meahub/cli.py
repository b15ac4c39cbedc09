"""The ``meahub`` console command: Django's management commands with a few friendly names.

``meahub demo`` loads the demo data, ``meahub serve [--port N]`` serves the site,
``meahub createsecretariat`` makes a secretariat account; anything else is passed on to
``manage.py`` (``meahub migrate``, ``meahub db_worker``, ...).
"""

from __future__ import annotations

import os
import sys

ALIASES = {
    "demo": ["load_demo_data"],
    "serve": ["runserver"],
}


def translate(argv: list[str]) -> list[str]:
    """Turn ``meahub`` arguments into ``manage.py`` arguments."""
    if not argv:
        return ["help"]
    command, rest = argv[0], argv[1:]
    if command == "serve":
        port = "8000"
        if "--port" in rest:
            index = rest.index("--port")
            if index + 1 >= len(rest):
                raise SystemExit("meahub serve: --port needs a number, e.g. --port 8001")
            port = rest[index + 1]
            rest = rest[:index] + rest[index + 2 :]
        if not port.isdigit():
            raise SystemExit(f"meahub serve: --port {port!r} is not a port number")
        return ["runserver", f"127.0.0.1:{port}", *rest]
    return [*ALIASES.get(command, [command]), *rest]


def main(argv: list[str] | None = None) -> None:
    os.environ.setdefault("DJANGO_SETTINGS_MODULE", "meahub.settings")
    from django.core.management import execute_from_command_line

    args = translate(list(sys.argv[1:] if argv is None else argv))
    execute_from_command_line(["meahub", *args])


if __name__ == "__main__":
    main()
