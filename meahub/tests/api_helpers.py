"""Small helpers for API tests: sign a request in with a token."""

from __future__ import annotations

from typing import Any

from meahub.accounts.services import create_api_token
from meahub.permissions.roles import is_signed_in

# The personas who may not write to the registers, with the status they get: signed-in users
# without the right are refused (403), the public is asked to sign in (401).
DENIED_WRITERS = [("nfp_uzbekistan", 403), ("partner_cic", 403), ("anonymous", 401)]


def bearer(user: Any) -> dict[str, str]:
    """Headers signing a request in as ``user`` with a new API token; none for the public."""
    if not is_signed_in(user):
        return {}
    _token, key = create_api_token(user=user, name="tests")
    return {"Authorization": f"Bearer {key}"}
