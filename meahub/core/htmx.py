"""The page and form conventions every view follows, with or without HTMX.

- A page template holds its fragments as ``{% partialdef name inline %}``; an HTMX request gets
  just the fragment (``template#name``), a plain request the whole page.
- An invalid form is answered with 422 and the form re-rendered with its errors. htmx 2 does
  not swap 4xx answers by default, so ``base.html`` sets ``responseHandling`` once, site-wide,
  to swap 422 (see the ``htmx-config`` meta tag there).
- After a successful POST: a redirect (303-like) for a plain request, ``HX-Redirect`` for HTMX.
"""

from __future__ import annotations

from typing import Any

from django import forms
from django.core.exceptions import NON_FIELD_ERRORS, ValidationError
from django.http import HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django_htmx.http import HttpResponseClientRedirect

INVALID_FORM_STATUS = 422


def render_page(
    request: HttpRequest,
    template: str,
    context: dict[str, Any],
    *,
    partial: str | None = None,
    status: int = 200,
) -> HttpResponse:
    """Render the page, or only its ``partial`` for an HTMX request that asks for it."""
    name = f"{template}#{partial}" if partial and getattr(request, "htmx", False) else template
    return render(request, name, context, status=status)


def render_form(
    request: HttpRequest,
    template: str,
    context: dict[str, Any],
    *,
    form: forms.BaseForm,
    partial: str = "form",
) -> HttpResponse:
    """Render a form page: 422 when the submitted form has errors, else 200."""
    status = INVALID_FORM_STATUS if form.is_bound and form.errors else 200
    return render_page(request, template, {**context, "form": form}, partial=partial, status=status)


def redirect_after_post(request: HttpRequest, url: str) -> HttpResponse:
    """Where to go after a successful POST: a client redirect for HTMX, a 302 otherwise."""
    if getattr(request, "htmx", False):
        return HttpResponseClientRedirect(url)
    return redirect(url)


def add_service_errors(
    form: forms.BaseForm, error: ValidationError, *, aliases: dict[str, str] | None = None
) -> None:
    """Put a service's ValidationError on the form: on the field it names when the form has
    that field (``country_id`` counts as ``country``; ``aliases`` maps a model field to the
    form field that stands for it), at the top of the form otherwise."""
    if not hasattr(error, "error_dict"):
        form.add_error(None, error)
        return
    for name, errors in error.error_dict.items():
        field = (aliases or {}).get(name, name.removesuffix("_id"))
        target = field if field in form.fields and field != NON_FIELD_ERRORS else None
        form.add_error(target, ValidationError(errors))
