"""The catalogue's admin screens: scope, read-only published versions, buttons, writes."""

import datetime as dt
import json

from django import forms
from django.core.exceptions import ValidationError
from django.test import Client

import pytest

from motcua.accounts.constants import Role
from motcua.catalog.constants import VersionStatus
from motcua.catalog.models import Procedure, ProcedureVersion, PublicationDecision
from motcua.catalog.services import version_draft_create

from .conftest import publish, valid_draft

pytestmark = pytest.mark.usefixtures("pinned_today", "media_root")

PROCEDURES = "/admin/catalog/procedure/"
VERSIONS = "/admin/catalog/procedureversion/"
CASES = "/admin/catalog/procedurecase/"


@pytest.fixture(autouse=True)
def _no_second_factor(settings):
    settings.REQUIRE_2FA_FOR_ADMINS = False  # tested in accounts; here it is about scope


@pytest.fixture
def editor_client(client, editor):
    client.force_login(editor)
    return client


@pytest.fixture
def outsider_client(world, make_staff):
    client = Client()
    client.force_login(make_staff(Role.AGENCY_ADMIN, world.sibling, username="qt_so_xay_dung"))
    return client


@pytest.fixture
def catalogue(world):
    published = publish(valid_draft(world), world)
    draft = valid_draft(world, code="1.000894", name="Đăng ký kết hôn")
    return published, draft


def _value(field: forms.Field, key: str, value) -> dict:
    """One form field as the browser would post it (``value`` is already prepared)."""
    if isinstance(field, forms.FileField):
        return {}
    if isinstance(field, forms.BooleanField):
        return {key: "on"} if value else {}
    if value is None:
        return {key: ""}
    if isinstance(value, list | tuple):
        return {key: [str(v) for v in value]}
    return {key: str(value)}


def _post_data(response) -> dict:
    """What submitting a change page unchanged would send, inlines included."""
    data: dict = {}
    form = response.context["adminform"].form
    for name, field in form.fields.items():
        data.update(_value(field, form.add_prefix(name), form[name].value()))
    for inline in response.context["inline_admin_formsets"]:
        formset = inline.formset
        management = formset.management_form
        for name in management.fields:
            data[management.add_prefix(name)] = management[name].value()
        for child in formset.initial_forms:
            for name, field in child.fields.items():
                data.update(_value(field, child.add_prefix(name), child[name].value()))
    return data


def _listed(response) -> set[str]:
    return {str(obj) for obj in response.context["cl"].result_list}


# --- Lists and scope -----------------------------------------------------------------------


def test_procedure_list_shows_the_latest_version(editor_client, catalogue):
    response = editor_client.get(PROCEDURES)
    assert response.status_code == 200
    page = response.content.decode()
    assert "Đăng ký khai sinh" in page and "1 (Đã công bố)" in page and "1 (Bản nháp)" in page


@pytest.mark.parametrize(
    ("term", "found"),
    [
        ("1.000894", {"1.000894"}),
        ("dang ky khai sinh", {"1.001193"}),
        ("Đăng ký", {"1.001193", "1.000894"}),
        ("ket hon", {"1.000894"}),
    ],
)
def test_procedure_search_by_code_and_folded_name(editor_client, catalogue, term, found):
    assert _listed(editor_client.get(PROCEDURES, {"q": term})) == found


def test_an_agency_administrator_sees_only_their_scope(outsider_client, editor_client, catalogue):
    published, draft = catalogue
    assert _listed(outsider_client.get(PROCEDURES)) == set()
    assert _listed(outsider_client.get(VERSIONS)) == set()
    # an object out of reach answers like a missing one
    for url in (f"{PROCEDURES}{draft.procedure_id}/change/", f"{VERSIONS}{draft.pk}/change/"):
        hidden = outsider_client.get(url)
        missing = outsider_client.get(
            url.replace(f"/{draft.pk}/", "/999999/").replace(f"/{draft.procedure_id}/", "/999999/")
        )
        assert (hidden.status_code, hidden["Location"]) == (
            missing.status_code,
            missing["Location"],
        )
    for url in (
        f"{VERSIONS}{draft.pk}/preview/",
        f"{VERSIONS}{draft.pk}/validate/",
        f"{VERSIONS}{draft.pk}/publish/",
        f"{PROCEDURES}{draft.procedure_id}/export/",
        f"{PROCEDURES}{published.procedure_id}/new-draft/",
        f"{PROCEDURES}{published.procedure_id}/abolish/",
    ):
        assert outsider_client.get(url).status_code == 404, url
    assert (
        outsider_client.post(f"{PROCEDURES}{published.procedure_id}/new-draft/").status_code == 404
    )
    assert published.procedure.versions.count() == 1


def test_staff_without_an_admin_role_cannot_open_the_catalogue(
    client, world, make_staff, catalogue
):
    client.force_login(make_staff(Role.PROCESSING_OFFICER, world.owner))
    assert client.get(PROCEDURES).status_code == 302  # to the sign-in page


def test_an_administrator_above_the_owner_edits(client, world, make_staff, catalogue):
    client.force_login(make_staff(Role.AGENCY_ADMIN, world.committee))
    assert _listed(client.get(PROCEDURES)) == {"1.001193", "1.000894"}


# --- Adding and editing --------------------------------------------------------------------


def test_adding_a_procedure_opens_its_first_draft(editor_client, world):
    response = editor_client.post(
        f"{PROCEDURES}add/",
        {
            "code": "1.003583",
            "name": "Đăng ký khai tử",
            "level": "commune",
            "field": world.field.pk,
            "owner_agency": world.owner.pk,
        },
    )
    draft = ProcedureVersion.objects.get(procedure__code="1.003583")
    assert response["Location"] == f"{VERSIONS}{draft.pk}/change/"
    assert (draft.name, draft.status, draft.number) == ("Đăng ký khai tử", "draft", 1)


def test_owner_agency_must_be_in_scope(editor_client, world):
    response = editor_client.post(
        f"{PROCEDURES}add/",
        {
            "code": "1.003583",
            "name": "Đăng ký khai tử",
            "level": "commune",
            "field": world.field.pk,
            "owner_agency": world.sibling.pk,
        },
    )
    assert response.status_code == 200
    assert "owner_agency" in response.context["adminform"].form.errors
    assert not Procedure.objects.filter(code="1.003583").exists()


def test_editing_a_draft_goes_through_the_service(editor_client, catalogue, world):
    _published, draft = catalogue
    url = f"{VERSIONS}{draft.pk}/change/"
    data = _post_data(editor_client.get(url))
    data["name"] = "Đăng ký kết hôn có yếu tố nước ngoài"
    data["competent_agencies"] = [str(world.commune.pk)]

    response = editor_client.post(url, data)

    assert response.status_code == 302, response.context["adminform"].form.errors
    draft.refresh_from_db()
    assert draft.name == "Đăng ký kết hôn có yếu tố nước ngoài"
    assert "ket hon co yeu to nuoc ngoai" in draft.search_text
    assert list(draft.competent_agencies.all()) == [world.commune]


def test_a_published_version_opens_read_only(editor_client, catalogue):
    published, _draft = catalogue
    url = f"{VERSIONS}{published.pk}/change/"
    page = editor_client.get(url).content.decode()
    assert 'name="name"' not in page
    assert "không thể sửa" in page
    assert f"{PROCEDURES}{published.procedure_id}/new-draft/" in page  # the way forward
    editor_client.post(url, {"name": "Đổi tên"})
    published.refresh_from_db()
    assert published.name == "Đăng ký khai sinh"
    assert editor_client.get(f"{VERSIONS}{published.pk}/publish/").status_code == 404


def test_case_page_edits_rows_and_checks_the_e_form(editor_client, catalogue):
    _published, draft = catalogue
    case = draft.cases.get()
    url = f"{CASES}{case.pk}/change/"
    data = _post_data(editor_client.get(url))

    # a file field naming a component that does not exist is refused with the reason
    schema = json.loads(data["form_schema"])
    schema["fields"].append(
        {"name": "passport", "label": "Hộ chiếu", "type": "file", "component": "TP.HT.09"}
    )
    bad = {**data, "form_schema": json.dumps(schema)}
    response = editor_client.post(url, bad)
    assert response.status_code == 200
    assert (
        "Trường 8 “passport” của biểu mẫu điện tử: thành phần hồ sơ “TP.HT.09” không thuộc "
        "trường hợp này." in response.content.decode()
    )

    # adding the component in the same submission makes it valid
    prefix = "components"
    total = int(data[f"{prefix}-TOTAL_FORMS"])
    bad.update(
        {
            f"{prefix}-TOTAL_FORMS": str(total + 1),
            f"{prefix}-{total}-position": "4",
            f"{prefix}-{total}-code": "TP.HT.09",
            f"{prefix}-{total}-name": "Hộ chiếu",
            f"{prefix}-{total}-copy_type": "copy",
            f"{prefix}-{total}-quantity": "1",
            f"{prefix}-{total}-requirement": "mandatory",
            f"{prefix}-{total}-case": str(case.pk),
        }
    )
    response = editor_client.post(url, bad)
    assert response.status_code == 302, response.content.decode()[:3000]
    assert case.components.filter(code="TP.HT.09").exists()


def test_case_page_swaps_two_steps(editor_client, catalogue):
    _published, draft = catalogue
    case = draft.cases.get()
    url = f"{CASES}{case.pk}/change/"
    data = _post_data(editor_client.get(url))
    data["steps-0-position"], data["steps-1-position"] = "2", "1"

    response = editor_client.post(url, data)

    assert response.status_code == 302
    assert list(case.steps.order_by("position").values_list("name", flat=True))[:2] == [
        "Thẩm định hồ sơ",
        "Tiếp nhận, kiểm tra hồ sơ",
    ]


def test_case_page_of_a_published_version_is_read_only(editor_client, catalogue):
    published, _draft = catalogue
    case = published.cases.get()
    page = editor_client.get(f"{CASES}{case.pk}/change/").content.decode()
    assert 'name="form_schema"' not in page and 'name="fees-0-amount"' not in page


def test_deleting_a_draft(editor_client, catalogue):
    published, _draft = catalogue
    draft = version_draft_create(procedure=published.procedure)
    response = editor_client.post(f"{VERSIONS}{draft.pk}/delete/", {"post": "yes"})
    assert response.status_code == 302
    assert list(published.procedure.versions.values_list("number", flat=True)) == [1]
    assert editor_client.get(f"{VERSIONS}{published.pk}/delete/").status_code == 403


# --- Buttons -------------------------------------------------------------------------------


def test_copy_into_a_new_draft(editor_client, catalogue):
    published, _draft = catalogue
    url = f"{PROCEDURES}{published.procedure_id}/new-draft/"
    assert "phiên bản 1" in editor_client.get(url).content.decode()

    response = editor_client.post(url)

    draft = published.procedure.versions.get(number=2)
    assert response["Location"] == f"{VERSIONS}{draft.pk}/change/"
    assert draft.cases.get().steps.count() == 3
    # a second copy is refused with the reason
    response = editor_client.post(url, follow=True)
    assert "đã có bản nháp (phiên bản 2)" in response.content.decode()


def test_validate_lists_problems_in_vietnamese(editor_client, catalogue):
    _published, draft = catalogue
    step = draft.cases.get().steps.get(position=3)
    step.actions = ["return"]
    step.save()
    page = editor_client.get(f"{VERSIONS}{draft.pk}/validate/").content.decode()
    assert "bước cuối cùng phải cho phép phê duyệt hoặc từ chối" in page


def test_validate_a_valid_version(editor_client, catalogue):
    _published, draft = catalogue
    page = editor_client.get(f"{VERSIONS}{draft.pk}/validate/").content.decode()
    assert "Không phát hiện lỗi" in page


def _publish_data(world, **overrides) -> dict:
    return {
        "number": "2000/QĐ-UBND",
        "date": "2026-03-01",
        "signer": "Nguyễn Văn A",
        "issuer": world.committee.pk,
        "title": "Công bố thủ tục hành chính mới",
        "kind": "new",
        "valid_from": "2026-03-15",
        **overrides,
    }


def test_publish_from_the_admin(editor_client, catalogue, world):
    _published, draft = catalogue
    response = editor_client.post(f"{VERSIONS}{draft.pk}/publish/", _publish_data(world))
    assert response["Location"] == f"{VERSIONS}{draft.pk}/change/"
    draft.refresh_from_db()
    assert (draft.status, draft.valid_from, draft.decision.number) == (
        VersionStatus.PUBLISHED,
        dt.date(2026, 3, 15),
        "2000/QĐ-UBND",
    )


def test_publishing_an_invalid_draft_shows_the_problems_and_writes_nothing(
    editor_client, catalogue, world
):
    _published, draft = catalogue
    step = draft.cases.get().steps.get(position=3)
    step.hours = 100
    step.save()

    response = editor_client.post(f"{VERSIONS}{draft.pk}/publish/", _publish_data(world))

    assert response.status_code == 200
    assert "vượt quá thời hạn giải quyết theo quy định (24 giờ làm việc)" in (
        response.content.decode()
    )
    draft.refresh_from_db()
    assert draft.status == VersionStatus.DRAFT
    assert not PublicationDecision.objects.filter(number="2000/QĐ-UBND").exists()


def test_publish_refuses_a_decision_dated_in_the_future(editor_client, catalogue, world):
    _published, draft = catalogue
    response = editor_client.post(
        f"{VERSIONS}{draft.pk}/publish/", _publish_data(world, date="2026-04-01")
    )
    assert response.context["form"].errors["date"] == [
        "Ngày ký quyết định không được sau ngày hôm nay."
    ]


def test_preview_shows_what_citizens_will_read(editor_client, catalogue):
    published, _draft = catalogue
    page = editor_client.get(f"{VERSIONS}{published.pk}/preview/").content.decode()
    for text in ("Đăng ký khai sinh", "3 ngày làm việc", "Toàn trình", "Tờ khai đăng ký khai sinh",
                 "Lệ phí đăng ký khai sinh", "Bản chính hoặc bản sao có chứng thực"):  # fmt: skip
        assert text in page


def test_export_downloads_the_procedure(editor_client, catalogue):
    published, _draft = catalogue
    response = editor_client.get(f"{PROCEDURES}{published.procedure_id}/export/")
    assert response["Content-Disposition"] == 'attachment; filename="1.001193.json"'
    document = json.loads(response.content)
    assert [p["code"] for p in document["procedures"]] == ["1.001193"]


def test_export_selected_action(editor_client, catalogue):
    procedures = Procedure.objects.order_by("code")
    response = editor_client.post(
        PROCEDURES,
        {"action": "export_selected", "_selected_action": [p.pk for p in procedures]},
    )
    assert [p["code"] for p in json.loads(response.content)["procedures"]] == [
        "1.000894",
        "1.001193",
    ]


def test_abolish_from_the_admin(editor_client, catalogue, world):
    published, _draft = catalogue
    response = editor_client.post(
        f"{PROCEDURES}{published.procedure_id}/abolish/",
        {
            "number": "300/QĐ-UBND",
            "date": "2026-03-01",
            "issuer": world.committee.pk,
            "effective_from": "2026-04-01",
        },
    )
    assert response.status_code == 302
    published.refresh_from_db()
    assert (published.status, published.valid_to) == (
        VersionStatus.ABOLISHED,
        dt.date(2026, 3, 31),
    )


def test_reference_data_is_for_system_administrators(editor_client, client, make_staff, world):
    assert editor_client.get("/admin/catalog/sector/").status_code == 200
    assert editor_client.get("/admin/catalog/sector/add/").status_code == 403
    client.force_login(make_staff(Role.SYSTEM_ADMIN, None, username="quantri"))
    response = client.post("/admin/catalog/sector/add/", {"code": "XD", "name": "Xây dựng"})
    assert response.status_code == 302


def test_a_refusal_while_saving_comes_back_as_a_message(editor_client, catalogue, monkeypatch):
    # e.g. the draft was published by a colleague between loading and saving the page
    _published, draft = catalogue
    url = f"{VERSIONS}{draft.pk}/change/"
    data = _post_data(editor_client.get(url))
    data["name"] = "Tên mới"

    def refuse(**kwargs):
        raise ValidationError("Phiên bản này vừa được công bố.")

    monkeypatch.setattr("motcua.catalog.admin.version_update", refuse)
    response = editor_client.post(url, data, follow=True)

    assert "Phiên bản này vừa được công bố." in response.content.decode()
    draft.refresh_from_db()
    assert draft.name == "Đăng ký kết hôn"


def test_every_page_renders(editor_client, catalogue):
    published, draft = catalogue
    urls = [
        PROCEDURES,
        f"{PROCEDURES}add/",
        f"{PROCEDURES}{published.procedure_id}/change/",
        f"{PROCEDURES}{published.procedure_id}/abolish/",
        f"{PROCEDURES}{draft.procedure_id}/change/",
        VERSIONS,
        f"{VERSIONS}{draft.pk}/change/",
        f"{VERSIONS}{draft.pk}/publish/",
        f"{VERSIONS}{draft.pk}/preview/",
        f"{CASES}{draft.cases.get().pk}/change/",
        "/admin/catalog/publicationdecision/",
        "/admin/catalog/publicationdecision/add/",
        f"/admin/catalog/publicationdecision/{published.decision_id}/change/",
        "/admin/catalog/field/",
        "/admin/",
    ]
    for url in urls:
        assert editor_client.get(url).status_code == 200, url


def test_adding_a_case_on_the_version_page(editor_client, catalogue):
    _published, draft = catalogue
    url = f"{VERSIONS}{draft.pk}/change/"
    data = _post_data(editor_client.get(url))
    total = int(data["cases-TOTAL_FORMS"])
    data.update(
        {
            "cases-TOTAL_FORMS": str(total + 1),
            f"cases-{total}-position": "2",
            f"cases-{total}-name": "Đăng ký kết hôn có yếu tố nước ngoài",
            f"cases-{total}-processing_amount": "10",
            f"cases-{total}-processing_unit": "working_days",
            f"cases-{total}-online_level": "partial",
            f"cases-{total}-result_name": "Giấy chứng nhận kết hôn",
            f"cases-{total}-version": str(draft.pk),
        }
    )

    response = editor_client.post(url, data)

    assert response.status_code == 302
    case = draft.cases.get(position=2)
    assert (case.delivery_channels, case.form_schema) == (["counter"], {})


def test_emptying_the_e_form_box_means_no_e_form(editor_client, catalogue):
    _published, draft = catalogue
    case = draft.cases.get()
    url = f"{CASES}{case.pk}/change/"
    data = _post_data(editor_client.get(url))
    assert '\n  "fields": [' in data["form_schema"]  # shown indented
    data["form_schema"] = ""

    assert editor_client.post(url, data).status_code == 302
    case.refresh_from_db()
    assert case.form_schema == {}
