"""Monitoring pages: who sees which scope, the numbers and the lists behind them, XLSX."""

from __future__ import annotations

import gzip
import io

import pytest
from openpyxl import load_workbook

from motcua.dossiers.services import dossier_accept, dossier_forward
from motcua.dossiers.tests.conftest import application

pytestmark = pytest.mark.django_db

WINDOW = {"from": "2026-02-01", "to": "2026-03-31"}


@pytest.fixture
def late(world, now):
    """Two dossiers at Sở Tư pháp, both past their due date by the end of March."""
    made = [dossier_accept(user=world.counter, application=application(world)) for _ in range(2)]
    now("2026-02-11 10:00")
    for dossier in made:
        dossier_forward(dossier=dossier, user=world.counter)
    return made


def test_monitor_sees_the_province_with_drill_down(client, world, late):
    client.force_login(world.monitor)
    response = client.get("/bao-cao/", WINDOW)
    assert response.status_code == 200
    page = response.content.decode()
    assert "Tỉnh Vĩnh Long" in page
    # ranking lists the provincial agency and the commune, each a link one level down
    assert "?scope=agency%3AH61.11" in page and "?scope=commune%3A29800" in page
    assert late[0].code in page  # the late list links to the dossier
    assert f"/can-bo/ho-so/{late[0].pk}/" in page
    assert "Chưa có nguồn dữ liệu" in page  # catalogue publication has no source yet
    assert "chưa chính thức" in page


def test_number_links_to_its_dossiers(client, world, late):
    client.force_login(world.monitor)
    response = client.get(
        "/bao-cao/ho-so/", {**WINDOW, "scope": "province:86", "count": "in_progress_overdue"}
    )
    assert response.status_code == 200
    page = response.content.decode()
    assert all(d.code in page for d in late)
    assert "2 hồ sơ" in page


def test_xlsx_exports(client, world, late):
    client.force_login(world.monitor)
    response = client.get("/bao-cao/", {**WINDOW, "scope": "province:86", "xlsx": "counts"})
    assert response["Content-Type"].startswith("application/vnd.openxmlformats")
    sheet = load_workbook(io.BytesIO(response.content)).active
    values = {row[0]: row[1:] for row in sheet.iter_rows(min_row=3, values_only=True)}
    assert values["Đang giải quyết tại thời điểm chốt"] == (2, 0)  # now, and a year before
    for table in ["index", "ranking", "late", "trend"]:
        got = client.get("/bao-cao/", {**WINDOW, "scope": "province:86", "xlsx": table})
        assert got.status_code == 200, table
        load_workbook(io.BytesIO(got.content))
    listing = client.get(
        "/bao-cao/ho-so/",
        {**WINDOW, "scope": "province:86", "count": "in_progress_overdue", "xlsx": "1"},
    )
    codes = [
        r[0]
        for r in load_workbook(io.BytesIO(listing.content)).active.iter_rows(
            min_row=3, values_only=True
        )
    ]
    assert sorted(codes) == sorted(d.code for d in late)
    assert client.get("/bao-cao/", {**WINDOW, "xlsx": "nothing"}).status_code == 404


def test_officer_sees_only_their_agency(client, world, late):
    client.force_login(world.officer)
    own = client.get("/bao-cao/", WINDOW)
    assert own.status_code == 200
    assert "Sở Tư pháp tỉnh Vĩnh Long" in own.content.decode()
    assert client.get("/bao-cao/", {**WINDOW, "scope": "province:86"}).status_code == 404
    assert client.get("/bao-cao/", {**WINDOW, "scope": "agency:H61.12"}).status_code == 404
    listing = {**WINDOW, "scope": "province:86", "count": "in_progress"}
    assert client.get("/bao-cao/ho-so/", listing).status_code == 404


@pytest.mark.parametrize("who", ["citizen", "counter_far"])
def test_outsiders_get_404(client, world, late, who):
    client.force_login(getattr(world, who))
    assert client.get("/bao-cao/", {**WINDOW, "scope": "province:86"}).status_code == 404
    listing = {**WINDOW, "scope": "agency:H61.11", "count": "in_progress"}
    assert client.get("/bao-cao/ho-so/", listing).status_code == 404


def test_anonymous_is_sent_to_login(client):
    response = client.get("/bao-cao/")
    assert response.status_code == 302
    assert response["Location"].startswith("/tai-khoan/") or "login" in response["Location"]


def test_bad_window_in_vietnamese(client, world):
    client.force_login(world.monitor)
    response = client.get(
        "/bao-cao/",
        {"scope": "province:86", "from": "2026-03-01", "to": "2026-02-01"},
        HTTP_ACCEPT_LANGUAGE="vi",
    )
    assert response.status_code == 400
    assert "Ngày kết thúc kỳ trước ngày bắt đầu" in response.content.decode()
    unknown = {**WINDOW, "scope": "province:86", "count": "nonsense"}
    assert client.get("/bao-cao/ho-so/", unknown).status_code == 404


def test_pages_are_small(client, world, now):
    for _ in range(30):
        dossier_accept(user=world.counter, application=application(world))
    client.force_login(world.monitor)
    pages = {
        "dashboard": client.get("/bao-cao/", WINDOW),
        "list": client.get(
            "/bao-cao/ho-so/", {**WINDOW, "scope": "province:86", "count": "received_new"}
        ),
    }
    for name, response in pages.items():
        assert response.status_code == 200, name
        assert len(gzip.compress(response.content)) < 150 * 1024, name


def test_field_filter_follows_the_drill_down(client, world, late):
    from motcua.catalog.models import Field

    other = Field.objects.create(
        code="H61-KH", name="Kế hoạch", sector=world.licence.procedure.field.sector
    )
    client.force_login(world.monitor)
    page = client.get("/bao-cao/", {**WINDOW, "scope": "province:86", "field": "H61-TP"})
    assert page.status_code == 200
    body = page.content.decode()
    assert "field=H61-TP" in body  # links keep the filter
    listing = client.get(
        "/bao-cao/ho-so/",
        {**WINDOW, "scope": "province:86", "count": "in_progress", "field": other.code},
    )
    assert "0 hồ sơ" in listing.content.decode()
    assert client.get("/bao-cao/", {**WINDOW, "field": "nope"}).status_code == 404
