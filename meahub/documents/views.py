"""Document pages: the register, a document and a paragraph, versions and differences, what
is asked of an actor, and the staff pages to edit, publish and upload."""

from __future__ import annotations

from copy import copy
from pathlib import PurePath

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied, ValidationError
from django.core.paginator import Paginator
from django.http import FileResponse, Http404, HttpRequest, HttpResponse
from django.shortcuts import get_object_or_404, render
from django.utils.translation import gettext as _
from django.views.decorators.http import require_http_methods, require_POST

from meahub.core.htmx import add_service_errors, redirect_after_post, render_form, render_page
from meahub.documents import services
from meahub.documents.akn import to_akn
from meahub.documents.forms import ActorFilterForm, DocumentFilterForm, DocumentForm, UploadForm
from meahub.documents.models import Actor, Document
from meahub.documents.selectors import (
    REGISTER_PAGE_SIZE,
    actor_list,
    actor_page,
    batch_page,
    document_diff,
    document_page,
    documents_matching,
    nearest_held_predecessor,
    paragraph_page,
    recent_batches,
    version_history,
)
from meahub.documents.uploads import start_upload_batch
from meahub.permissions.documents import (
    can_ingest_documents,
    get_batch_for_view,
    get_document_for_edit,
    get_document_for_view,
    get_paragraph_for_view,
)


def document_list(request: HttpRequest) -> HttpResponse:
    form = DocumentFilterForm(request.GET or None, user=request.user)
    documents = documents_matching(request.user, form.filters())
    page = Paginator(documents, REGISTER_PAGE_SIZE).get_page(request.GET.get("page"))
    context = {
        "form": form,
        "page_obj": page,
        "can_upload": can_ingest_documents(request.user, None),
    }
    return render_page(request, "documents/document_list.html", context, partial="results")


def document_detail(request: HttpRequest, symbol: str) -> HttpResponse:
    document = get_document_for_view(request.user, symbol)
    page = document_page(request.user, document)
    return render(request, "documents/document_detail.html", {"page": page})


def paragraph_detail(request: HttpRequest, symbol: str, anchor: str) -> HttpResponse:
    paragraph = get_paragraph_for_view(request.user, symbol, anchor)
    page = paragraph_page(request.user, paragraph)
    return render(request, "documents/paragraph_detail.html", {"page": page})


def document_versions(request: HttpRequest, symbol: str) -> HttpResponse:
    document = get_document_for_view(request.user, symbol)
    versions = version_history(request.user, document)
    return render(
        request, "documents/document_versions.html", {"document": document, "versions": versions}
    )


def document_diff_view(request: HttpRequest, symbol: str) -> HttpResponse:
    """The document beside an earlier version: ``?from=<symbol>``, else its nearest held
    predecessor; a page that says so when there is none or either side has no text."""
    document = get_document_for_view(request.user, symbol)
    other_symbol = request.GET.get("from", "").strip()
    other: Document | None = (
        get_document_for_view(request.user, other_symbol)
        if other_symbol
        else nearest_held_predecessor(request.user, document)
    )
    comparable = (
        other is not None
        and other.pk != document.pk
        and not other.is_placeholder
        and not document.is_placeholder
    )
    diff = document_diff(other, document) if other is not None and comparable else None
    versions = [
        v.document
        for v in version_history(request.user, document)
        if not v.is_current and not v.document.is_placeholder
    ]
    context = {"document": document, "other": other, "diff": diff, "versions": versions}
    return render(request, "documents/document_diff.html", context)


def document_original(request: HttpRequest, symbol: str) -> FileResponse:
    document = get_document_for_view(request.user, symbol)
    if document.is_placeholder or not document.original:
        raise Http404(_("No original file is held for this document."))
    try:
        handle = document.original.open("rb")
    except FileNotFoundError as error:
        raise Http404(_("The original file is missing from storage.")) from error
    filename = document.original_name or PurePath(document.original.name).name
    return FileResponse(handle, as_attachment=True, filename=filename)


def document_akn(request: HttpRequest, symbol: str) -> HttpResponse:
    document = get_document_for_view(request.user, symbol)
    if document.is_placeholder:
        raise Http404(_("A document that is not held has no text to export."))
    xml = to_akn(document, user=request.user)
    return HttpResponse(xml, content_type="application/akn+xml; charset=utf-8")


@login_required
@require_http_methods(["GET", "POST"])
def document_edit(request: HttpRequest, symbol: str) -> HttpResponse:
    document = get_document_for_edit(request.user, symbol)
    # The form validates a copy, so a refused edit leaves the page's document untouched.
    data = request.POST if request.method == "POST" else None
    form = DocumentForm(data, instance=copy(document), user=request.user)
    if request.method == "POST" and form.is_valid():
        try:
            services.update_document(document=document, by=request.user, **form.changes())
        except ValidationError as error:
            add_service_errors(form, error)
        else:
            messages.success(request, _("The document's details were saved."))
            return redirect_after_post(request, document.get_absolute_url())
    return render_form(request, "documents/document_edit.html", {"document": document}, form=form)


@login_required
@require_POST
def document_publish(request: HttpRequest, symbol: str) -> HttpResponse:
    document = get_document_for_edit(request.user, symbol)
    published = request.POST.get("published") == "1"
    services.set_published(document=document, by=request.user, published=published)
    if published:
        messages.success(request, _("The document is published."))
    else:
        messages.success(request, _("The document is no longer published."))
    return redirect_after_post(request, document.get_absolute_url())


def actor_index(request: HttpRequest) -> HttpResponse:
    return render(request, "documents/actor_list.html", {"actors": actor_list(request.user)})


def actor_detail(request: HttpRequest, slug: str) -> HttpResponse:
    actor = get_object_or_404(Actor, slug=slug)
    form = ActorFilterForm(request.GET or None, user=request.user)
    verb, instrument = form.values()
    page = actor_page(request.user, actor, verb=verb, instrument=instrument)
    return render_page(
        request, "documents/actor_detail.html", {"page": page, "form": form}, partial="results"
    )


@login_required
@require_http_methods(["GET", "POST"])
def upload(request: HttpRequest) -> HttpResponse:
    if not can_ingest_documents(request.user, None):
        raise PermissionDenied
    posted = request.method == "POST"
    form = UploadForm(
        request.POST if posted else None, request.FILES if posted else None, user=request.user
    )
    if posted and form.is_valid():
        values = dict(form.cleaned_data)
        try:
            batch = start_upload_batch(by=request.user, files=values.pop("uploads"), **values)
        except ValidationError as error:
            add_service_errors(form, error, aliases={"files": "uploads"})
        else:
            return redirect_after_post(request, batch.get_absolute_url())
    context = {"batches": recent_batches(request.user)}
    return render_form(request, "documents/upload.html", context, form=form)


@login_required
def batch_detail(request: HttpRequest, pk: int) -> HttpResponse:
    batch = get_batch_for_view(request.user, pk)
    return render_page(
        request, "documents/batch_detail.html", {"page": batch_page(batch)}, partial="progress"
    )
