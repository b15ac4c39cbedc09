"""Instrument pages: the list, one instrument, and the staff forms for details and members."""

from __future__ import annotations

from copy import copy

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import ValidationError
from django.http import Http404, HttpRequest, HttpResponse
from django.shortcuts import render
from django.utils.translation import gettext as _
from django.views.decorators.http import require_http_methods

from meahub.core.htmx import add_service_errors, redirect_after_post, render_form
from meahub.instruments import services
from meahub.instruments.forms import InstrumentForm, MembershipForm, WithdrawForm
from meahub.instruments.selectors import instrument_list_page, instrument_page
from meahub.permissions.registers import (
    get_instrument_for_edit,
    get_instrument_for_view,
    get_membership_for_edit,
)


def instrument_list(request: HttpRequest) -> HttpResponse:
    instruments = instrument_list_page(request.user)
    return render(request, "instruments/instrument_list.html", {"instruments": instruments})


def instrument_detail(request: HttpRequest, code: str) -> HttpResponse:
    instrument = get_instrument_for_view(request.user, code)
    page = instrument_page(instrument, user=request.user)
    return render(request, "instruments/instrument_detail.html", {"page": page})


@login_required
@require_http_methods(["GET", "POST"])
def instrument_edit(request: HttpRequest, code: str) -> HttpResponse:
    instrument = get_instrument_for_edit(request.user, code)
    # The form validates a copy, so a refused edit leaves the page's instrument untouched.
    form = InstrumentForm(request.POST or None, instance=copy(instrument))
    if request.method == "POST" and form.is_valid():
        try:
            services.update_instrument(instrument=instrument, by=request.user, **form.changes())
        except ValidationError as error:
            add_service_errors(form, error)
        else:
            messages.success(request, _("The instrument's details were saved."))
            return redirect_after_post(request, instrument.get_absolute_url())
    return render_form(
        request, "instruments/instrument_edit.html", {"instrument": instrument}, form=form
    )


@login_required
@require_http_methods(["GET", "POST"])
def membership_add(request: HttpRequest, code: str) -> HttpResponse:
    instrument = get_instrument_for_edit(request.user, code)
    form = MembershipForm(request.POST or None)
    if request.method == "POST" and form.is_valid():
        try:
            services.add_membership(instrument=instrument, by=request.user, **form.cleaned_data)
        except ValidationError as error:
            add_service_errors(form, error)
        else:
            messages.success(request, _("The member was added."))
            return redirect_after_post(request, instrument.get_absolute_url() + "#members")
    return render_form(
        request, "instruments/membership_add.html", {"instrument": instrument}, form=form
    )


@login_required
@require_http_methods(["GET", "POST"])
def membership_withdraw(request: HttpRequest, code: str, membership_id: int) -> HttpResponse:
    membership = get_membership_for_edit(request.user, membership_id)
    if membership.instrument.code != code:
        raise Http404
    form = WithdrawForm(request.POST or None)
    if request.method == "POST" and form.is_valid():
        try:
            services.withdraw_membership(
                membership=membership, by=request.user, on=form.cleaned_data["on"]
            )
        except ValidationError as error:
            add_service_errors(form, error, aliases={"withdrawn_on": "on"})
        else:
            messages.success(request, _("The withdrawal was recorded."))
            return redirect_after_post(request, membership.instrument.get_absolute_url())
    return render_form(
        request,
        "instruments/membership_withdraw.html",
        {"membership": membership, "instrument": membership.instrument},
        form=form,
    )
