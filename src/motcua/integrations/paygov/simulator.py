"""A local PayGov platform for tests and the demo: INIT, the payment page, confirm
callbacks and QUERY, with the failures a partner has to survive.

Run it alone (standard library only, no Django)::

    python -m motcua.integrations.paygov.simulator --port 8765 --secret demo \\
        --callback-url http://127.0.0.1:8000/thanh-toan/paygov/callback/

What happens when the citizen presses "pay" depends on the test card (or, for scripted
clients, on the amount's last three digits), see ``SCENARIOS``:

- ``success``: callback to the partner, then the browser goes back (callback first);
- ``return_first``: the browser goes back, the callback follows a moment later;
- ``declined``: a failure callback and return (``MaLoi`` 51);
- ``timeout``: no callback and no return; QUERY answers "pending" until
  ``--settle-seconds`` have passed, then "paid";
- ``duplicate``: a success callback delivered twice;
- amount ending in 499: INIT itself answers only after ``--slow-seconds`` (a partner
  with a shorter timeout gives up; nothing can have been paid).

Without ``--callback-url`` callbacks are kept in an outbox (``GET /_sim/outbox``) for a
test to deliver itself.
"""

from __future__ import annotations

import argparse
import datetime as dt
import html
import json
import os
import secrets
import threading
import time
import urllib.error
import urllib.parse
import urllib.request
from dataclasses import dataclass, field
from http import HTTPStatus
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer

from . import protocol

DECLINED = "51"
CANCELLED = "24"

TEST_CARDS = {
    "9704000000000018": "success",
    "9704000000000026": "declined",
    "9704000000000034": "timeout",
    "9704000000000042": "duplicate",
    "9704000000000059": "return_first",
}
AMOUNT_SUFFIXES = {"402": "declined", "408": "timeout", "409": "duplicate", "410": "return_first"}
SCENARIOS = frozenset(TEST_CARDS.values())
SLOW_INIT_SUFFIX = "499"


@dataclass
class Transaction:
    init: dict
    amount: int
    status: str = "created"  # created, pending, paid, failed
    code: str = protocol.PENDING
    platform_ref: str = ""
    settle_at: float | None = None
    finished_at: str = ""


@dataclass
class Platform:
    partner: str
    secret: str
    callback_url: str = ""
    return_url: str = ""
    settle_seconds: float = 0.0
    slow_seconds: float = 3.0
    transactions: dict[str, Transaction] = field(default_factory=dict)
    outbox: list[dict] = field(default_factory=list)
    lock: threading.Lock = field(default_factory=threading.Lock)

    def scenario(self, txn: Transaction, card: str) -> str:
        if card in TEST_CARDS:
            return TEST_CARDS[card]
        return AMOUNT_SUFFIXES.get(str(txn.amount)[-3:], "success")

    def confirm_message(self, ref: str, txn: Transaction, kind: str = "CONFIRM") -> dict:
        message = {
            "LoaiBanTin": kind,
            "MaLoi": txn.code,
            "MaDoiTac": self.partner,
            "MaThamChieu": ref,
            "SoTien": str(txn.amount),
            "MaTienTe": txn.init.get("MaTienTe", "VND"),
            "MaGiaoDich": txn.platform_ref,
            "MaNganHang": "SIMBANK",
            "ThoiGianGD": txn.finished_at,
            "ThongTinGiaoDich": txn.init.get("ThongTinGiaoDich", ""),
        }
        return protocol.sign(protocol.CONFIRM, message, self.secret)

    def finish(self, ref: str, txn: Transaction, code: str) -> None:
        txn.code = code
        txn.status = "paid" if code == protocol.SUCCESS else "failed"
        txn.platform_ref = txn.platform_ref or "PG" + secrets.token_hex(6).upper()
        txn.finished_at = protocol.timestamp(dt.datetime.now(dt.UTC))

    def deliver(self, message: dict) -> None:
        if not self.callback_url:
            with self.lock:
                self.outbox.append(message)
            return
        request = urllib.request.Request(  # noqa: S310 - an address given on the command line
            self.callback_url,
            data=json.dumps(message).encode(),
            headers={"Content-Type": "application/json"},
            method="POST",
        )
        try:
            with urllib.request.urlopen(request, timeout=10) as response:  # noqa: S310
                response.read()
        except (urllib.error.URLError, OSError):
            # The real platform retries; the partner's QUERY catches what is lost here.
            pass

    def settle(self, ref: str, txn: Transaction) -> None:
        """A pending (timed-out) payment completes once its time has passed."""
        if txn.status == "pending" and txn.settle_at is not None and time.time() >= txn.settle_at:
            self.finish(ref, txn, protocol.SUCCESS)


class Handler(BaseHTTPRequestHandler):
    platform: Platform  # set by ``serve``
    server_version = "PayGovSimulator/1.0"

    def log_message(self, format, *args):
        if os.environ.get("PAYGOV_SIMULATOR_VERBOSE"):
            super().log_message(format, *args)

    # --- helpers ------------------------------------------------------------------------

    def _json(self, payload, status: int = 200) -> None:
        body = json.dumps(payload, ensure_ascii=False).encode()
        self.send_response(status)
        self.send_header("Content-Type", "application/json; charset=utf-8")
        self.send_header("Content-Length", str(len(body)))
        self.end_headers()
        self.wfile.write(body)

    def _html(self, text: str, status: int = 200) -> None:
        body = text.encode()
        self.send_response(status)
        self.send_header("Content-Type", "text/html; charset=utf-8")
        self.send_header("Content-Length", str(len(body)))
        self.end_headers()
        self.wfile.write(body)

    def _redirect(self, url: str) -> None:
        self.send_response(HTTPStatus.SEE_OTHER)
        self.send_header("Location", url)
        self.send_header("Content-Length", "0")
        self.end_headers()

    def _body(self) -> bytes:
        return self.rfile.read(int(self.headers.get("Content-Length") or 0))

    # --- routes -------------------------------------------------------------------------

    def do_GET(self):
        path = urllib.parse.urlsplit(self.path).path
        if path == "/_sim/outbox":
            with self.platform.lock:
                return self._json(list(self.platform.outbox))
        if path == "/healthz":
            return self._json({"ok": True})
        if path.startswith("/pay/"):
            return self._page(path.removeprefix("/pay/"))
        return self._json({"error_code": "404", "message": "not found"}, 404)

    def do_POST(self):
        path = urllib.parse.urlsplit(self.path).path
        if path.startswith("/pay/"):
            return self._pay(path.removeprefix("/pay/"))
        if path == "/_sim/outbox/clear":
            with self.platform.lock:
                self.platform.outbox.clear()
            return self._json({"ok": True})
        try:
            message = json.loads(self._body() or b"{}")
        except ValueError:
            return self._json({"error_code": "99", "message": "JSON không hợp lệ"}, 400)
        kind = message.get("LoaiBanTin")
        if kind == protocol.INIT:
            return self._init(message)
        if kind == protocol.QUERY:
            return self._query(message)
        return self._json({"error_code": "98", "message": "LoaiBanTin không hỗ trợ"}, 400)

    def _init(self, message: dict) -> None:
        p = self.platform
        if not protocol.verify(protocol.INIT, message, p.secret):
            return self._json({"error_code": "1", "message": "Sai mã xác thực"})
        if message.get("MaDoiTac") != p.partner:
            return self._json({"error_code": "2", "message": "Đối tác không hợp lệ"})
        ref = str(message.get("MaThamChieu", ""))
        try:
            amount = int(str(message.get("SoTien", "")))
        except ValueError:
            amount = 0
        if not ref or amount <= 0:
            return self._json({"error_code": "3", "message": "Thiếu mã tham chiếu hoặc số tiền"})
        if str(amount).endswith(SLOW_INIT_SUFFIX):
            time.sleep(p.slow_seconds)
        with p.lock:
            if ref in p.transactions:
                return self._json({"error_code": "4", "message": "Mã tham chiếu đã tồn tại"})
            p.transactions[ref] = Transaction(init=message, amount=amount)
        host = self.headers.get("Host") or f"127.0.0.1:{self.server.server_address[1]}"
        return self._json({"error_code": "0", "message": f"http://{host}/pay/{ref}"})

    def _query(self, message: dict) -> None:
        p = self.platform
        if not protocol.verify(protocol.QUERY, message, p.secret):
            return self._json({"error_code": "1", "message": "Sai mã xác thực"})
        ref = str(message.get("MaThamChieu", ""))
        with p.lock:
            txn = p.transactions.get(ref)
            if txn is None:
                return self._json({"error_code": "5", "message": "Không tìm thấy giao dịch"})
            p.settle(ref, txn)
            answer = p.confirm_message(ref, txn, kind=protocol.QUERY)
        return self._json({"error_code": "0", "message": "", **answer})

    def _page(self, ref: str) -> None:
        txn = self.platform.transactions.get(ref)
        if txn is None:
            return self._html("<p>Không tìm thấy giao dịch.</p>", 404)
        info = html.escape(str(txn.init.get("ThongTinGiaoDich", "")))
        cards = "".join(
            f'<option value="{number}">{number} ({name})</option>'
            for number, name in TEST_CARDS.items()
        )
        return self._html(
            f"""<!doctype html><html lang="vi"><head><meta charset="utf-8">
<meta name="viewport" content="width=device-width, initial-scale=1">
<title>Cổng thanh toán (mô phỏng)</title></head><body><main>
<h1>Cổng thanh toán (mô phỏng)</h1>
<p>Mã tham chiếu: <strong>{html.escape(ref)}</strong></p>
<p>Số tiền: <strong>{txn.amount:,} VND</strong></p><p>{info}</p>
<form method="post"><label for="card">Thẻ thử nghiệm</label>
<select id="card" name="card">{cards}</select>
<button type="submit" name="action" value="pay">Thanh toán</button>
<button type="submit" name="action" value="cancel">Hủy giao dịch</button>
</form></main></body></html>"""
        )

    def _pay(self, ref: str) -> None:
        p = self.platform
        form = urllib.parse.parse_qs(self._body().decode())
        card = (form.get("card") or [""])[0]
        action = (form.get("action") or ["pay"])[0]
        with p.lock:
            txn = p.transactions.get(ref)
            if txn is None:
                return self._html("<p>Không tìm thấy giao dịch.</p>", 404)
            if txn.status in {"paid", "failed"}:
                return self._html("<p>Giao dịch đã kết thúc.</p>", 409)
            scenario = "declined" if action == "cancel" else p.scenario(txn, card)
            if scenario == "timeout":
                txn.status = "pending"
                txn.settle_at = time.time() + p.settle_seconds
                return self._html(
                    "<!doctype html><html lang='vi'><head><meta charset='utf-8'>"
                    "<title>Đang xử lý</title></head><body><main><h1>Giao dịch đang xử lý"
                    "</h1><p>Ngân hàng chưa trả lời.</p></main></body></html>"
                )
            code = {"declined": CANCELLED if action == "cancel" else DECLINED}.get(
                scenario, protocol.SUCCESS
            )
            p.finish(ref, txn, code)
            message = p.confirm_message(ref, txn)
        back = str(txn.init.get("UrlTraVe") or p.return_url)
        location = back + ("&" if "?" in back else "?") + urllib.parse.urlencode(message)
        if scenario == "return_first":
            threading.Timer(0.3, p.deliver, args=(message,)).start()
            return self._redirect(location)
        p.deliver(message)
        if scenario == "duplicate":
            p.deliver(dict(message))
        return self._redirect(location)


def serve(
    *,
    port: int = 0,
    partner: str = "MOTCUA",
    secret: str = "demo-secret",  # noqa: S107 - the simulator's demo key, never a real one
    callback_url: str = "",
    return_url: str = "",
    settle_seconds: float = 0.0,
    host: str = "127.0.0.1",
) -> ThreadingHTTPServer:
    """Build the server (not started); ``server.server_address[1]`` is the port."""
    platform = Platform(
        partner=partner,
        secret=secret,
        callback_url=callback_url,
        return_url=return_url,
        settle_seconds=settle_seconds,
    )
    handler = type("BoundHandler", (Handler,), {"platform": platform})
    server = ThreadingHTTPServer((host, port), handler)
    server.daemon_threads = True
    server.platform = platform  # type: ignore[attr-defined]
    return server


def main(argv: list[str] | None = None) -> None:
    parser = argparse.ArgumentParser(description="Local PayGov simulator")
    env = os.environ.get
    parser.add_argument("--host", default="127.0.0.1")
    parser.add_argument("--port", type=int, default=int(env("PAYGOV_SIMULATOR_PORT", "8765")))
    parser.add_argument("--partner", default=env("PAYGOV_PARTNER_CODE", "MOTCUA"))
    parser.add_argument("--secret", default=env("PAYGOV_SECRET", "demo-secret"))
    parser.add_argument("--callback-url", default="")
    parser.add_argument("--return-url", default="")
    parser.add_argument("--settle-seconds", type=float, default=5.0)
    args = parser.parse_args(argv)
    server = serve(
        port=args.port,
        partner=args.partner,
        secret=args.secret,
        callback_url=args.callback_url,
        return_url=args.return_url,
        settle_seconds=args.settle_seconds,
        host=args.host,
    )
    print(f"PayGov simulator on http://{args.host}:{server.server_address[1]}/", flush=True)
    try:
        server.serve_forever()
    except KeyboardInterrupt:
        pass
    finally:
        server.server_close()


if __name__ == "__main__":
    main()
