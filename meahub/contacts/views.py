"""Contact pages and the focal point nomination lifecycle in the browser:
nominate (with the letter), confirm, end, replace; a person keeps their own details current."""

from __future__ import annotations

from copy import copy
from pathlib import PurePosixPath

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied, ValidationError
from django.db import transaction
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
    can_manage_focal_points,
    can_view_contact_details,
    contacts_visible_to,
    focal_point_roles_visible_to,
    get_contact_for_edit,
    get_instrument_for_view,
    get_role_for_edit,
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
    """Record the nomination (creating the new person first, in the same transaction);
    None with the errors on the form when a service refuses it."""
    try:
        with transaction.atomic():
            new_contact = form.new_contact()
            contact = (
                services.create_contact(by=request.user, **new_contact)
                if new_contact is not None
                else form.cleaned_data["contact"]
            )
            return services.nominate_focal_point(
                instrument=instrument, contact=contact, by=request.user, **form.nomination()
            )
    except ValidationError as error:
        add_service_errors(form, error, aliases=CONTACT_ALIASES)
        return None


@login_required
@require_http_methods(["GET", "POST"])
def focal_point_nominate(request: HttpRequest, code: str) -> HttpResponse:
    instrument = get_instrument_for_view(request.user, code)
    if not can_manage_focal_points(request.user, instrument):
        raise PermissionDenied
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
    role = get_object_or_404(focal_point_roles_visible_to(request.user), pk=role_id)
    if not can_view_contact_details(request.user):
        raise PermissionDenied
    if not role.nomination_letter:
        raise Http404
    name = PurePosixPath(role.nomination_letter.name).name
    return FileResponse(role.nomination_letter.open("rb"), as_attachment=True, filename=name)
