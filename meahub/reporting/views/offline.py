"""A report offline and on paper: the workbook to fill in (blank or prefilled), its upload
back with every refused cell listed, and the report as DOCX and PDF.

The workbook and the upload show draft answers, so they are for the country and the
Secretariat only (404 for anyone else); uploading is for those who may edit the report (403
for a contributor, who drafts delegated sections online). The exports are for whoever may
read the report, the public included once it is accepted and published.
"""

from __future__ import annotations

from django import forms
from django.conf import settings
from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied
from django.http import Http404, HttpRequest, HttpResponse
from django.urls import path
from django.utils.translation import get_language
from django.utils.translation import gettext_lazy as _
from django.views.decorators.http import require_GET, require_http_methods

from meahub.core.htmx import INVALID_FORM_STATUS, render_page
from meahub.permissions.reporting import (
    can_edit_report,
    can_see_working_papers,
    get_report_for_view,
)
from meahub.reporting import exports
from meahub.reporting.enums import EDITABLE_STATES
from meahub.reporting.models import NationalReport
from meahub.reporting.services.offline import UploadResult, import_workbook
from meahub.reporting.workbook import XLSX_TYPE, report_workbook, workbook_filename


class WorkbookUploadForm(forms.Form):
    workbook = forms.FileField(
        label=_("Workbook (.xlsx)"),
        help_text=_("The workbook of this report, downloaded from here and filled in."),
        widget=forms.ClearableFileInput(attrs={"accept": ".xlsx"}),
    )


def _report_for_working_papers(request: HttpRequest, pk: int) -> NationalReport:
    """The report, when the person may see its drafts; 404 otherwise (as if it did not exist)."""
    report = get_report_for_view(request.user, pk)
    if not can_see_working_papers(request.user, report):
        raise Http404("No such report.")
    return report


def _attachment(data: bytes, content_type: str, filename: str) -> HttpResponse:
    response = HttpResponse(data, content_type=content_type)
    response["Content-Disposition"] = f'attachment; filename="{filename}"'
    return response


def _language() -> str:
    return (get_language() or "en").split("-")[0]


@require_GET
def report_xlsx(request: HttpRequest, pk: int) -> HttpResponse:
    """The report as a workbook to fill in offline; ``?prefilled=1`` with its answers so far."""
    report = _report_for_working_papers(request, pk)
    prefilled = request.GET.get("prefilled") == "1"
    data = report_workbook(report, prefilled=prefilled, language=_language())
    return _attachment(data, XLSX_TYPE, workbook_filename(report, prefilled=prefilled))


@login_required
@require_http_methods(["GET", "POST"])
def report_upload(request: HttpRequest, pk: int) -> HttpResponse:
    """Upload a filled-in workbook: the answers it changes are saved, or every refused cell
    is listed (and nothing is saved)."""
    report = _report_for_working_papers(request, pk)
    editable = report.state in EDITABLE_STATES
    if editable and not can_edit_report(request.user, report):
        raise PermissionDenied
    form: WorkbookUploadForm | None = WorkbookUploadForm() if editable else None
    result: UploadResult | None = None
    status = 200
    if request.method == "POST":
        form = WorkbookUploadForm(request.POST, request.FILES)
        if form.is_valid():
            upload = form.cleaned_data["workbook"]
            # One byte past the limit is enough to refuse a file too large.
            data = upload.read(settings.MEAHUB_MAX_UPLOAD_BYTES + 1)
            result = import_workbook(
                report=report, data=data, filename=upload.name or "", by=request.user
            )
            report.refresh_from_db()
            if report.state not in EDITABLE_STATES:
                form = None
            elif result.ok:
                form = WorkbookUploadForm()
        refused = (result is not None and not result.ok) or (form is not None and form.errors)
        status = INVALID_FORM_STATUS if refused else 200
    context = {"report": report, "form": form, "result": result}
    return render_page(
        request, "reporting/report_upload.html", context, partial="upload", status=status
    )


@require_GET
def report_export(request: HttpRequest, pk: int, fmt: str) -> HttpResponse:
    """The report as a Word document (``docx``) or a PDF (``pdf``), in the active language;
    503 with what is missing when the PDF cannot be made here."""
    if fmt not in ("docx", "pdf"):
        raise Http404("No such export.")
    report = get_report_for_view(request.user, pk)
    filename = exports.export_filename(report, fmt)
    if fmt == "docx":
        data = exports.report_docx(report, language=_language())
        return _attachment(data, exports.DOCX_TYPE, filename)
    try:
        pdf = exports.report_pdf(report, language=_language())
    except exports.PdfUnavailable as error:
        return HttpResponse(str(error), status=503, content_type="text/plain; charset=utf-8")
    return _attachment(pdf, "application/pdf", filename)


urlpatterns = [
    path("reports/<int:pk>/workbook.xlsx", report_xlsx, name="report-xlsx"),
    path("reports/<int:pk>/upload/", report_upload, name="report-upload"),
    path("reports/<int:pk>/export/<str:fmt>/", report_export, name="report-export"),
]
