"""A small closed-loop HTTP load generator (runs in its own process).

Each of ``concurrency`` threads keeps one keep-alive connection and sends requests back
to back for ``seconds``; we report throughput and latency percentiles.
"""

from __future__ import annotations

import http.client
import json
import statistics
import sys
import threading
import time


def _worker(
    host: str, port: int, path: str, deadline: float, out: list[float], errors: list[int]
) -> None:
    conn = http.client.HTTPConnection(host, port, timeout=30)
    while time.perf_counter() < deadline:
        started = time.perf_counter()
        try:
            conn.request("GET", path, headers={"Host": "127.0.0.1"})
            response = conn.getresponse()
            response.read()
            if response.status >= 400:
                errors.append(response.status)
        except OSError:
            errors.append(0)
            conn.close()
            conn = http.client.HTTPConnection(host, port, timeout=30)
            continue
        out.append(time.perf_counter() - started)
    conn.close()


def run(host: str, port: int, path: str, concurrency: int, seconds: float) -> dict:
    latencies: list[float] = []
    errors: list[int] = []
    deadline = time.perf_counter() + seconds
    threads = [
        threading.Thread(target=_worker, args=(host, port, path, deadline, latencies, errors))
        for _ in range(concurrency)
    ]
    started = time.perf_counter()
    for t in threads:
        t.start()
    for t in threads:
        t.join()
    elapsed = time.perf_counter() - started
    latencies.sort()
    p95 = latencies[int(len(latencies) * 0.95) - 1] if latencies else None
    return {
        "path": path,
        "concurrency": concurrency,
        "requests": len(latencies),
        "errors": len(errors),
        "rps": len(latencies) / elapsed,
        "median_ms": statistics.median(latencies) * 1000 if latencies else None,
        "p95_ms": p95 * 1000 if p95 is not None else None,
    }


if __name__ == "__main__":
    host, port, path, concurrency, seconds = sys.argv[1:6]
    print(json.dumps(run(host, int(port), path, int(concurrency), float(seconds))))
