"""XLSForm pages: import a questionnaire made in KoboToolbox or ODK (or exported here) as a
draft report format, and download a format as XLSForm.

Importing is for staff serving an instrument (403 for anyone else; sign-in first for the
anonymous); the page shows what was created and every feature dropped, or the errors by
sheet and row, and then nothing was written. The download is for whoever may read the format:
staff read every format, others adopted ones only (a draft is a 404 to them).
"""

from __future__ import annotations

from typing import Any

from django import forms
from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied
from django.http import HttpRequest, HttpResponse
from django.urls import path
from django.utils.http import content_disposition_header
from django.utils.text import slugify
from django.utils.translation import gettext_lazy as _
from django.views.decorators.http import require_GET, require_http_methods

from meahub.core.htmx import INVALID_FORM_STATUS, render_page
from meahub.instruments.models import Instrument
from meahub.permissions.reporting import get_format_for_view
from meahub.reporting.format_pages import managed_instruments
from meahub.reporting.services.xlsform import (
    ImportResult,
    XLSFormError,
    check_file,
    export_xlsform,
    import_xlsform,
)

XLSX_TYPE = "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet"


class XLSFormImportForm(forms.Form):
    instrument = forms.ModelChoiceField(
        Instrument.objects.none(), to_field_name="code", label=_("Instrument")
    )
    xlsform = forms.FileField(
        label=_("XLSForm (.xlsx)"),
        help_text=_(
            "A workbook with survey, choices and settings sheets, as KoboToolbox and ODK make "
            "them, or as exported from here."
        ),
        widget=forms.ClearableFileInput(attrs={"accept": ".xlsx"}),
    )
    title = forms.CharField(
        label=_("Title"),
        required=False,
        max_length=300,
        help_text=_("Leave empty to use the form_title of the settings sheet."),
    )

    def __init__(self, *args: Any, instruments: list[Instrument], **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        field = self.fields["instrument"]
        assert isinstance(field, forms.ModelChoiceField)
        field.queryset = Instrument.objects.filter(pk__in=[i.pk for i in instruments]).order_by(
            "code"
        )


@login_required
@require_http_methods(["GET", "POST"])
def format_import(request: HttpRequest) -> HttpResponse:
    instruments = managed_instruments(request.user)
    if not instruments:
        raise PermissionDenied
    posted = request.method == "POST"
    form = XLSFormImportForm(
        request.POST if posted else None,
        request.FILES if posted else None,
        instruments=instruments,
        initial={"instrument": request.GET.get("instrument", "")},
    )
    result: ImportResult | None = None
    errors: list[dict[str, Any]] = []
    if posted and form.is_valid():
        upload = form.cleaned_data["xlsform"]
        try:
            check_file(filename=upload.name or "", size=upload.size or 0)
            result = import_xlsform(
                data=upload.read(), filename=upload.name or "", by=request.user,
                instrument=form.cleaned_data["instrument"],
                title=form.cleaned_data["title"] or None,
            )  # fmt: skip
        except XLSFormError as error:
            errors = error.errors
    refused = posted and (bool(form.errors) or bool(errors))
    return render_page(
        request,
        "reporting/format_import.html",
        {"form": form, "result": result, "errors": errors},
        partial="panel",
        status=INVALID_FORM_STATUS if refused else 200,
    )


@require_GET
def format_xlsform(request: HttpRequest, pk: int) -> HttpResponse:
    report_format = get_format_for_view(request.user, pk)
    filename = (
        f"{report_format.instrument.code}-{slugify(report_format.title) or 'format'}"
        f"-v{report_format.version}.xlsx"
    )
    response = HttpResponse(export_xlsform(report_format), content_type=XLSX_TYPE)
    response["Content-Disposition"] = content_disposition_header(True, filename) or ""
    return response


urlpatterns = [
    path("formats/import/", format_import, name="format-import"),
    path("formats/<int:pk>/xlsform.xlsx", format_xlsform, name="format-xlsform"),
]
