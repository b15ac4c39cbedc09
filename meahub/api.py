"""The one NinjaAPI, mounted at /api/v1/. Each app adds its Router from ``<app>/api.py``.

Every error has one body, ``{"detail": "...", "errors": {"field": ["message", ...]}}``:
422 for bad input (Django's and ninja's validation alike, per field), 401 when the request
must be signed in or its token is wrong, 403 when the user may not do it, 404 when the object
is not there or not visible to them.
"""

from collections import Counter
from typing import Any

from django.core.exceptions import NON_FIELD_ERRORS, PermissionDenied, ValidationError
from django.db.models import ProtectedError
from django.http import Http404, HttpRequest, HttpResponse
from ninja import NinjaAPI
from ninja.errors import AuthenticationError, HttpError
from ninja.errors import ValidationError as NinjaValidationError
from ninja.openapi.schema import OpenAPISchema
from ninja.operation import Operation

from meahub.contacts.api import router as contacts_router
from meahub.core.api_auth import OptionalTokenAuth
from meahub.countries.api import router as countries_router
from meahub.documents.api import router as documents_router
from meahub.instruments.api import router as instruments_router
from meahub.mandates.api import router as mandates_router
from meahub.meetings.api import router as meetings_router
from meahub.organisations.api import router as organisations_router
from meahub.reporting.api import router as reporting_router
from meahub.species.api import router as species_router

# Where ninja says a bad value came from; the field is named without it.
_LOCATIONS = {"body", "query", "path", "header", "cookie", "form", "file"}


class MeahubAPI(NinjaAPI):
    def get_openapi_operation_id(self, operation: Operation) -> str:
        """Operation ids are the endpoint functions' names: verbs such as ``list_countries``."""
        return operation.view_func.__name__

    def get_openapi_schema(
        self, *, path_prefix: str | None = None, path_params: dict[str, Any] | None = None
    ) -> OpenAPISchema:
        """The schema, saying that reads need no credentials (an empty security requirement
        beside the optional token), which ninja cannot express by itself."""
        schema = super().get_openapi_schema(path_prefix=path_prefix, path_params=path_params)
        for operations in schema["paths"].values():
            for operation in operations.values():
                if any(
                    OptionalTokenAuth.__name__ in entry for entry in operation.get("security", [])
                ):
                    operation["security"].append({})
        return schema


api = MeahubAPI(
    title="meahub API",
    version="1",
    description=(
        "Registers of the CMS family: instruments, members, focal points, species, meetings "
        "and their documents (resolutions, decisions, meeting documents), and the mandates "
        "those resolutions and decisions give, and national reporting: report formats, "
        "reporting cycles, countries' reports and their answers. "
        "Anyone may read what is published; writes need `Authorization: Bearer <key>` "
        "(make a key with `meahub createtoken`) or a signed-in session with its CSRF token. "
        'Every error is `{"detail": "...", "errors": {"field": ["message"]}}`.'
    ),
    urls_namespace="api",
)
api.add_router("", countries_router)
api.add_router("", organisations_router)
api.add_router("", instruments_router)
api.add_router("", species_router)
api.add_router("", contacts_router)
api.add_router("", documents_router)
api.add_router("", meetings_router)
api.add_router("", mandates_router)
api.add_router("", reporting_router)


def error_response(
    request: HttpRequest, status: int, detail: str, errors: dict[str, list[str]] | None = None
) -> HttpResponse:
    return api.create_response(request, {"detail": detail, "errors": errors or {}}, status=status)


def _summary(errors: dict[str, list[str]]) -> str:
    messages = [message for field_messages in errors.values() for message in field_messages]
    if len(messages) == 1:
        return messages[0]
    return "The input is not valid: see the messages for each field."


@api.exception_handler(ValidationError)
def django_validation_error(request: HttpRequest, exc: ValidationError) -> HttpResponse:
    errors = (
        {field: list(messages) for field, messages in exc.message_dict.items()}
        if hasattr(exc, "error_dict")
        else {NON_FIELD_ERRORS: list(exc.messages)}
    )
    return error_response(request, 422, _summary(errors), errors)


def _field_name(loc: list[Any] | tuple[Any, ...]) -> str:
    parts = [str(part) for part in loc]
    if parts and parts[0] in _LOCATIONS:
        parts = parts[1:]
    # A body or query schema is one parameter (``payload``, ``filters``); name its field.
    if len(parts) > 1:
        parts = parts[1:]
    return ".".join(parts) or NON_FIELD_ERRORS


@api.exception_handler(NinjaValidationError)
def request_validation_error(request: HttpRequest, exc: NinjaValidationError) -> HttpResponse:
    errors: dict[str, list[str]] = {}
    for error in exc.errors:
        errors.setdefault(_field_name(error.get("loc", ())), []).append(str(error.get("msg")))
    return error_response(request, 422, _summary(errors), errors)


@api.exception_handler(ProtectedError)
def still_referred_to(request: HttpRequest, exc: ProtectedError) -> HttpResponse:
    """A delete that other rows still point to (PROTECT) is bad input, not a server error."""
    counts = Counter(type(obj)._meta for obj in exc.protected_objects)
    what = ", ".join(
        f"{n} {meta.verbose_name if n == 1 else meta.verbose_name_plural}"
        for meta, n in counts.items()
    )
    message = f"It is still referred to by {what}; remove those first."
    return error_response(request, 422, message, {NON_FIELD_ERRORS: [message]})


@api.exception_handler(PermissionDenied)
def permission_denied(request: HttpRequest, exc: PermissionDenied) -> HttpResponse:
    return error_response(request, 403, str(exc) or "You are not allowed to do this.")


@api.exception_handler(Http404)
def not_found(request: HttpRequest, exc: Http404) -> HttpResponse:
    return error_response(request, 404, "Not found (or not visible to you).")


@api.exception_handler(AuthenticationError)
def not_authenticated(request: HttpRequest, exc: AuthenticationError) -> HttpResponse:
    if exc.message != "Unauthorized":  # our own reason (a bad token), not ninja's default
        return error_response(request, 401, exc.message)
    return error_response(
        request, 401, "Sign in, or send an API token as 'Authorization: Bearer <key>'."
    )


@api.exception_handler(HttpError)
def http_error(request: HttpRequest, exc: HttpError) -> HttpResponse:
    if exc.status_code == 400:  # ninja could not parse the body: bad input like any other
        message = "The request body is not valid JSON."
        return error_response(request, 422, message, {NON_FIELD_ERRORS: [message]})
    return error_response(request, exc.status_code, exc.message)
