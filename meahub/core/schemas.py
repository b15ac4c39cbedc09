"""What every API operation shares: the one error body, the error responses it declares, and
the page of a list."""

from typing import Any

from django.db.models import QuerySet
from django.http import HttpRequest
from ninja import Field, Schema
from ninja.pagination import PaginationBase


class ErrorOut(Schema):
    """The one error body of the API, whatever the status."""

    detail: str = Field(description="What went wrong, in one sentence.")
    errors: dict[str, list[str]] = Field(
        default_factory=dict,
        description="Messages per input field; '__all__' for those about the whole input.",
    )
    current: dict[str, Any] | None = Field(
        default=None,
        description="Only with 409 Conflict: the object as it now stands (someone else changed "
        "it since you read it), so you can check it and send yours again.",
    )


# The error responses each kind of operation can give, for `response={200: X, **READ_ERRORS}`.
# 401 is declared on reads too: a wrong or revoked token is refused even where the public may read.
LIST_ERRORS: dict[int, Any] = {401: ErrorOut, 422: ErrorOut}
DETAIL_ERRORS: dict[int, Any] = {401: ErrorOut, 404: ErrorOut, 422: ErrorOut}
CREATE_ERRORS: dict[int, Any] = {401: ErrorOut, 403: ErrorOut, 422: ErrorOut}
CHANGE_ERRORS: dict[int, Any] = {401: ErrorOut, 403: ErrorOut, 404: ErrorOut, 422: ErrorOut}
# A change based on an outdated version of the object (optimistic locking): 409 with `current`.
CONFLICT_ERRORS: dict[int, Any] = {**CHANGE_ERRORS, 409: ErrorOut}


class Pagination(PaginationBase):
    """``?page=2&limit=20``; the answer says how many items there are in all."""

    class Input(Schema):
        page: int = Field(1, ge=1, description="Page number, from 1.")
        limit: int = Field(50, ge=1, le=200, description="Items per page (at most 200).")

    class Output(Schema):
        items: list[Any]
        count: int = Field(description="Items matching the filters, on all pages.")
        page: int
        limit: int

    def paginate_queryset(
        self, queryset: QuerySet[Any], pagination: Input, request: HttpRequest, **params: Any
    ) -> dict[str, Any]:
        offset = (pagination.page - 1) * pagination.limit
        return {
            "items": queryset[offset : offset + pagination.limit],
            "count": self._items_count(queryset),
            "page": pagination.page,
            "limit": pagination.limit,
        }
