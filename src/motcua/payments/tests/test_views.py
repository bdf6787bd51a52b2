"""Pages: who sees what (404 for anyone else), Vietnamese messages, nothing half-written."""

from __future__ import annotations

from django.urls import reverse

import pytest

from motcua.payments.constants import AttemptStatus, FeeRequestStatus
from motcua.payments.models import FeeRequest, LedgerEntry, PaymentAttempt
from motcua.payments.services import fee_request_create, payment_start


@pytest.fixture
def due(world, processing):
    return fee_request_create(dossier=processing, user=world.officer)


def test_owner_sees_the_pay_page(client, world, due):
    client.force_login(world.citizen)
    page = client.get(reverse("payments:dossier_pay", args=[due.dossier_id]))
    assert page.status_code == 200
    text = page.content.decode()
    assert "Nộp phí, lệ phí" in text and "Lệ phí cấp giấy phép" in text
    assert "200.000" in text
    assert "Chuyển khoản ngân hàng bằng mã VietQR" in text
    assert "Nộp tiền mặt tại quầy" not in text  # cash is for officers


@pytest.mark.parametrize("who", ["other_citizen", "counter", "officer", "monitor"])
def test_nobody_else_sees_the_pay_page(client, world, due, who):
    client.force_login(getattr(world, who))
    url = reverse("payments:dossier_pay", args=[due.dossier_id])
    assert client.get(url).status_code == 404
    assert client.post(url, {"provider": "vietqr"}).status_code == 404
    assert not PaymentAttempt.objects.exists()


def test_anonymous_is_sent_to_login(client, due):
    response = client.get(reverse("payments:dossier_pay", args=[due.dossier_id]))
    assert response.status_code == 302 and "/accounts/" in response["Location"]


def test_transfer_page_shows_the_qr_to_its_owner_only(client, world, due):
    client.force_login(world.citizen)
    response = client.post(
        reverse("payments:dossier_pay", args=[due.dossier_id]), {"provider": "vietqr"}
    )
    attempt = PaymentAttempt.objects.get()
    assert response["Location"] == reverse("payments:attempt", args=[attempt.reference])
    page = client.get(response["Location"]).content.decode()
    assert 'src="data:image/svg+xml' in page and f"{attempt.reference} NOP PHI" in page
    assert "Chờ bạn chuyển khoản" in page
    # A plain link to look again (an automatic refresh fails WCAG 2.2.1 and axe).
    assert "Xem lại trạng thái" in page
    client.force_login(world.other_citizen)
    assert client.get(response["Location"]).status_code == 404


def test_unknown_provider_is_refused_in_vietnamese(client, world, due):
    client.force_login(world.citizen)
    response = client.post(
        reverse("payments:dossier_pay", args=[due.dossier_id]), {"provider": "cash"}
    )
    assert response.status_code == 400
    assert "Hình thức thanh toán này hiện không được cung cấp." in response.content.decode()
    assert not PaymentAttempt.objects.exists()


def test_cash_page_for_the_centre_only(client, world, due):
    url = reverse("payments:cash_record", args=[due.pk])
    for who in ("counter_far", "counter_commune", "citizen", "other_citizen", "monitor"):
        client.force_login(getattr(world, who))
        assert client.get(url).status_code == 404, who
        assert client.post(url, {"amount": "200000", "receipt_number": "1"}).status_code == 404
    assert not LedgerEntry.objects.exists()
    client.force_login(world.counter)
    assert client.get(url).status_code == 200
    missing = client.post(url, {"amount": "200.000", "receipt_number": ""})
    assert missing.status_code == 400
    assert "Hãy nhập số biên lai." in missing.content.decode()
    wrong = client.post(url, {"amount": "abc", "receipt_number": "BL1"})
    assert wrong.status_code == 400 and "khác số tiền phải nộp" in wrong.content.decode()
    done = client.post(url, {"amount": "200.000", "receipt_number": "BL1"}, follow=True)
    assert "Đã ghi nhận khoản nộp tiền mặt." in done.content.decode()
    assert FeeRequest.objects.get().status == FeeRequestStatus.PAID


def test_transfer_confirmation_page(client, world, due):
    attempt, _ = payment_start(
        request=due, user=world.citizen, provider_code="vietqr", return_url="http://x/"
    )
    url = reverse("payments:transfer_confirm", args=[attempt.reference])
    client.force_login(world.counter_far)
    assert client.get(url).status_code == 404
    client.force_login(world.counter)
    assert client.get(url).status_code == 200
    assert client.post(url, {"bank_reference": ""}).status_code == 400
    client.post(url, {"bank_reference": "FT26001"})
    attempt.refresh_from_db()
    assert attempt.status == AttemptStatus.SUCCEEDED


def test_officer_requests_fees_with_an_exemption(client, world, processing, fees):
    url = reverse("payments:request_create", args=[processing.pk])
    client.force_login(world.counter_far)
    assert client.get(url).status_code == 404
    client.force_login(world.officer)
    page = client.get(url).content.decode()
    assert "Phí cấp bản sao" in page
    refused = client.post(
        url,
        {
            "point": "before",
            "fee": [fees["charge"].pk, fees["appraisal"].pk],
            f"exempt_{fees['appraisal'].pk}": "1",
        },
    )
    assert refused.status_code == 400
    assert "Hãy ghi lý do cho từng khoản được miễn." in refused.content.decode()
    assert not FeeRequest.objects.exists()
    client.post(
        url,
        {
            "point": "before",
            "fee": [fees["charge"].pk, fees["appraisal"].pk],
            f"exempt_{fees['appraisal'].pk}": "1",
            f"exemption_{fees['appraisal'].pk}": "Người khuyết tật",
        },
    )
    assert FeeRequest.objects.get().amount == 50000


def test_refund_page(client, world, due):
    from motcua.payments.services import cash_record

    cash_record(request=due, user=world.counter, receipt_number="BL1", amount=200000)
    url = reverse("payments:refund_record", args=[due.pk])
    client.force_login(world.officer)
    assert client.get(url).status_code == 404
    client.force_login(world.counter)
    assert client.post(url, {"reason": " "}).status_code == 400
    client.post(url, {"reason": "Hồ sơ bị từ chối"})
    assert FeeRequest.objects.get().status == FeeRequestStatus.REFUNDED


def test_collection_desk_lists_what_the_centre_collects(client, world, due):
    url = reverse("payments:desk")
    client.force_login(world.counter)
    page = client.get(url).content.decode()
    assert due.reference in page and reverse("payments:cash_record", args=[due.pk]) in page
    client.force_login(world.counter_far)
    assert due.reference not in client.get(url).content.decode()
    client.force_login(world.citizen)
    assert client.get(url).status_code == 404


def test_admin_lists_are_read_only(client, world, due):
    from motcua.payments.admin import FeeRequestAdmin
    from motcua.payments.models import FeeRequest as Model

    site_admin = FeeRequestAdmin(Model, None)

    class Request:
        user = world.counter

    assert not site_admin.has_add_permission(Request())
    assert not site_admin.has_change_permission(Request(), due)
    assert not site_admin.has_delete_permission(Request(), due)


def test_double_payment_refund_page(client, world, due):
    from motcua.payments.services import cash_record, transfer_confirm

    attempt, _ = payment_start(
        request=due, user=world.citizen, provider_code="vietqr", return_url="http://x/"
    )
    cash_record(request=due, user=world.counter, receipt_number="BL1", amount=200000)
    transfer_confirm(attempt=attempt, user=world.counter, bank_reference="FT1")
    attempt.refresh_from_db()
    assert attempt.status == AttemptStatus.DUPLICATE
    url = reverse("payments:duplicate_refund", args=[attempt.reference])
    client.force_login(world.counter)
    assert url in client.get(reverse("payments:desk")).content.decode()
    client.force_login(world.counter_far)
    assert client.get(url).status_code == 404
    client.force_login(world.counter)
    assert client.post(url, {"reason": ""}).status_code == 400
    client.post(url, {"reason": "Nộp hai lần"})
    assert attempt.refunds.count() == 1


def test_fees_due_for_my_dossiers(world, due):
    from django.template.loader import render_to_string

    from motcua.payments.selectors import open_requests_of_owner

    mine = list(open_requests_of_owner(world.citizen))
    assert mine == [due]
    assert list(open_requests_of_owner(world.other_citizen)) == []
    html = render_to_string("payments/includes/fees_due.html", {"fee_requests": mine})
    assert reverse("payments:dossier_pay", args=[due.dossier_id]) in html
    assert "200.000" in html
