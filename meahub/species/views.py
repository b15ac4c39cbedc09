"""Species pages: the list, one species, and the staff form for population estimates."""

from __future__ import annotations

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import ValidationError
from django.http import HttpRequest, HttpResponse
from django.shortcuts import get_object_or_404, render
from django.utils.translation import gettext as _
from django.views.decorators.http import require_http_methods

from meahub.core.htmx import add_service_errors, redirect_after_post, render_form
from meahub.permissions.registers import get_species_for_edit, species_visible_to
from meahub.species import services
from meahub.species.forms import PopulationEstimateForm
from meahub.species.selectors import species_list_page, species_page


def species_list(request: HttpRequest) -> HttpResponse:
    species = species_list_page(user=request.user)
    return render(request, "species/species_list.html", {"species_list": species})


def species_detail(request: HttpRequest, slug: str) -> HttpResponse:
    species = get_object_or_404(species_visible_to(request.user), slug=slug)
    page = species_page(species, user=request.user)
    return render(request, "species/species_detail.html", {"page": page})


@login_required
@require_http_methods(["GET", "POST"])
def estimate_add(request: HttpRequest, slug: str) -> HttpResponse:
    species = get_species_for_edit(request.user, slug)
    form = PopulationEstimateForm(request.POST or None)
    if request.method == "POST" and form.is_valid():
        try:
            services.add_population_estimate(species=species, by=request.user, **form.changes())
        except ValidationError as error:
            add_service_errors(form, error)
        else:
            messages.success(request, _("The population estimate was added."))
            return redirect_after_post(request, species.get_absolute_url() + "#estimates")
    return render_form(request, "species/estimate_add.html", {"species": species}, form=form)
