import pytest

from motcua.dossiers.services import dossier_accept
from motcua.dossiers.tests.conftest import application

pytestmark = pytest.mark.django_db

URL = "/api/v1/reporting/indicators"


def test_indicators_public_and_from_rollups(client, world):
    dossier_accept(user=world.counter, application=application(world))
    response = client.get(URL, {"scope": "province:86", "from": "2026-02-01", "to": "2026-02-28"})
    assert response.status_code == 200
    body = response.json()
    assert (body["from"], body["to"], body["scope"]) == ("2026-02-01", "2026-02-28", "province:86")
    assert body["counts"]["received_new"] == 1
    assert body["counts"]["in_progress"] == 1
    codes = {i["code"]: i for i in body["indicators"]}
    assert codes["B06.TN.M"]["value"] == "1"
    assert codes["766.TTTT"]["missing_sources"] == []  # read from the payments app
    assert codes["766.CKMB.1"]["missing_sources"] == [
        "procedures_published",
        "procedures_published_on_time",
    ]
    assert {g["group"] for g in body["groups"]} == {
        "publicity",
        "progress",
        "online",
        "payment",
        "satisfaction",
        "digitisation",
    }
    # nothing personal leaves this endpoint
    assert "Trần Thị Bình" not in response.content.decode()


def test_procedure_filter(client, world):
    dossier_accept(user=world.counter, application=application(world))
    params = {"scope": "province:86", "from": "2026-02-01", "to": "2026-02-28"}
    joint = client.get(URL, {**params, "procedure": world.joint.procedure.code}).json()
    licence = client.get(URL, {**params, "procedure": world.licence.procedure.code}).json()
    assert (joint["counts"]["received_new"], licence["counts"]["received_new"]) == (0, 1)


@pytest.mark.parametrize(
    ("params", "status", "message"),
    [
        (
            {"scope": "province:86", "from": "2026-03-01", "to": "2026-02-01"},
            400,
            "trước ngày bắt đầu",
        ),
        ({"scope": "province:86", "from": "2020-01-01", "to": "2026-02-01"}, 400, "ba năm"),
        (
            {"scope": "tinh:86", "from": "2026-01-01", "to": "2026-02-01"},
            400,
            "Phạm vi không hợp lệ",
        ),
        (
            {"scope": "province:86", "from": "2026-01-01", "to": "2026-02-01", "procedure": "x"},
            400,
            "Không có thủ tục",
        ),
        ({"scope": "province:86", "from": "01/01/2026", "to": "2026-02-01"}, 422, "YYYY-MM-DD"),
    ],
)
def test_bad_input_in_vietnamese(client, world, params, status, message):
    response = client.get(URL, params, HTTP_ACCEPT_LANGUAGE="vi")
    assert response.status_code == status
    assert message in response.content.decode()


def test_field_filter(client, world):
    dossier_accept(user=world.counter, application=application(world))
    params = {"scope": "province:86", "from": "2026-02-01", "to": "2026-02-28"}
    field = client.get(URL, {**params, "field": "H61-TP"}).json()
    assert field["counts"]["received_new"] == 1
    unknown = client.get(URL, {**params, "field": "nope"}, HTTP_ACCEPT_LANGUAGE="vi")
    assert unknown.status_code == 400 and "Không có lĩnh vực" in unknown.content.decode()
