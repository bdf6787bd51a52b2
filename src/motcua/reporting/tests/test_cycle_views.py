"""The report cycle through its pages: who may do what, and the downloads."""

from __future__ import annotations

import io

import pytest
from docx import Document
from openpyxl import load_workbook

from motcua.reporting.constants import ReportStatus
from motcua.reporting.models import Report, ReportCycle

from .test_cycles import cchc  # noqa: F401  (fixture)

pytestmark = pytest.mark.django_db


def test_cycle_through_the_pages(client, world, cchc):  # noqa: F811
    snv, xa = cchc["snv"], cchc["xa"]
    client.force_login(snv)
    page = client.get("/bao-cao/ky-bao-cao/")
    assert page.status_code == 200 and "Mở kỳ báo cáo" in page.content.decode()
    bad = client.post(
        "/bao-cao/ky-bao-cao/", {"regime": cchc["regime"].pk, "period": "Q9", "year": "2026"}
    )
    assert "Chế độ báo cáo này không có kỳ Q9" in bad.content.decode()
    assert not ReportCycle.objects.exists()
    response = client.post(
        "/bao-cao/ky-bao-cao/", {"regime": cchc["regime"].pk, "period": "Q1", "year": "2026"}
    )
    cycle = ReportCycle.objects.get()
    assert response["Location"] == f"/bao-cao/ky-bao-cao/{cycle.pk}/"
    justice = cycle.reports.get(agency=world.justice)
    commune = cycle.reports.get(agency=world.commune)

    # the commune's officer cannot read the justice report nor open periods
    client.force_login(xa)
    assert client.get(f"/bao-cao/bao-cao/{justice.pk}/").status_code == 404
    own = client.get(f"/bao-cao/bao-cao/{commune.pk}/")
    assert (
        own.status_code == 200 and "Trong kỳ, tổng số hồ sơ phải giải quyết" in own.content.decode()
    )
    client.post(
        f"/bao-cao/bao-cao/{commune.pk}/", {"action": "submit", "section-I.4": "Tuyên truyền."}
    )
    commune.refresh_from_db()
    assert commune.status == ReportStatus.SUBMITTED  # submit saves nothing typed in figures

    client.force_login(world.officer)
    client.post(
        f"/bao-cao/bao-cao/{justice.pk}/", {"action": "save", "section-II.6": "Ký số 100%."}
    )
    client.post(f"/bao-cao/bao-cao/{justice.pk}/", {"action": "submit"})
    justice.refresh_from_db()
    assert justice.narratives["II.6"] == "Ký số 100%." and justice.status == ReportStatus.SUBMITTED

    client.force_login(snv)
    for report in (justice, commune):
        client.post(f"/bao-cao/ky-bao-cao/{cycle.pk}/", {"report": report.pk, "action": "accept"})
    response = client.post(f"/bao-cao/ky-bao-cao/{cycle.pk}/", {"action": "consolidate"})
    province = Report.objects.get(cycle=cycle, is_province=True)
    assert response["Location"] == f"/bao-cao/bao-cao/{province.pk}/"
    client.post(
        f"/bao-cao/bao-cao/{province.pk}/", {"action": "circulate", "agencies": [world.justice.pk]}
    )

    client.force_login(world.officer)
    client.post(
        f"/bao-cao/bao-cao/{province.pk}/",
        {"action": "comment", "section": "II.6", "text": "Bổ sung số liệu."},
    )
    letter = client.get(f"/bao-cao/bao-cao/{province.pk}/tai-ve/gop-y/")
    assert "Mục 6 của Phần II: Bổ sung số liệu." in "\n".join(
        p.text for p in Document(io.BytesIO(letter.content)).paragraphs
    )
    client.force_login(xa)  # not consulted
    assert client.get(f"/bao-cao/bao-cao/{province.pk}/").status_code == 404

    client.force_login(snv)
    comment = province.comments.get()
    client.post(
        f"/bao-cao/bao-cao/{province.pk}/", {"action": "accept_comment", "comment": comment.pk}
    )
    final = {
        "action": "finalise",
        "number": "12",
        "issued_on": "2026-03-18",
        "signer_prefix": "TM.",
        "signer_authority": "Ủy ban nhân dân",
        "signer_title": "KT. CHỦ TỊCH\nPHÓ CHỦ TỊCH",
        "signer_name": "Nguyễn Văn A",
        "recipients": "Bộ Nội vụ",
    }
    client.post(f"/bao-cao/bao-cao/{province.pk}/", final)
    province.refresh_from_db()
    assert (province.status, province.number) == (ReportStatus.FINAL, 12)
    docx = client.get(f"/bao-cao/bao-cao/{province.pk}/tai-ve/docx/")
    assert "Số: 12/BC-UBND" in [
        p.text
        for c in Document(io.BytesIO(docx.content)).tables[0].rows[0].cells
        for p in c.paragraphs
    ]
    # the issued document is served as archived, whatever changes later
    Report.objects.filter(pk=province.pk).update(signer_name="Người khác")
    again = client.get(f"/bao-cao/bao-cao/{province.pk}/tai-ve/docx/")
    assert again.content == docx.content
    sheet = load_workbook(
        io.BytesIO(client.get(f"/bao-cao/bao-cao/{province.pk}/tai-ve/xlsx/").content)
    ).active
    assert sheet["B3"].value == "Tổng số hồ sơ tiếp nhận"
    assert client.get(f"/bao-cao/bao-cao/{province.pk}/tai-ve/khac/").status_code == 404


def test_outsiders(client, world, cchc):  # noqa: F811
    client.force_login(world.citizen)
    assert client.get("/bao-cao/ky-bao-cao/").status_code == 404
    client.force_login(world.officer)  # no regime to manage: can list, cannot open
    response = client.post(
        "/bao-cao/ky-bao-cao/", {"regime": cchc["regime"].pk, "period": "Q1", "year": "2026"}
    )
    assert response.status_code == 404
    assert not ReportCycle.objects.exists()
