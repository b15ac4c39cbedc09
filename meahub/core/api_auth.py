"""Who an API request acts for: a script with a token, a browser with a session, or the public.

Writes take ``write_auth``: ``Authorization: Bearer <key>`` (``meahub createtoken``) or the
Django session, which must then carry the CSRF token on unsafe methods because the browser
sends the session cookie by itself. Reads take ``read_auth``, which lets the public in as
``AnonymousUser`` but still refuses a wrong or revoked token (a script should hear that its
key no longer works rather than silently see only public data).
"""

from __future__ import annotations

from django.conf import settings
from django.http import HttpRequest
from ninja.errors import AuthenticationError, HttpError
from ninja.security import APIKeyCookie, HttpBearer
from ninja.utils import check_csrf

from meahub.accounts.models import User
from meahub.accounts.services import user_for_token
from meahub.permissions.roles import AnyUser, is_signed_in

INVALID_TOKEN = "The API token is not valid (or was revoked)."


class TokenAuth(HttpBearer):
    """``Authorization: Bearer <key>`` with a key from ``meahub createtoken``; a key that
    matches no active token is refused outright rather than passed on to the session."""

    def authenticate(self, request: HttpRequest, token: str) -> User:
        user = user_for_token(token)
        if user is None:
            raise AuthenticationError(message=INVALID_TOKEN)
        return user


class SessionAuth(APIKeyCookie):
    """The signed-in browser session; unsafe methods must carry the CSRF token.

    ninja's own ``django_auth`` checks CSRF before it looks at the session, so an anonymous
    POST would get 403 instead of 401; here the session is looked at first.
    """

    param_name = settings.SESSION_COOKIE_NAME

    def __call__(self, request: HttpRequest) -> AnyUser | None:
        if not is_signed_in(request.user):
            return None
        if check_csrf(request) is not None:
            raise HttpError(403, "CSRF check failed: send the X-CSRFToken header.")
        return request.user

    def authenticate(self, request: HttpRequest, key: str | None) -> AnyUser | None:
        return request.user if is_signed_in(request.user) else None  # pragma: no cover


class OptionalTokenAuth(HttpBearer):
    """Anyone may read; a bearer token, when one is sent, must be valid.

    Other ``Authorization`` schemes (HTTP Basic in front of a staging site) are not ours and
    are ignored: the request reads as its session user or as the public.
    """

    def __call__(self, request: HttpRequest) -> AnyUser:
        scheme, _, key = request.headers.get("Authorization", "").partition(" ")
        if scheme.lower() != "bearer":
            return request.user  # the session's user, or AnonymousUser (which is truthy)
        user = user_for_token(key.strip())
        if user is None:
            raise AuthenticationError(message=INVALID_TOKEN)
        return user

    def authenticate(self, request: HttpRequest, token: str) -> User | None:
        return user_for_token(token)  # pragma: no cover


read_auth = [OptionalTokenAuth()]
write_auth = [TokenAuth(), SessionAuth()]


def acting_user(request: HttpRequest) -> AnyUser:
    """The user the request acts for, as set by ``read_auth`` or ``write_auth``."""
    return getattr(request, "auth", None) or request.user
