import pytest

from motcua.dossiers.constants import EventKind
from motcua.dossiers.models import DossierEvent
from motcua.portal.models import TrackingFailure

from .conftest import awaiting_supplement, received

URL = "/tra-cuu/"
NOT_FOUND = "Không tìm thấy hồ sơ"


def track(client, code, factor, address="10.0.0.1"):
    return client.post(URL, {"code": code, "factor": factor}, REMOTE_ADDR=address)


def test_phone_digits_show_plain_status_and_public_timeline(client, world, now):
    dossier = awaiting_supplement(world, now)
    response = track(client, dossier.code.lower(), "5678")
    assert response.status_code == 200
    page = response.content.decode()
    assert dossier.code in page
    assert "Đang chờ bạn bổ sung hồ sơ" in page
    assert "Hồ sơ đã được tiếp nhận" in page
    # Internal notes, steps and officers' names stay in the back office.
    assert "Chuyển Sở Tư pháp" not in page
    assert world.officer.full_name not in page
    assert world.counter.full_name not in page
    assert response["Cache-Control"].startswith("max-age=0")


def test_identification_number_is_a_second_factor(client, world):
    dossier = received(world)
    response = track(client, dossier.code, "086185012345")
    assert response.status_code == 200
    assert "Hồ sơ đã được tiếp nhận" in response.content.decode()


def test_wrong_factor_and_unknown_code_answer_the_same(client, world):
    dossier = received(world)
    wrong_factor = track(client, dossier.code, "1111").content.decode()
    unknown = track(client, "H61.17-260211-9999", "5678").content.decode()
    assert NOT_FOUND in wrong_factor and NOT_FOUND in unknown
    assert dossier.code + "</dd>" not in wrong_factor
    assert TrackingFailure.objects.count() == 4  # address and code, twice


def test_a_code_is_locked_after_repeated_guesses(client, world, settings):
    settings.PORTAL_TRACKING_FAILURES_PER_CODE = 3
    dossier = received(world)
    for guess, address in (("0000", "10.0.0.1"), ("0001", "10.0.0.2"), ("0002", "10.0.0.3")):
        assert track(client, dossier.code, guess, address).status_code == 200
    # Even the right digits from a fresh address are refused until the window passes.
    response = track(client, dossier.code, "5678", "10.0.0.9")
    assert response.status_code == 429
    assert "quá nhiều lần" in response.content.decode()


def test_one_address_is_slowed_down_across_codes(client, world, settings):
    settings.PORTAL_TRACKING_FAILURES_PER_ADDRESS = 2
    dossier = received(world)
    track(client, "H61.17-260211-0101", "5678")
    track(client, "H61.17-260211-0102", "5678")
    assert track(client, dossier.code, "5678").status_code == 429
    assert track(client, dossier.code, "5678", "10.0.0.2").status_code == 200


def test_receipt_link_prefills_the_code(client, world):
    dossier = received(world)
    response = client.get(f"/tra-cuu/{dossier.code}/")
    assert response.status_code == 200
    assert f'value="{dossier.code}"' in response.content.decode()


def test_empty_input_is_refused_in_vietnamese(client, db):
    response = client.post(URL, {"code": "", "factor": ""})
    assert response.status_code == 200
    assert "bắt buộc" in response.content.decode()
    assert not TrackingFailure.objects.exists()


@pytest.mark.parametrize("kind", [EventKind.NOTE])
def test_internal_events_never_listed(client, world, kind):
    dossier = received(world)
    DossierEvent.objects.create(
        dossier=dossier, kind=kind, at=dossier.received_at, note="Ghi chú nội bộ bí mật"
    )
    page = track(client, dossier.code, "5678").content.decode()
    assert "Ghi chú nội bộ bí mật" not in page
    assert "Internal note" not in page and "Ghi chú nội bộ" not in page
