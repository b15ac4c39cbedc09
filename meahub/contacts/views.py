"""Contact pages and the focal point nomination lifecycle in the browser:
nominate (with the letter), confirm, end, replace; a person keeps their own details current."""

from __future__ import annotations

from copy import copy
from pathlib import PurePosixPath

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import ValidationError
from django.http import FileResponse, Http404, HttpRequest, HttpResponse
from django.shortcuts import get_object_or_404, render
from django.utils.translation import gettext as _
from django.views.decorators.http import require_http_methods

from meahub.contacts import services
from meahub.contacts.forms import ConfirmForm, ContactForm, EndRoleForm, NominationForm
from meahub.contacts.models import FocalPointRole
from meahub.contacts.selectors import contact_page
from meahub.core.htmx import add_service_errors, redirect_after_post, render_form
from meahub.instruments.models import Instrument
from meahub.permissions.registers import (
    contacts_visible_to,
    get_contact_for_edit,
    get_instrument_for_focal_points,
    get_role_for_edit,
    get_role_for_letter,
)

# Service errors about the new person go to the form's fields for them.
CONTACT_ALIASES = {"name": "new_name", "email": "new_email"}


def contact_detail(request: HttpRequest, contact_id: int) -> HttpResponse:
    contact = get_object_or_404(
        contacts_visible_to(request.user).select_related("organisation", "country"),
        pk=contact_id,
    )
    page = contact_page(contact, user=request.user)
    return render(request, "contacts/contact_detail.html", {"page": page})


@login_required
@require_http_methods(["GET", "POST"])
def contact_edit(request: HttpRequest, contact_id: int) -> HttpResponse:
    contact = get_contact_for_edit(request.user, contact_id)
    form = ContactForm(request.POST or None, instance=copy(contact))
    if request.method == "POST" and form.is_valid():
        try:
            services.update_contact(contact=contact, by=request.user, **form.cleaned_data)
        except ValidationError as error:
            add_service_errors(form, error)
        else:
            messages.success(request, _("The contact details were saved."))
            return redirect_after_post(request, contact.get_absolute_url())
    return render_form(request, "contacts/contact_edit.html", {"contact": contact}, form=form)


def _nominate(
    request: HttpRequest, instrument: Instrument, form: NominationForm
) -> FocalPointRole | None:
    """Record the nomination (of a known person, or of a new one added with it); None with
    the errors on the form when a service refuses it."""
    new_contact = form.new_contact()
    try:
        if new_contact is not None:
            return services.nominate_new_focal_point(
                instrument=instrument,
                contact_details=new_contact,
                by=request.user,
                **form.nomination(),
            )
        return services.nominate_focal_point(
            instrument=instrument,
            contact=form.cleaned_data["contact"],
            by=request.user,
            **form.nomination(),
        )
    except ValidationError as error:
        add_service_errors(form, error, aliases=CONTACT_ALIASES)
        return None


@login_required
@require_http_methods(["GET", "POST"])
def focal_point_nominate(request: HttpRequest, code: str) -> HttpResponse:
    instrument = get_instrument_for_focal_points(request.user, code)
    form = NominationForm(request.POST or None, request.FILES or None)
    if request.method == "POST" and form.is_valid() and _nominate(request, instrument, form):
        messages.success(request, _("The nomination was recorded; confirm it when it is accepted."))
        return redirect_after_post(request, instrument.get_absolute_url() + "#focal-points")
    return render_form(
        request, "contacts/focal_point_nominate.html", {"instrument": instrument}, form=form
    )


@login_required
@require_http_methods(["GET", "POST"])
def role_replace(request: HttpRequest, role_id: int) -> HttpResponse:
    role = get_role_for_edit(request.user, role_id)
    form = NominationForm(request.POST or None, request.FILES or None, replaces=role)
    if request.method == "POST" and form.is_valid() and _nominate(request, role.instrument, form):
        messages.success(
            request, _("The nomination was recorded; it replaces the role once confirmed.")
        )
        return redirect_after_post(request, role.instrument.get_absolute_url() + "#focal-points")
    return render_form(
        request,
        "contacts/role_replace.html",
        {"role": role, "instrument": role.instrument},
        form=form,
    )


@login_required
@require_http_methods(["GET", "POST"])
def role_confirm(request: HttpRequest, role_id: int) -> HttpResponse:
    role = get_role_for_edit(request.user, role_id)
    form = ConfirmForm(request.POST or None)
    if request.method == "POST" and form.is_valid():
        try:
            services.confirm_nomination(role=role, by=request.user, on=form.cleaned_data["on"])
        except ValidationError as error:
            add_service_errors(form, error, aliases={"confirmed_on": "on"})
        else:
            messages.success(request, _("The nomination was confirmed."))
            return redirect_after_post(
                request, role.instrument.get_absolute_url() + "#focal-points"
            )
    return render_form(
        request,
        "contacts/role_confirm.html",
        {"role": role, "instrument": role.instrument},
        form=form,
    )


@login_required
@require_http_methods(["GET", "POST"])
def role_end(request: HttpRequest, role_id: int) -> HttpResponse:
    role = get_role_for_edit(request.user, role_id)
    form = EndRoleForm(request.POST or None)
    if request.method == "POST" and form.is_valid():
        try:
            services.end_role(role=role, by=request.user, on=form.cleaned_data["on"])
        except ValidationError as error:
            add_service_errors(form, error, aliases={"ended_on": "on"})
        else:
            messages.success(request, _("The role was ended."))
            return redirect_after_post(
                request, role.instrument.get_absolute_url() + "#focal-points"
            )
    return render_form(
        request,
        "contacts/role_end.html",
        {"role": role, "instrument": role.instrument},
        form=form,
    )


@login_required
def role_letter(request: HttpRequest, role_id: int) -> FileResponse:
    """The nomination letter, for signed-in users (it names and reaches the person)."""
    role = get_role_for_letter(request.user, role_id)
    if not role.nomination_letter:
        raise Http404
    name = PurePosixPath(role.nomination_letter.name).name
    return FileResponse(role.nomination_letter.open("rb"), as_attachment=True, filename=name)
