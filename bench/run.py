"""`make bench`: measure real paths through a real server and report ratios.

Machines here are shared and noisy, so every figure is paired with a reference measured
in the same run, interleaved repeat by repeat, and the ratio is what we track:
- HTTP scenarios go through gunicorn on loopback, driven by ``bench/loadgen.py`` in a
  separate process; the reference is ``/healthz`` (the cheapest request the stack can
  answer: routing, middleware, no database).
- In-process scenarios (pure functions) are compared with a naive implementation of the
  same result.

Writes ``bench/results/latest.json`` and the table in ``docs/performance.md``.
"""

from __future__ import annotations

import datetime as dt
import json
import os
import platform
import socket
import statistics
import subprocess
import sys
import time
import urllib.request
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
PY = str(ROOT / ".venv" / "bin" / "python")
QUICK = os.environ.get("QUICK") == "1"
REPEATS = 3 if QUICK else 5
SECONDS = 1.5 if QUICK else 4.0
CONCURRENCY = [4] if QUICK else [1, 4, 16]


def _env() -> dict[str, str]:
    env = dict(os.environ)
    env.update(
        DJANGO_SETTINGS_MODULE="motcua.conf.dev",
        DEBUG="false",
        LOG_LEVEL="WARNING",
        PYTHONPATH=str(ROOT / "src"),
    )
    env.setdefault("MOTCUA_VAR_DIR", str(ROOT / "var" / "bench"))
    return env


def _free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return s.getsockname()[1]


def _manage(*args: str, **env: str) -> str:
    return subprocess.run(
        [PY, "manage.py", *args],
        cwd=ROOT,
        env={**_env(), **env},
        check=True,
        capture_output=True,
        text=True,
    ).stdout


def _percentile(values: list[float], q: float) -> float:
    ordered = sorted(values)
    return ordered[min(len(ordered) - 1, max(0, round(q * (len(ordered) - 1))))]


class Server:
    def __init__(self) -> None:
        self.port = _free_port()
        self.proc = subprocess.Popen(
            [
                str(ROOT / ".venv" / "bin" / "gunicorn"),
                "motcua.wsgi:application",
                "--bind",
                f"127.0.0.1:{self.port}",
                "--workers",
                "2",
                "--threads",
                "4",
                "--log-level",
                "warning",
            ],
            cwd=ROOT,
            env=_env(),
        )
        deadline = time.monotonic() + 60
        while time.monotonic() < deadline:
            try:
                with urllib.request.urlopen(f"http://127.0.0.1:{self.port}/readyz", timeout=2) as r:
                    if r.status == 200:
                        return
            except OSError:
                time.sleep(0.2)
        self.stop()
        raise RuntimeError("gunicorn did not become ready")

    def load(self, path: str, concurrency: int) -> dict:
        out = subprocess.run(
            [
                PY,
                str(ROOT / "bench" / "loadgen.py"),
                "127.0.0.1",
                str(self.port),
                path,
                str(concurrency),
                str(SECONDS),
            ],
            check=True,
            capture_output=True,
            text=True,
        ).stdout
        result = json.loads(out)
        if result["errors"]:
            raise RuntimeError(f"{path}: {result['errors']} errors under load")
        return result

    def stop(self) -> None:
        self.proc.terminate()
        self.proc.wait(timeout=30)


def http_scenarios() -> list[dict]:
    """(name, path, what it exercises). The first one is the reference for the others."""
    return [
        {
            "name": "healthz",
            "path": "/healthz",
            "what": "reference: routing + middleware, no database",
        },
        {"name": "readyz", "path": "/readyz", "what": "readiness probe: one database round trip"},
        {
            "name": "api_ping",
            "path": "/api/v1/ping",
            "what": "django-ninja request/response, no database",
        },
        {
            "name": "agency_search",
            "path": "/api/v1/agencies/?q=so%20noi%20vu",
            "what": "public agency search, diacritic-insensitive, one page",
        },
        {
            "name": "agency_detail",
            "path": "/api/v1/agencies/H61.10",
            "what": "one agency with successors",
        },
        {
            "name": "calendar_year",
            "path": "/api/v1/calendar/2026",
            "what": "a year of days off and swapped days",
        },
        {
            "name": "procedure_search_api",
            "path": "/api/v1/catalog/procedures?q=dang%20ky%20khai%20sinh",
            "what": "catalogue search, unaccented words, ranked, one page",
        },
        {
            "name": "procedure_page",
            "path": "/thu-tuc/1.001193/",
            "what": "public procedure page, server-rendered",
        },
    ]


def run_http() -> list[dict]:
    scenarios = http_scenarios()
    reference = scenarios[0]
    server = Server()
    rows = []
    try:
        for concurrency in CONCURRENCY:
            samples: dict[str, list[dict]] = {s["name"]: [] for s in scenarios}
            for _ in range(REPEATS):
                for s in scenarios:  # interleaved: drift hits reference and scenario alike
                    samples[s["name"]].append(server.load(s["path"], concurrency))
            ref_rps = [r["rps"] for r in samples[reference["name"]]]
            for s in scenarios:
                runs = samples[s["name"]]
                ratios = [r["rps"] / ref for r, ref in zip(runs, ref_rps, strict=True)]
                rows.append(
                    {
                        "kind": "http",
                        "name": s["name"],
                        "what": s["what"],
                        "concurrency": concurrency,
                        "rps_median": statistics.median(r["rps"] for r in runs),
                        "latency_ms_median": statistics.median(r["median_ms"] for r in runs),
                        "latency_ms_p95": _percentile([r["p95_ms"] for r in runs], 0.95),
                        "reference": reference["name"],
                        "ratio_to_reference": statistics.median(ratios),
                    }
                )
    finally:
        server.stop()
    return rows


def machine_facts() -> dict:
    mem_kb = next(
        int(line.split()[1])
        for line in Path("/proc/meminfo").read_text().splitlines()
        if line.startswith("MemTotal")
    )
    from django.db import connection

    from motcua.accounts.models import User
    from motcua.agencies.models import AdministrativeUnit, Agency
    from motcua.catalog.models import Procedure

    connection.ensure_connection()
    version = (
        connection.pg_version
        if connection.vendor == "postgresql"
        else connection.Database.sqlite_version
    )
    counts = [
        Agency.objects.count(),
        AdministrativeUnit.objects.count(),
        User.objects.count(),
        Procedure.objects.count(),
    ]
    return {
        "date": dt.datetime.now(dt.UTC).isoformat(timespec="seconds"),
        "cpus": os.cpu_count(),
        "memory_gib": round(mem_kb / 1024 / 1024, 1),
        "python": platform.python_version(),
        "database": f"{connection.vendor} {version}",
        "quick": QUICK,
        "repeats": REPEATS,
        "seconds_per_sample": SECONDS,
        "dataset": {
            "agencies": int(counts[0]),
            "administrative_units": int(counts[1]),
            "users": int(counts[2]),
            "procedures": int(counts[3]),
        },
    }


def write_markdown(result: dict) -> None:
    facts = result["machine"]
    lines = [
        "# Performance",
        "",
        "Figures from `make bench` (full) or `make bench QUICK=1`; regenerate them with the",
        "command, never by hand. Every scenario is measured together with a reference in the",
        "same run, and the **ratio** is the number to compare between runs and machines;",
        "absolute figures drift on shared machines.",
        "",
        f"Last run: {facts['date']} · {facts['cpus']} CPUs · {facts['memory_gib']} GiB · Python {facts['python']}"
        f" · database {facts['database']} · {'quick' if facts['quick'] else 'full'} run,"
        f" {facts['repeats']} repeats × {facts['seconds_per_sample']} s",
        f"Dataset: {facts['dataset']['agencies']} agencies, {facts['dataset']['administrative_units']}"
        f" administrative units, {facts['dataset']['users']} users, {facts['dataset']['procedures']}"
        " procedures (the demo province and catalogue).",
        "",
        "## Through the HTTP stack (gunicorn 2 workers × 4 threads, load from another process)",
        "",
        "| Scenario | What it exercises | Concurrency | Req/s (median) | Latency median | Latency p95 | Ratio to `healthz` |",
        "|---|---|---|---|---|---|---|",
    ]
    for row in result["rows"]:
        if row["kind"] != "http":
            continue
        lines.append(
            f"| `{row['name']}` | {row['what']} | {row['concurrency']} | {row['rps_median']:.0f} |"
            f" {row['latency_ms_median']:.1f} ms | {row['latency_ms_p95']:.1f} ms | {row['ratio_to_reference']:.2f} |"
        )
    other = [r for r in result["rows"] if r["kind"] == "inproc"]
    if other:
        lines += [
            "",
            "## In process",
            "",
            "| Scenario | What it exercises | Per call (median) | p95 | Reference | Speed-up over reference |",
            "|---|---|---|---|---|---|",
        ]
        for row in other:
            lines.append(
                f"| `{row['name']}` | {row['what']} | {row['us_median']:.1f} µs | {row['us_p95']:.1f} µs |"
                f" {row['reference']} | {row['speedup']:.1f}× |"
            )
    lines.append("")
    (ROOT / "docs" / "performance.md").write_text("\n".join(lines), encoding="utf-8")


def main() -> int:
    print("bench: preparing the database ...", flush=True)
    _manage("migrate", "--noinput")
    _manage("demo_setup", DEBUG="true")  # the demo loader refuses to run without DEBUG
    _manage("collectstatic", "--noinput")
    from bench import inproc

    print("bench: in-process scenarios ...", flush=True)
    rows = inproc.run(repeats=REPEATS, quick=QUICK)  # also sets Django up in this process
    result = {"machine": machine_facts(), "rows": rows}
    print("bench: HTTP scenarios ...", flush=True)
    result["rows"] += run_http()
    out = ROOT / "bench" / "results" / "latest.json"
    out.write_text(json.dumps(result, indent=2, ensure_ascii=False), encoding="utf-8")
    write_markdown(result)
    for row in result["rows"]:
        print(json.dumps(row, ensure_ascii=False))
    print(f"bench: wrote {out.relative_to(ROOT)} and docs/performance.md")
    return 0


if __name__ == "__main__":
    sys.path.insert(0, str(ROOT))
    sys.exit(main())
