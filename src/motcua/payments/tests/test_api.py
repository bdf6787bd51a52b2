"""The payments REST API: reads follow the dossier's visibility, writes the step's grant."""

from __future__ import annotations

import pytest

from motcua.payments.models import FeeRequest

URL = "/api/v1/payments/dossiers/{}/fee-requests"


def test_officer_asks_for_fees_and_the_owner_reads_them(client, world, fees, processing):
    client.force_login(world.officer)
    response = client.post(
        URL.format(processing.pk),
        {"exemptions": [{"fee_id": fees["appraisal"].pk, "reason": "Hộ nghèo"}]},
        content_type="application/json",
    )
    assert response.status_code == 201, response.content
    body = response.json()
    assert body["amount"] == 50000 and body["status"] == "open"
    assert [line["exempt"] for line in body["lines"]] == [False, True]
    client.force_login(world.citizen)
    [listed] = client.get(URL.format(processing.pk)).json()
    assert listed["reference"] == body["reference"]
    assert listed["created_at"].endswith("+07:00")


def test_errors_are_coded_and_in_vietnamese(client, world, fees, processing):
    client.force_login(world.officer)
    response = client.post(
        URL.format(processing.pk),
        {"exemptions": [{"fee_id": fees["charge"].pk, "reason": ""}]},
        content_type="application/json",
    )
    assert response.status_code == 400
    assert response.json() == {
        "code": "reason_required",
        "detail": "Hãy ghi lý do cho từng khoản được miễn.",
    }
    assert not FeeRequest.objects.exists()


@pytest.mark.parametrize("who", ["other_citizen", "counter_far"])
def test_others_get_404(client, world, fees, processing, who):
    client.force_login(getattr(world, who))
    assert client.get(URL.format(processing.pk)).status_code == 404
    response = client.post(URL.format(processing.pk), {}, content_type="application/json")
    assert response.status_code == 404
    assert not FeeRequest.objects.exists()


def test_citizen_cannot_ask_for_fees(client, world, fees, processing):
    client.force_login(world.citizen)
    response = client.post(URL.format(processing.pk), {}, content_type="application/json")
    assert response.status_code == 403 and response.json()["code"] == "forbidden"
