"""Scenario 7: resident memory of one web worker over a long mixed load (leaks).

A gunicorn of its own with one worker and one thread (the sync worker) receives a fixed
mix of requests (dossier API lists and details, catalogue and agency search, the portal
and back-office pages, REST intakes) from loadgen.py in windows of a tenth of the total;
after each window the worker's VmRSS is read from /proc (the worker, not the master). The
growth is the last window's reading minus the first's: a worker that leaks grows with
every window, one that only warms its caches grows in the first and then stays flat.
"""

from __future__ import annotations

import time
from collections.abc import Callable
from pathlib import Path


def worker_pid(master: int) -> int:
    """The gunicorn worker: the master's only child (one worker)."""
    deadline = time.monotonic() + 30
    while time.monotonic() < deadline:
        children = Path(f"/proc/{master}/task/{master}/children").read_text().split()
        if len(children) == 1:
            return int(children[0])
        time.sleep(0.2)
    raise RuntimeError(f"memory: gunicorn {master} has no single worker")


def rss_kib(pid: int) -> int:
    for line in Path(f"/proc/{pid}/status").read_text().splitlines():
        if line.startswith("VmRSS:"):
            return int(line.split()[1])
    raise RuntimeError(f"memory: no VmRSS for {pid}")


def mix(api: dict, pages: list[dict], searches: list[str]) -> list[dict]:
    """One round of the mix: reads first, a page after every API call, one intake per round."""
    read = [{"path": path, "headers": api["read"]} for path in api["paths"].values()]
    read += [{"path": path} for path in searches]
    shown = [dict(page["request"]) for page in pages]
    rounds = []
    for n in range(max(len(read), len(shown))):
        rounds.append(read[n % len(read)])
        rounds.append(shown[n % len(shown)])
    # REST intakes, one in about twenty requests, each from the next commune centre.
    intakes = api["intake"]
    mixed = []
    for n, request in enumerate(rounds):
        mixed.append(request)
        if n % 20 == 19:
            mixed.append(intakes[(n // 20) % len(intakes)])
    return mixed


def run(
    server,
    requests: list[dict],
    *,
    total: int,
    load: Callable[[str, int], dict],
    requests_file: Callable[[str, list[dict]], str],
    say: Callable[[str], None],
    max_seconds: float | None = None,
) -> dict:
    """``load(target, count)`` sends ``count`` requests of ``target`` (loadgen n=...)."""
    pid = worker_pid(server.proc.pid)
    target = requests_file("memory-mix", requests)
    window = max(1, total // 10)
    readings = [{"requests": 0, "rss_kib": rss_kib(pid)}]
    sent, errors, statuses = 0, 0, set()
    started = time.perf_counter()
    capped = False
    while sent < total:
        elapsed = time.perf_counter() - started
        if max_seconds is not None and sent and elapsed / sent * (sent + window) > max_seconds:
            # The next window would pass the time allowed: stop here and say so.
            capped = True
            say(f"memory: stopped at {sent:,} requests, the next would pass {max_seconds:.0f} s")
            break
        count = min(window, total - sent)
        result = load(target, count)
        sent += count
        errors += result["errors"]
        statuses.update(result["statuses"])
        readings.append({"requests": sent, "rss_kib": rss_kib(pid), "rps": result["rps"]})
        if sent == count:
            eta = (time.perf_counter() - started) / sent * (total - sent)
            say(f"memory: first {sent:,} requests, about {eta:.0f} s to go at this pace")
    if errors:
        raise RuntimeError(f"memory: {errors} errors in the mix (statuses {sorted(statuses)})")
    if worker_pid(server.proc.pid) != pid:
        raise RuntimeError("memory: the worker was replaced during the run")
    time.sleep(1.0)
    end = rss_kib(pid)
    first, last = readings[1]["rss_kib"], readings[-1]["rss_kib"]
    return {
        "kind": "memory",
        "name": "worker_rss",
        "what": (
            f"one gunicorn worker (1 thread) after {sent:,} mixed requests: API lists and"
            f" details, search, {len(requests)} distinct requests incl. pages and intakes"
        ),
        "requests": sent,
        "requests_planned": total,
        "capped": capped,
        "window": window,
        "distinct_requests": len(requests),
        "seconds": time.perf_counter() - started,
        "rss_mib_start": readings[0]["rss_kib"] / 1024,
        "rss_mib_first_window": first / 1024,
        "rss_mib_last_window": last / 1024,
        "rss_mib_end": end / 1024,
        "rss_mib_max": max(r["rss_kib"] for r in readings) / 1024,
        "growth_mib": (last - first) / 1024,
        # Over the last window alone: a leak shows here too, warm-up no longer does.
        "growth_last_window_mib": (last - readings[-2]["rss_kib"]) / 1024
        if len(readings) > 2
        else None,
        "readings": readings,
    }
