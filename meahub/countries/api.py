"""Countries in the API: read-only, synchronised from ISO 3166-1 (``meahub sync_countries``)."""

from django.db.models import QuerySet
from django.http import HttpRequest
from ninja import Query, Router
from ninja.pagination import paginate

from meahub.core.api_auth import acting_user, read_auth
from meahub.core.schemas import DETAIL_ERRORS, LIST_ERRORS, Pagination
from meahub.countries import selectors
from meahub.countries.models import Country
from meahub.countries.schemas import CountryFilter, CountryOut

router = Router(tags=["countries"])


@router.get(
    "/countries",
    response={200: list[CountryOut], **LIST_ERRORS},
    auth=read_auth,
    summary="List countries",
)
@paginate(Pagination)
def list_countries(request: HttpRequest, filters: Query[CountryFilter]) -> QuerySet[Country]:
    """ISO countries by English name; search any language with `q`, or keep only the current
    members of one instrument with `member_of`."""
    return selectors.countries_matching(
        acting_user(request), q=filters.q, member_of=filters.member_of
    )


@router.get(
    "/countries/{code}",
    response={200: CountryOut, **DETAIL_ERRORS},
    auth=read_auth,
    summary="Get a country",
)
def get_country(request: HttpRequest, code: str) -> Country:
    """One country by its ISO 3166-1 alpha-2 code (any case)."""
    return selectors.country_with_code(code)
