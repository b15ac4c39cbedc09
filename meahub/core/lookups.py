"""Finding the row that input refers to by code, slug or id, with an error naming the field.

A code in a request body that matches nothing is bad input (422 naming the field), not a
missing page (404): ``Unknown country code 'XX'.`` rather than ``Not found``.
"""

from __future__ import annotations

from typing import Any, TypeVar

from django.core.exceptions import ValidationError
from django.db import models
from django.db.models import QuerySet

M = TypeVar("M", bound=models.Model)


def get_or_invalid(queryset: QuerySet[M], *, field: str, message: str, **lookup: Any) -> M:
    """The one row of ``queryset`` matching ``lookup``; else ValidationError({field: message})."""
    row = queryset.filter(**lookup).first()
    if row is None:
        raise ValidationError({field: message})
    return row
