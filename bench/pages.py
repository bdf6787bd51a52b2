"""Scenario 6: the main portal and back-office pages through gunicorn.

For each page: the bytes sent with and without ``Accept-Encoding: gzip`` (and what gzip
would make of the body when the server sends it uncompressed), the latency under load
interleaved with ``/healthz`` (the reference), and the SQL queries of one request counted
in process on the same data. Signed-in pages use sessions of the generated users, made
the way ``run.py``'s counter intake makes them (``Client.force_login``); the tracking
result is a real form POST with a CSRF cookie and the dossier's second factor.

Runs in the bench process after ``django.setup()``; ``server`` is ``run.Server``.
"""

from __future__ import annotations

import gzip
import http.client
import secrets
import statistics
from collections.abc import Callable

ENCODING = {"Accept-Encoding": "gzip"}


def _session(username: str) -> str:
    from django.test import Client

    from motcua.accounts.models import User

    client = Client()
    client.force_login(User.objects.get(username=username))
    return client.cookies["sessionid"].value


def _leader_agency_code() -> str:
    """The competent agency with the most dossiers among those with a generated leader."""
    from django.db.models import Count

    from motcua.accounts.models import User
    from motcua.dossiers.models import Dossier

    leaders = {
        u.split(".", 1)[1].rsplit(".", 1)[0]
        for u in User.objects.filter(
            username__startswith="gen.", username__endswith=".ld1"
        ).values_list("username", flat=True)
    }
    busiest = (
        Dossier.objects.values("competent_agency__code")
        .annotate(n=Count("pk"))
        .order_by("-n", "competent_agency__code")
    )
    for row in busiest[:50]:
        if (row["competent_agency__code"] or "").lower() in leaders:
            return row["competent_agency__code"].lower()
    raise RuntimeError("pages: no generated leader of an agency with dossiers")


def setup(*, officer: str, detail_id: int) -> list[dict]:
    """The pages to measure, as loadgen.py requests (headers carry the session cookie)."""
    from django.db.models import Count

    from motcua.accounts.models import User
    from motcua.catalog.models import ProcedureCase
    from motcua.dossiers.models import Dossier
    from motcua.portal.selectors import online_case_get
    from motcua.portal.services import draft_start

    csrf = secrets.token_hex(16)
    staff = {"Cookie": f"sessionid={_session(officer)}; csrftoken={csrf}"}
    leader = {"Cookie": f"sessionid={_session(f'gen.{_leader_agency_code()}.ld1')}"}
    # The generated citizen with the most dossiers: the longest "my dossiers" page.
    owner = (
        Dossier.objects.filter(owner__username__startswith="gen.cd.")
        .values("owner_id")
        .annotate(n=Count("pk"))
        .order_by("-n", "owner_id")
        .first()
    )
    if owner is None:
        raise RuntimeError("pages: no generated citizen owns a dossier")
    citizen = User.objects.get(pk=owner["owner_id"])
    citizen_headers = {"Cookie": f"sessionid={_session(citizen.username)}"}
    # An online case of a published version, its draft opened by the citizen.
    case = None
    for pk in (
        ProcedureCase.objects.filter(version__status="published")
        .order_by("pk")
        .values_list("pk", flat=True)
    ):
        case = online_case_get(pk)
        if case is not None:
            break
    if case is None:
        raise RuntimeError("pages: no case can be submitted online")
    draft = draft_start(user=citizen, case=case)
    # Tracking: a returned dossier with a phone, found by its code and the phone's last digits.
    tracked = (
        Dossier.objects.exclude(applicant_phone="")
        .filter(status="returned")
        .order_by("pk")
        .values("code", "applicant_phone")
        .first()
    )
    if tracked is None:
        raise RuntimeError("pages: no returned dossier with a phone to track")
    digits = "".join(c for c in tracked["applicant_phone"] if c.isdigit())
    tracking = {
        "method": "POST",
        "path": "/tra-cuu/",
        "headers": {"Cookie": f"csrftoken={csrf}"},
        "multipart": {
            "fields": [
                ["csrfmiddlewaretoken", csrf],
                ["code", tracked["code"]],
                ["factor", digits[-4:]],
            ],
            "files": [],
        },
    }
    procedure = case.version.procedure.code
    pages = [
        ("portal_home", "portal home, anonymous", {"path": "/"}),
        (
            "portal_procedure",
            f"public procedure page ({procedure}), anonymous",
            {"path": f"/thu-tuc/{procedure}/"},
        ),
        (
            "portal_submission_form",
            "online submission form (a draft) of a signed-in citizen",
            {"path": f"/ho-so-nhap/{draft.pk}/", "headers": citizen_headers},
        ),
        (
            "portal_tracking_result",
            "tracking result: code and the phone's last 4 digits posted (CSRF cookie)",
            tracking,
        ),
        (
            "portal_my_dossiers",
            "a citizen's dossiers (the generated citizen with the most)",
            {"path": "/ca-nhan/ho-so/", "headers": citizen_headers},
        ),
        (
            "backoffice_queue",
            "back-office work queue of the provincial centre's counter officer",
            {"path": "/can-bo/hang-doi/", "headers": staff},
        ),
        (
            "backoffice_dossier",
            "back-office dossier page (the longest returned dossier of the centre)",
            {"path": f"/can-bo/ho-so/{detail_id}/", "headers": staff},
        ),
        (
            "backoffice_counter",
            "counter desk of the same officer",
            {"path": "/can-bo/quay/", "headers": staff},
        ),
        (
            "backoffice_leader",
            "leader's desk (leader of the busiest competent agency)",
            {"path": "/can-bo/lanh-dao/", "headers": leader},
        ),
        (
            "backoffice_dashboard",
            "back-office dashboard of the same leader",
            {"path": "/can-bo/bang-dieu-khien/", "headers": leader},
        ),
        (
            "reporting_dashboard",
            "reporting dashboard, the leader's default scope",
            {"path": "/bao-cao/", "headers": leader},
        ),
    ]
    return [
        {"name": name, "what": what, "request": {"method": "GET", "headers": {}, **request}}
        for name, what, request in pages
    ]


def _form(request: dict) -> dict[str, str]:
    return dict(request["multipart"]["fields"]) if "multipart" in request else {}


def count_queries(pages: list[dict]) -> dict[str, int]:
    """SQL queries of each page in process (second request: caches warm); each must be 200."""
    from django.db import connection
    from django.test import Client
    from django.test.utils import CaptureQueriesContext

    counts = {}
    for page in pages:
        request = page["request"]
        client = Client(HTTP_HOST="127.0.0.1")
        extra = {"HTTP_COOKIE": request["headers"]["Cookie"]} if request["headers"] else {}
        for _ in range(2):
            with CaptureQueriesContext(connection) as captured:
                if request["method"] == "POST":
                    response = client.post(request["path"], data=_form(request), **extra)
                else:
                    response = client.get(request["path"], **extra)
            _check(page["name"], response.status_code, response.get("Content-Type", ""))
        counts[page["name"]] = len(captured.captured_queries)
    return counts


def _check(name: str, status: int, content_type: str) -> None:
    if status != 200 or not content_type.startswith("text/html"):
        raise RuntimeError(f"page {name}: HTTP {status} {content_type!r}, expected 200 HTML")


def transfer(port: int, page: dict) -> dict:
    """One request with gzip accepted and one without: bytes on the wire, body and headers."""
    from bench.loadgen import _multipart

    request = page["request"]
    sizes: dict[str, int | bool] = {}
    for label, accept in (("gzip", ENCODING), ("identity", {})):
        headers = {"Host": "127.0.0.1", **request["headers"], **accept}
        body = None
        if "multipart" in request:
            boundary = "benchpages"
            headers["Content-Type"] = f"multipart/form-data; boundary={boundary}"
            body = _multipart(boundary, request["multipart"]["fields"], [], None, "")
        conn = http.client.HTTPConnection("127.0.0.1", port, timeout=30)
        try:
            conn.request(request["method"], request["path"], body=body, headers=headers)
            response = conn.getresponse()
            raw = response.read()
            _check(page["name"], response.status, response.getheader("Content-Type", ""))
            head = sum(len(k) + len(v) + 4 for k, v in response.getheaders()) + 17
            sizes[f"{label}_bytes"] = len(raw)
            sizes[f"{label}_header_bytes"] = head
            if label == "gzip":
                sizes["server_compressed"] = response.getheader("Content-Encoding") == "gzip"
                if sizes["server_compressed"]:
                    raw = gzip.decompress(raw)
            # What gzip (level 6, as nginx and GZipMiddleware) makes of this body.
            sizes["gzip_possible_bytes"] = len(gzip.compress(raw, compresslevel=6))
        finally:
            conn.close()
    return sizes


def _percentile(values: list[float], q: float) -> float:
    ordered = sorted(values)
    return ordered[min(len(ordered) - 1, max(0, round(q * (len(ordered) - 1))))]


def run(
    server,
    pages: list[dict],
    queries: dict[str, int],
    *,
    requests_file: Callable[[str, list[dict]], str],
    concurrency: list[int],
    repeats: int,
    dossiers: int,
) -> list[dict]:
    """Each page under load, interleaved with /healthz repeat by repeat."""
    targets = {
        page["name"]: requests_file(
            f"page-{page['name']}",
            [{**page["request"], "headers": {**page["request"]["headers"], **ENCODING}}],
        )
        for page in pages
    }
    sizes = {}
    for page in pages:
        try:
            sizes[page["name"]] = transfer(server.port, page)
        except OSError as error:  # a page slower than the client's 30 s: recorded, not fatal
            sizes[page["name"]] = {"transfer_error": f"{type(error).__name__}: {error}"[:200]}
    rows = []
    failed: dict[str, str] = {}
    for level in concurrency:
        reference: list[dict] = []
        samples: dict[str, list[dict]] = {page["name"]: [] for page in pages}
        for _ in range(repeats):
            reference.append(server.load("/healthz", level))
            for page in pages:
                if page["name"] in failed:
                    continue
                try:
                    samples[page["name"]].append(server.load(targets[page["name"]], level))
                except RuntimeError as error:  # timeouts or errors under load: say so, go on
                    failed[page["name"]] = str(error)[:300]
        ref_rps = [r["rps"] for r in reference]
        rows.append(
            {
                "kind": "page",
                "name": "healthz",
                "what": "reference: routing + middleware, no database",
                "concurrency": level,
                "dossiers": dossiers,
                "rps_median": statistics.median(ref_rps),
                "latency_ms_median": statistics.median(r["median_ms"] for r in reference),
                "latency_ms_p95": _percentile([r["p95_ms"] for r in reference], 0.95),
                "reference": "healthz",
                "ratio_to_reference": 1.0,
                "sql_queries": None,
            }
        )
        for page in pages:
            runs = samples[page["name"]]
            if page["name"] in failed:
                rows.append(
                    {
                        "kind": "page",
                        "name": page["name"],
                        "what": page["what"],
                        "path": page["request"]["path"],
                        "concurrency": level,
                        "dossiers": dossiers,
                        "error": failed[page["name"]],
                        "rps_median": None,
                        "latency_ms_median": None,
                        "latency_ms_p95": None,
                        "reference": "healthz",
                        "ratio_to_reference": None,
                        "sql_queries": queries.get(page["name"]),
                        **sizes[page["name"]],
                    }
                )
                continue
            rows.append(
                {
                    "kind": "page",
                    "name": page["name"],
                    "what": page["what"],
                    "path": page["request"]["path"],
                    "method": page["request"]["method"],
                    "concurrency": level,
                    "dossiers": dossiers,
                    "rps_median": statistics.median(r["rps"] for r in runs),
                    "latency_ms_median": statistics.median(r["median_ms"] for r in runs),
                    "latency_ms_p95": _percentile([r["p95_ms"] for r in runs], 0.95),
                    "reference": "healthz",
                    # Latency as a multiple of the reference's: how far above the floor.
                    "ratio_to_reference": statistics.median(
                        r["median_ms"] / ref["median_ms"]
                        for r, ref in zip(runs, reference, strict=True)
                    ),
                    "sql_queries": queries.get(page["name"]),
                    **sizes[page["name"]],
                }
            )
    return rows
