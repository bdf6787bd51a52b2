"""Procedure search over a national-size catalogue, against the same queries on a small one.

The demo catalogue has about 85 versions; a province publishes about 2,000 procedures and
the issue asks for 70,000 versions (34 provinces' worth). ``catalogue_grow`` adds
synthetic procedures built from the demo ones: each province gets local variants of
every demo procedure (code ``<demo code>.<province><n>``, the demo name with a qualifier
such as "cấp lại" or "đối với tổ chức", the demo field, owner and decision), about a
third of them with an older superseded version, a few abolished. So the vocabulary, the
share of versions in force and the number of hits per query grow the way a real merged
catalogue's would: a query that hits 5% of the demo hits about 5% of the big one.

The same queries, with and without diacritics, a code and a typo, are timed at 1,000
versions, then the catalogue is grown to 70,000 and they are timed again, in the same
process on the same database (``run``). Run on PostgreSQL by ``bench/run.py``, and on
SQLite (FTS5) in a second process: ``python -m bench.search`` with ``DATABASE_URL`` set.
"""

from __future__ import annotations

import datetime as dt
import json
import os
import random
import statistics
import sys
import time

SMALL = 1_000
LARGE = 70_000
SEED = 20261122

QUERIES = [
    ("Đăng ký khai sinh", "words with diacritics, a common procedure"),
    ("dang ky khai sinh", "the same without diacritics"),
    ("chứng thực bản sao", "words with diacritics"),
    ("chung thuc ban sao", "the same without diacritics"),
    ("giấy phép xây dựng", "words with diacritics"),
    ("giay phep xay dung", "the same without diacritics"),
    ("ho kinh doanh", "without diacritics, many hits"),
    ("1.001193", "a procedure code"),
    ("dang ky khai snh", "a typo: the near-match pass"),
]

# Qualifiers real catalogues add to a procedure's name to make a variant of it.
QUALIFIERS = [
    "",
    "cấp lại",
    "điều chỉnh",
    "gia hạn",
    "cấp đổi",
    "đối với tổ chức",
    "đối với cá nhân",
    "có yếu tố nước ngoài",
    "thực hiện tại cấp xã",
    "thực hiện tại cấp tỉnh",
    "trường hợp bị mất, hư hỏng",
    "theo thủ tục rút gọn",
    "cho người nước ngoài cư trú tại Việt Nam",
    "tại khu kinh tế, khu công nghiệp",
    "đối với doanh nghiệp nhỏ và vừa",
    "liên thông với cơ quan thuế",
    "trong lĩnh vực nông nghiệp",
    "trong lĩnh vực giao thông vận tải",
    "trong lĩnh vực tài nguyên và môi trường",
    "qua dịch vụ bưu chính công ích",
]
PROVINCES = [f"T{n:02d}" for n in range(1, 35)]


def _percentile(values: list[float], q: float) -> float:
    ordered = sorted(values)
    return ordered[min(len(ordered) - 1, max(0, round(q * (len(ordered) - 1))))]


def catalogue_grow(target: int, *, seed: int = SEED) -> int:
    """Add synthetic versions until the catalogue holds ``target``; returns how many added.

    Deterministic for a seed and a starting catalogue. Rows go in with ``bulk_create``
    (the search text is computed as ``ProcedureVersion.save`` would).
    """
    from django.db import transaction

    from motcua.catalog.constants import VersionStatus
    from motcua.catalog.models import Procedure, ProcedureCase, ProcedureVersion
    from motcua.core.text import fold

    have = ProcedureVersion.objects.count()
    if have >= target:
        return 0
    bases = list(
        ProcedureVersion.objects.filter(
            status=VersionStatus.PUBLISHED, procedure__code__regex=r"^[0-9.]+(\.H61)?$"
        )
        .select_related("procedure__field")
        .prefetch_related("cases")
        .order_by("procedure__code")
    )
    rng = random.Random(f"{seed}:{have}")
    taken = set(Procedure.objects.values_list("code", flat=True))
    added = 0
    serial = 0
    while added < target - have:
        with transaction.atomic():
            procedures, plans = [], []
            while added + sum(len(p[1]) for p in plans) < target - have and len(plans) < 5_000:
                base = rng.choice(bases)
                serial += 1
                code = f"{base.procedure.code.removesuffix('.H61')}.{rng.choice(PROVINCES)}{serial}"
                if code in taken:
                    continue
                taken.add(code)
                qualifier = rng.choice(QUALIFIERS)
                name = f"{base.name} {qualifier}".strip()[:500]
                roll = rng.random()
                # A third have a superseded older version, 2% are abolished since.
                history = 2 if roll < 0.33 else 1
                abolished = roll > 0.98
                procedures.append(
                    Procedure(
                        code=code,
                        field_id=base.procedure.field_id,
                        owner_agency_id=base.procedure.owner_agency_id,
                    )
                )
                plans.append((base, [name] * history, abolished))
            Procedure.objects.bulk_create(procedures)
            versions, cases = [], []
            for procedure, (base, names, abolished) in zip(procedures, plans, strict=True):
                for number, name in enumerate(names, start=1):
                    last = number == len(names)
                    if not last:
                        status, valid_from, valid_to = (
                            VersionStatus.SUPERSEDED,
                            dt.date(2021, 1, 1),
                            dt.date(2023, 12, 31),
                        )
                    elif abolished:
                        status, valid_from, valid_to = (
                            VersionStatus.ABOLISHED,
                            dt.date(2024, 1, 1),
                            dt.date(2025, 6, 30),
                        )
                    else:
                        status, valid_from, valid_to = (
                            VersionStatus.PUBLISHED,
                            base.valid_from,
                            None,
                        )
                    versions.append(
                        ProcedureVersion(
                            procedure=procedure,
                            number=number,
                            status=status,
                            decision_id=base.decision_id,
                            decision_kind=base.decision_kind,
                            valid_from=valid_from,
                            valid_to=valid_to,
                            published_at=base.published_at,
                            name=name,
                            level=base.level,
                            handling=base.handling,
                            supplement_clock=base.supplement_clock,
                            search_text=fold(
                                f"{procedure.code} {name} {base.procedure.field.name}"
                            ),
                        )
                    )
            ProcedureVersion.objects.bulk_create(versions)
            for version, base in zip(
                versions,
                [plan[0] for plan in plans for _ in plan[1]],
                strict=True,
            ):
                for case in base.cases.all():
                    cases.append(
                        ProcedureCase(
                            version=version,
                            position=case.position,
                            name=case.name,
                            processing_amount=case.processing_amount,
                            processing_unit=case.processing_unit,
                            online_level=case.online_level,
                            delivery_channels=case.delivery_channels,
                        )
                    )
            ProcedureCase.objects.bulk_create(cases, batch_size=2_000)
            added += len(versions)
            print(f"search: {have + added:,} / {target:,} versions", file=sys.stderr, flush=True)
    return added


def _analyze() -> None:
    from django.db import connection

    with connection.cursor() as cursor:
        cursor.execute("ANALYZE")


def _time(queries: list[str], calls: int) -> dict[str, list[float]]:
    from motcua.catalog.search import procedure_search

    for q in queries:  # warm: plans, caches, the first page's prefetch
        procedure_search(q)
    samples: dict[str, list[float]] = {q: [] for q in queries}
    for _ in range(calls):
        for q in queries:  # interleaved, so drift hits every query alike
            started = time.perf_counter()
            procedure_search(q)
            samples[q].append((time.perf_counter() - started) * 1000)
    return samples


def run(*, quick: bool, large: int = LARGE) -> list[dict]:
    from django.db import connection

    from motcua.catalog.models import ProcedureVersion
    from motcua.catalog.search import procedure_search

    calls = 3 if quick else 11
    queries = [q for q, _ in QUERIES]
    catalogue_grow(SMALL)
    _analyze()
    small_n = ProcedureVersion.objects.count()
    small_hits = {q: procedure_search(q).total for q in queries}
    small = _time(queries, calls)
    started = time.perf_counter()
    catalogue_grow(large)
    _analyze()
    grow_seconds = time.perf_counter() - started
    large_n = ProcedureVersion.objects.count()
    large = _time(queries, calls)
    rows = []
    for q, what in QUERIES:
        rows.append(
            {
                "kind": "search",
                "database": connection.vendor,
                "name": q,
                "what": what,
                "versions": large_n,
                "hits": procedure_search(q).total,
                "ms_median": statistics.median(large[q]),
                "ms_p95": _percentile(large[q], 0.95),
                "reference": f"the same query on {small_n:,} versions",
                "reference_versions": small_n,
                "reference_hits": small_hits[q],
                "reference_ms_median": statistics.median(small[q]),
                "reference_ms_p95": _percentile(small[q], 0.95),
                "ratio": statistics.median(large[q]) / statistics.median(small[q]),
                "calls": calls,
                "grow_seconds": grow_seconds,
            }
        )
    return rows


if __name__ == "__main__":
    # A second database (SQLite, FTS5): python -m bench.search, DATABASE_URL set, migrated,
    # demo loaded. Prints the rows as JSON.
    os.environ.setdefault("DJANGO_SETTINGS_MODULE", "motcua.conf.dev")
    import django

    django.setup()
    size = int(os.environ.get("SEARCH_VERSIONS") or LARGE)
    print(json.dumps(run(quick=os.environ.get("QUICK") == "1", large=size), ensure_ascii=False))
    sys.exit(0)
