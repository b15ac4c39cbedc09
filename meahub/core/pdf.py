"""HTML → PDF with WeasyPrint, the one way the exports print (progress reports, national
reports, overview reports). WeasyPrint needs Pango, a system library; where it cannot run,
``html_to_pdf`` raises ``PdfUnavailable`` saying what is missing, and pages answer 503."""

from __future__ import annotations

from django.contrib.staticfiles import finders


class PdfUnavailable(RuntimeError):
    """The PDF export cannot run here: WeasyPrint or its system libraries are missing."""


def weasyprint_problem() -> str:
    """Why the PDF export cannot run here, or "" when it can."""
    try:
        import weasyprint  # noqa: F401
    except (ImportError, OSError) as error:
        return (
            "The PDF export needs WeasyPrint (pip install weasyprint==70.0) and the Pango "
            f"library: {error}"
        )
    return ""


def html_to_pdf(html: str, *, stylesheet: str, base_url: str | None = None) -> bytes:
    """Print ``html`` with the static stylesheet ``stylesheet`` (e.g.
    ``reporting/report_print.css``); ``base_url`` resolves relative links."""
    problem = weasyprint_problem()
    if problem:
        raise PdfUnavailable(problem)
    from weasyprint import CSS, HTML

    path = finders.find(stylesheet)
    assert isinstance(path, str), f"{stylesheet} is missing"
    pdf = HTML(string=html, base_url=base_url).write_pdf(stylesheets=[CSS(filename=path)])
    assert pdf is not None
    return bytes(pdf)
