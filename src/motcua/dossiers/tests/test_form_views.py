"""Downloading the official forms: who gets which form of which dossier, in which format,
with which headers, and what bad input gets back."""

from __future__ import annotations

import datetime as dt

import pytest

from motcua.dossiers.services import (
    dossier_accept,
    dossier_assign,
    dossier_extend,
    dossier_forward,
    dossier_refuse,
    dossier_request_completion,
    dossier_stop,
    dossier_submit,
)

from .conftest import application, at
from .test_form_builders import assert_in, docx_text, online, pdf_text

DOCX = "application/vnd.openxmlformats-officedocument.wordprocessingml.document"


@pytest.fixture
def stopped(world, now):
    """Received, handed over, assigned, extended, then stopped: Mẫu 01, 04, 05 and 06."""
    dossier = dossier_accept(user=world.counter, application=application(world))
    now("2026-02-11 10:00")
    dossier_forward(dossier=dossier, user=world.counter)
    dossier_assign(dossier=dossier, user=world.head, assignee=world.officer)
    now("2026-02-24 16:00")
    dossier_extend(
        dossier=dossier, user=world.leader, new_due_at=at("2026-03-02 17:00"), reason="Xác minh"
    )
    now("2026-02-25 10:00")
    dossier_stop(dossier=dossier, user=world.counter, reason="Công dân xin dừng")
    return dossier


@pytest.fixture
def refused(world, now):
    """Submitted online, sent back for completion, then refused: Mẫu 02 and 03."""
    world.centre.phone = "0270 3822 111"
    world.centre.save()
    dossier = dossier_submit(application=online(world), user=world.citizen)
    dossier_request_completion(
        dossier=dossier, user=world.counter, items=["Tờ khai có chữ ký"], reason="Thiếu chữ ký"
    )
    dossier_refuse(dossier=dossier, user=world.counter, reasons="Không thuộc thẩm quyền")
    return dossier


def url(dossier, form: str, fmt: str = "pdf") -> str:
    return f"/ho-so/{dossier.pk}/bieu-mau/{form}.{fmt}"


def get(client, user, path: str, **params):
    if user is not None:
        client.force_login(user)
    return client.get(path, params)


# --- the forms of a dossier ---------------------------------------------------------------


@pytest.mark.parametrize(
    "form, title",
    [
        ("mau01", "GIẤY TIẾP NHẬN HỒ SƠ VÀ HẸN TRẢ KẾT QUẢ"),
        ("mau04", "PHIẾU XIN LỖI VÀ ĐỀ NGHỊ GIA HẠN THỜI GIAN GIẢI QUYẾT"),
        ("mau05", "THÔNG BÁO DỪNG GIẢI QUYẾT HỒ SƠ"),
        ("mau06", "PHIẾU KIỂM SOÁT QUÁ TRÌNH GIẢI QUYẾT HỒ SƠ"),
    ],
)
def test_staff_download_the_forms_of_the_dossiers_history(
    client, world, stopped, tmp_path, form, title
):
    response = get(client, world.counter, url(stopped, form))
    assert response.status_code == 200
    assert response["Content-Type"] == "application/pdf"
    assert response["Content-Disposition"] == f'attachment; filename="{stopped.code}-{form}.pdf"'
    assert response["X-Content-Type-Options"] == "nosniff"
    assert response["Cache-Control"] == "private, no-store"
    assert_in(pdf_text(response.content, tmp_path), title, stopped.code, "VĨNH LONG")

    response = client.get(url(stopped, form, "docx"))
    assert response.status_code == 200
    assert response["Content-Type"] == DOCX
    assert response["Content-Disposition"] == f'attachment; filename="{stopped.code}-{form}.docx"'
    assert_in(docx_text(response.content), title, stopped.code)


def test_forms_of_a_dossier_refused_before_receipt(client, world, refused, tmp_path):
    client.force_login(world.counter)
    response = client.get(url(refused, "mau03"))
    assert response.status_code == 200
    # No code was ever issued: the file is named after the record.
    assert response["Content-Disposition"] == f'attachment; filename="ho-so-{refused.pk}-mau03.pdf"'
    assert_in(pdf_text(response.content, tmp_path), "Không thuộc thẩm quyền", "Trần Thị Bình")
    assert_in(
        pdf_text(client.get(url(refused, "mau02")).content, tmp_path),
        "1. Tờ khai có chữ ký",
        "Lý do: Thiếu chữ ký",
    )
    for form in ("mau01", "mau04", "mau05", "mau06"):  # never received
        assert client.get(url(refused, form)).status_code == 404


def test_a_pdf_may_open_in_the_browser_for_printing(client, world, stopped):
    response = get(client, world.counter, url(stopped, "mau01"), inline="1")
    assert response["Content-Disposition"] == f'inline; filename="{stopped.code}-mau01.pdf"'


def test_a_form_the_history_has_not_produced_is_not_found(client, world, stopped, refused):
    client.force_login(world.counter)
    assert client.get(url(stopped, "mau02")).status_code == 404  # no supplement asked
    assert client.get(url(stopped, "mau03")).status_code == 404  # not refused
    assert client.get(url(stopped, "mau07")).status_code == 404  # the book is not per dossier
    assert client.get(url(stopped, "mau99")).status_code == 404
    assert client.get(f"/ho-so/{stopped.pk}/bieu-mau/mau01.xls").status_code == 404
    assert client.get("/ho-so/999999/bieu-mau/mau01.pdf").status_code == 404


def test_a_form_missing_a_legal_value_says_what_instead_of_printing(client, world, now):
    dossier = dossier_submit(application=online(world), user=world.citizen)
    dossier_request_completion(dossier=dossier, user=world.counter, items=["Tờ khai"], reason="x")
    # Neither the officer nor the centre has a phone number for the applicant to call.
    response = get(client, world.counter, url(dossier, "mau02"))
    assert response.status_code == 409
    assert "Thiếu số điện thoại liên hệ" in response.content.decode()


# --- who may download ---------------------------------------------------------------------


def test_staff_of_another_agency_and_other_citizens_get_not_found(client, world, stopped):
    for user in (world.counter_far, world.other_citizen):
        client.force_login(user)
        for form in ("mau01", "mau05", "mau06"):
            assert client.get(url(stopped, form)).status_code == 404, (user, form)


def test_staff_of_every_agency_the_dossier_passed_through_may_download(client, world, stopped):
    for user in (world.officer, world.leader, world.monitor):
        client.force_login(user)
        assert client.get(url(stopped, "mau06")).status_code == 200, user


def test_the_owner_gets_the_forms_addressed_to_them_not_the_control_slip(client, world, stopped):
    client.force_login(world.citizen)
    for form in ("mau01", "mau04", "mau05"):
        assert client.get(url(stopped, form)).status_code == 200, form
    assert client.get(url(stopped, "mau06")).status_code == 404
    assert client.get(url(stopped, "mau06", "docx")).status_code == 404


def test_anonymous_visitors_are_sent_to_log_in(client, stopped):
    response = client.get(url(stopped, "mau01"))
    assert response.status_code == 302
    assert response["Location"].startswith("/accounts/login/")
    response = client.get("/ho-so/so-theo-doi.pdf", {"agency": stopped.receiving_agency_id})
    assert response.status_code == 302


def test_only_reading_is_allowed(client, world, stopped):
    client.force_login(world.counter)
    assert client.post(url(stopped, "mau01")).status_code == 405


# --- the tracking book --------------------------------------------------------------------


@pytest.fixture
def book(world, now):
    first = dossier_accept(user=world.counter, application=application(world))
    now("2026-02-12 09:00")
    second = dossier_accept(user=world.counter, application=application(world))
    now("2026-02-13 09:00")
    later = dossier_accept(user=world.counter, application=application(world))
    return first, second, later


def test_staff_download_the_book_of_a_field_and_period(client, world, book, tmp_path):
    first, second, later = book
    params = {
        "agency": world.centre.pk,
        "field": "H61-TP",
        "from": "2026-02-11",
        "to": "12/02/2026",
    }
    response = get(client, world.counter, "/ho-so/so-theo-doi.pdf", **params)
    assert response.status_code == 200
    assert response["Content-Disposition"] == (
        'attachment; filename="so-theo-doi-H61.17-20260211-20260212.pdf"'
    )
    assert (response["X-Content-Type-Options"], response["Cache-Control"]) == (
        "nosniff",
        "private, no-store",
    )
    text = pdf_text(response.content, tmp_path)
    assert_in(text, "SỔ THEO DÕI HỒ SƠ", "Lĩnh vực: Tư pháp", first.code, second.code)
    assert later.code not in text
    response = client.get("/ho-so/so-theo-doi.docx", params)
    assert response.status_code == 200
    assert_in(docx_text(response.content), first.code, second.code)


def test_the_book_defaults_to_every_field_this_month(client, world, book, now, tmp_path):
    now("2026-02-13 10:00")
    response = get(client, world.counter, "/ho-so/so-theo-doi.pdf", agency=world.centre.pk)
    assert response.status_code == 200
    text = pdf_text(response.content, tmp_path)
    assert_in(text, "Tất cả lĩnh vực", "Từ ngày 01/02/2026 đến ngày 13/02/2026")
    assert_in(text, *(d.code for d in book))


@pytest.mark.parametrize(
    "params, message",
    [
        ({"from": "2026-02-31"}, "không phải là một ngày"),
        ({"from": "hôm qua"}, "không phải là một ngày"),
        ({"to": "31/13/2026"}, "không phải là một ngày"),
        ({"from": "2026-02-13", "to": "2026-02-11"}, "Ngày bắt đầu không được sau ngày kết thúc"),
        ({"from": "2025-01-01", "to": "2026-02-11"}, "tối đa 366 ngày"),
        ({"field": "H61-XX"}, "Không có lĩnh vực"),
    ],
)
def test_bad_book_parameters_are_explained_in_vietnamese(client, world, book, params, message):
    response = get(
        client, world.counter, "/ho-so/so-theo-doi.pdf", agency=world.centre.pk, **params
    )
    assert response.status_code == 400
    assert response["Content-Type"] == "text/plain; charset=utf-8"
    assert message in response.content.decode()


def test_the_book_needs_an_agency(client, world):
    response = get(client, world.counter, "/ho-so/so-theo-doi.pdf", **{"from": "2026-02-11"})
    assert response.status_code == 400
    assert "Chọn cơ quan tiếp nhận" in response.content.decode()


def test_a_book_too_long_to_print_asks_for_a_shorter_period(client, world, book, monkeypatch):
    from motcua.dossiers import views

    monkeypatch.setattr(views, "BOOK_MAX_ENTRIES", 2)
    response = get(
        client,
        world.counter,
        "/ho-so/so-theo-doi.pdf",
        agency=world.centre.pk,
        **{"from": "2026-02-01", "to": "2026-02-28"},
    )
    assert response.status_code == 400
    assert "3 hồ sơ" in response.content.decode()


def test_the_book_of_an_agency_out_of_scope_is_not_found(client, world, book):
    params = {"agency": world.centre.pk, "from": "2026-02-11", "to": "2026-02-13"}
    for user in (world.counter_far, world.citizen, world.finance_officer):
        assert get(client, user, "/ho-so/so-theo-doi.pdf", **params).status_code == 404, user
    # Scope is checked before the rest: a stranger's bad date is not worth an answer.
    bad = {**params, "from": "x"}
    assert get(client, world.counter_far, "/ho-so/so-theo-doi.pdf", **bad).status_code == 404
    assert get(client, world.counter, "/ho-so/so-theo-doi.pdf", agency="abc").status_code == 404


def test_the_period_bounds_are_whole_local_days(client, world, book, tmp_path):
    first, second, _later = book
    response = get(
        client,
        world.counter,
        "/ho-so/so-theo-doi.pdf",
        agency=world.centre.pk,
        **{"from": "12/02/2026", "to": "12/02/2026"},
    )
    text = pdf_text(response.content, tmp_path)
    assert second.code in text and first.code not in text
    assert dt.date(2026, 2, 12).strftime("%d/%m/%Y") in text
