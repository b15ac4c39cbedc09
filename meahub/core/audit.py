"""Attribution of changes: every write to shared data records who made it and when.

django-simple-history records the user of a web request through its middleware; services that
also run from the CLI, the API (token auth) or tasks call ``attribute`` so the change is still
attributed to the acting user.
"""

from __future__ import annotations

from typing import Any, TypeVar

from django.db import models

M = TypeVar("M", bound=models.Model)


def attribute(obj: M, by: Any, reason: str = "") -> M:
    """Mark ``obj`` so its next history row names ``by`` (and an optional reason)."""
    if by is not None and getattr(by, "is_authenticated", False):
        obj._history_user = by  # type: ignore[attr-defined]
    if reason:
        obj._change_reason = reason  # type: ignore[attr-defined]
    return obj


def save_validated(obj: M, *, by: Any, reason: str = "") -> M:
    """``full_clean()`` then save, attributed to ``by``: the one way services write a row."""
    obj.full_clean()
    attribute(obj, by, reason)
    obj.save()
    return obj


def delete_attributed(obj: models.Model, *, by: Any, reason: str = "") -> None:
    attribute(obj, by, reason)
    obj.delete()
