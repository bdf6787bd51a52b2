"""Payments tests reuse the dossier engine's small province (``world``) and run a real
PayGov simulator on a free port; the provider talks to it over HTTP."""

from __future__ import annotations

import threading
import urllib.parse
import urllib.request
from decimal import Decimal

import pytest

from motcua.catalog.constants import FeeCollection, FeeKind
from motcua.catalog.models import Fee
from motcua.dossiers.services import dossier_accept, dossier_forward
from motcua.dossiers.tests.conftest import application, calendar, now, world  # noqa: F401
from motcua.integrations.paygov.simulator import serve

SECRET = "test-secret-khong-dung-that"
PARTNER = "MOTCUA-TEST"


@pytest.fixture
def simulator(settings):
    server = serve(port=0, partner=PARTNER, secret=SECRET, settle_seconds=0)
    thread = threading.Thread(target=server.serve_forever, daemon=True)
    thread.start()
    port = server.server_address[1]
    settings.PAYGOV_URL = f"http://127.0.0.1:{port}/"
    settings.PAYGOV_SECRET = SECRET
    settings.PAYGOV_PARTNER_CODE = PARTNER
    settings.PAYGOV_TIMEOUT = 5
    server.base = f"http://127.0.0.1:{port}"
    yield server
    server.shutdown()
    server.server_close()


@pytest.fixture(autouse=True)
def bank(settings):
    settings.VIETQR_BANK_BIN = "970436"
    settings.VIETQR_ACCOUNT = "0071000123456"
    settings.VIETQR_ACCOUNT_NAME = "TRUNG TAM PHUC VU HANH CHINH CONG TINH VINH LONG"
    settings.VIETQR_CALLBACK_SECRET = "bank-secret"
    settings.PAYMENTS_PROVIDERS = ["paygov", "vietqr", "cash"]


@pytest.fixture
def fees(world):  # noqa: F811 - fixture
    case = world.licence_case
    return {
        "charge": Fee.objects.create(
            case=case,
            position=1,
            kind=FeeKind.CHARGE,
            name="Lệ phí cấp giấy phép",
            amount=Decimal(50000),
            collection=FeeCollection.BEFORE,
        ),
        "appraisal": Fee.objects.create(
            case=case,
            position=2,
            kind=FeeKind.FEE,
            name="Phí thẩm định",
            amount=Decimal(150000),
            collection=FeeCollection.BEFORE,
        ),
        "copy": Fee.objects.create(
            case=case,
            position=3,
            kind=FeeKind.FEE,
            name="Phí cấp bản sao",
            amount=Decimal(10000),
            unit="mỗi bản",
            condition="Khi đề nghị cấp thêm bản sao",
            collection=FeeCollection.AFTER,
        ),
    }


@pytest.fixture
def processing(world, fees):  # noqa: F811 - fixture
    """A licence dossier received at the centre for the citizen, now at Justice's step."""
    dossier = dossier_accept(user=world.counter, application=application(world))
    return dossier_forward(dossier=dossier, user=world.counter)


def sim_pay(redirect_url: str, *, card: str = "9704000000000018", action: str = "pay"):
    """Press "pay" on the simulator's page; returns (status, Location header)."""

    class NoRedirect(urllib.request.HTTPRedirectHandler):
        def redirect_request(self, *args, **kwargs):
            return None

    opener = urllib.request.build_opener(NoRedirect)
    data = urllib.parse.urlencode({"card": card, "action": action}).encode()
    try:
        with opener.open(urllib.request.Request(redirect_url, data=data), timeout=5) as response:
            return response.status, response.headers.get("Location", "")
    except urllib.error.HTTPError as error:
        return error.code, error.headers.get("Location", "")


def sim_outbox(server) -> list[dict]:
    import json

    with urllib.request.urlopen(server.base + "/_sim/outbox", timeout=5) as response:
        return json.loads(response.read())
