"""A small closed-loop HTTP load generator (runs in its own process).

Each of ``concurrency`` threads keeps one keep-alive connection and sends requests back
to back for ``seconds``; we report throughput and latency percentiles. A request is a
path (GET), or ``@file``: a JSON list of requests ``{"method", "path", "headers",
"body"}``, thread *i* sending the *i*-th (modulo the length) over and over. Instead of a
JSON ``body``, ``multipart`` sends a form with files (``{"fields": [[name, value]],
"files": [[name, filename, content type, base64 content]]}``); the field named by
``unique`` then gets a new value on every request (a form's one-time token).

With ``n=<count>`` in place of the seconds, exactly that many requests are sent, going
round the list in order (thread by thread as each is free): a fixed mix, as the memory
scenario needs.
"""

from __future__ import annotations

import base64
import http.client
import itertools
import json
import os
import statistics
import sys
import threading
import time


def _worker(
    host: str, port: int, request: dict, deadline: float, out: list[float], errors: list[int]
) -> None:
    conn = http.client.HTTPConnection(host, port, timeout=30)
    method = request.get("method", "GET")
    body = request.get("body")
    payload = json.dumps(body, ensure_ascii=False).encode() if body is not None else None
    headers = {"Host": "127.0.0.1", **request.get("headers", {})}
    if payload is not None:
        headers["Content-Type"] = "application/json"
    form = request.get("multipart")
    if form is not None:
        boundary = f"bench{os.getpid()}x{threading.get_ident()}"
        headers["Content-Type"] = f"multipart/form-data; boundary={boundary}"
        files = [(n, f, t, base64.b64decode(c)) for n, f, t, c in form.get("files", [])]
        serial = itertools.count()
    while time.perf_counter() < deadline:
        if form is not None:
            unique = f"{boundary}n{next(serial)}t{time.time_ns()}"
            payload = _multipart(boundary, form["fields"], files, request.get("unique"), unique)
        started = time.perf_counter()
        try:
            conn.request(method, request["path"], body=payload, headers=headers)
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


def _multipart(boundary: str, fields: list, files: list, unique: str | None, value: str) -> bytes:
    parts = []
    for name, text in fields:
        text = value if name == unique else text
        parts.append(
            f'--{boundary}\r\nContent-Disposition: form-data; name="{name}"\r\n\r\n{text}\r\n'.encode()
        )
    for name, filename, content_type, content in files:
        parts.append(
            f'--{boundary}\r\nContent-Disposition: form-data; name="{name}"; filename="{filename}"'
            f"\r\nContent-Type: {content_type}\r\n\r\n".encode()
            + content
            + b"\r\n"
        )
    parts.append(f"--{boundary}--\r\n".encode())
    return b"".join(parts)


def _prepare(request: dict, unique: str) -> tuple[dict, bytes | None]:
    headers = {"Host": "127.0.0.1", **request.get("headers", {})}
    body = request.get("body")
    payload = json.dumps(body, ensure_ascii=False).encode() if body is not None else None
    if payload is not None:
        headers["Content-Type"] = "application/json"
    form = request.get("multipart")
    if form is not None:
        boundary = f"bench{os.getpid()}x{threading.get_ident()}"
        headers["Content-Type"] = f"multipart/form-data; boundary={boundary}"
        files = [(n, f, t, base64.b64decode(c)) for n, f, t, c in form.get("files", [])]
        payload = _multipart(boundary, form["fields"], files, request.get("unique"), unique)
    return headers, payload


def _count_worker(
    host: str, port: int, requests: list, serial, lock, total: int, out: list, errors: list
) -> None:
    conn = http.client.HTTPConnection(host, port, timeout=60)
    while True:
        with lock:
            n = next(serial)
        if n >= total:
            break
        request = requests[n % len(requests)]
        headers, payload = _prepare(request, f"n{n}t{time.time_ns()}")
        started = time.perf_counter()
        try:
            conn.request(request.get("method", "GET"), request["path"], payload, headers)
            response = conn.getresponse()
            response.read()
            if response.status >= 400:
                errors.append(response.status)
        except OSError:
            errors.append(0)
            conn.close()
            conn = http.client.HTTPConnection(host, port, timeout=60)
            continue
        out.append(time.perf_counter() - started)
    conn.close()


def _load(target: str) -> list[dict]:
    if target.startswith("@"):
        with open(target[1:], encoding="utf-8") as f:
            return json.load(f)
    return [{"path": target}]


def run_count(host: str, port: int, target: str, concurrency: int, total: int) -> dict:
    requests = _load(target)
    latencies: list[float] = []
    errors: list[int] = []
    serial, lock = itertools.count(), threading.Lock()
    threads = [
        threading.Thread(
            target=_count_worker,
            args=(host, port, requests, serial, lock, total, latencies, errors),
        )
        for _ in range(concurrency)
    ]
    started = time.perf_counter()
    for t in threads:
        t.start()
    for t in threads:
        t.join()
    return _summary(requests, concurrency, latencies, errors, time.perf_counter() - started)


def _summary(requests, concurrency, latencies, errors, elapsed) -> dict:
    latencies.sort()
    p95 = latencies[int(len(latencies) * 0.95) - 1] if latencies else None
    return {
        "path": requests[0]["path"],
        "concurrency": concurrency,
        "requests": len(latencies),
        "errors": len(errors),
        "statuses": sorted(set(errors)),
        "rps": len(latencies) / elapsed,
        "median_ms": statistics.median(latencies) * 1000 if latencies else None,
        "p95_ms": p95 * 1000 if p95 is not None else None,
    }


def run(host: str, port: int, target: str, concurrency: int, seconds: float) -> dict:
    requests = _load(target)
    latencies: list[float] = []
    errors: list[int] = []
    deadline = time.perf_counter() + seconds
    threads = [
        threading.Thread(
            target=_worker,
            args=(host, port, requests[i % len(requests)], deadline, latencies, errors),
        )
        for i in range(concurrency)
    ]
    started = time.perf_counter()
    for t in threads:
        t.start()
    for t in threads:
        t.join()
    return _summary(requests, concurrency, latencies, errors, time.perf_counter() - started)


if __name__ == "__main__":
    host, port, target, concurrency, amount = sys.argv[1:6]
    if amount.startswith("n="):
        result = run_count(host, int(port), target, int(concurrency), int(amount[2:]))
    else:
        result = run(host, int(port), target, int(concurrency), float(amount))
    print(json.dumps(result))
