"""PDF output: the form's view rendered by a Django template, typeset by WeasyPrint."""

from __future__ import annotations

from django.template.loader import select_template

from . import qr
from .present import CodeBox, FormView

BASE_TEMPLATE = "dossiers/forms/base.html"


def template_names(view: FormView) -> list[str]:
    """A province may override one form's layout with ``dossiers/forms/mau<NN>.html``
    (extending the base) in its own template directory; otherwise every form shares the
    base layout and stylesheet."""
    return [f"dossiers/forms/mau{view.form_no}.html", BASE_TEMPLATE]


def render_html(view: FormView) -> str:
    codes = [b for b in view.blocks if isinstance(b, CodeBox)]
    context = {
        "view": view,
        "qr_data_uri": qr.svg_data_uri(codes[0].url) if codes else "",
    }
    return select_template(template_names(view)).render(context)


def render(view: FormView) -> bytes:
    # WeasyPrint loads Pango through cffi at import time: keep it out of every process
    # that never prints a form (web workers serving JSON, management commands).
    from weasyprint import HTML, URLFetcher

    # The document is self-contained (inline stylesheet, QR as a data URI). Allowing only
    # data: URLs means a template edit can never make a worker fetch from the network or
    # read a local file while printing.
    fetcher = URLFetcher(allowed_protocols={"data"})
    return HTML(string=render_html(view), url_fetcher=fetcher).write_pdf()
