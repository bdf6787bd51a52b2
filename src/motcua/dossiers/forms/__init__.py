"""Official forms of the one-stop mechanism (TT 03/2025/TT-VPCP, Phụ lục I, Mẫu 01–07).

Build a context from :mod:`.contexts` and call :func:`render_pdf` or :func:`render_docx`;
both dispatch on the context's type. The renderers know nothing of the ORM. See
docs/official-forms.md.
"""

from __future__ import annotations

from .contexts import (
    ApologyContext,
    BookEntry,
    ControlSlipContext,
    FormContext,
    FormDataError,
    Handover,
    Letterhead,
    Party,
    ReceiptContext,
    RefusalContext,
    Signatory,
    StopNoticeContext,
    SubmittedComponent,
    SupplementRequestContext,
    TrackingBookContext,
)
from .present import present

__all__ = [
    "ApologyContext",
    "BookEntry",
    "ControlSlipContext",
    "FormContext",
    "FormDataError",
    "Handover",
    "Letterhead",
    "Party",
    "ReceiptContext",
    "RefusalContext",
    "Signatory",
    "StopNoticeContext",
    "SubmittedComponent",
    "SupplementRequestContext",
    "TrackingBookContext",
    "render_docx",
    "render_pdf",
]


def render_pdf(context: FormContext) -> bytes:
    """The form as an A4 PDF (WeasyPrint), fonts embedded."""
    from . import pdf

    return pdf.render(present(context))


def render_docx(context: FormContext) -> bytes:
    """The same form as a Word document (python-docx) for the agency to edit and sign."""
    from . import word

    return word.render(present(context))
