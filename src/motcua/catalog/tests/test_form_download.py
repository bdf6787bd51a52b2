from django.core.exceptions import ValidationError
from django.core.files.base import ContentFile

import pytest

from motcua.catalog.constants import VersionStatus

from . import public_builders as build

pytestmark = pytest.mark.django_db


@pytest.fixture(autouse=True)
def _media(settings, tmp_path):
    settings.MEDIA_ROOT = tmp_path


def _with_form(version, name="to-khai.docx"):
    component = version.cases.get().components.get(position=1)
    component.form_template.save(name, ContentFile(b"PK\x03\x04 a form"), save=True)
    return component


def test_blank_form_of_a_procedure_in_force_downloads_as_an_attachment(client):
    component = _with_form(build.version("1.000001", "Thủ tục có mẫu"))
    response = client.get(f"/thu-tuc/bieu-mau/{component.pk}/")
    assert response.status_code == 200
    assert response["Content-Disposition"].startswith("attachment;")
    assert response["X-Content-Type-Options"] == "nosniff"
    assert b"".join(response.streaming_content) == b"PK\x03\x04 a form"
    # The public page and API link there, never to MEDIA_URL.
    page = client.get("/thu-tuc/1.000001/").content.decode()
    assert f"/thu-tuc/bieu-mau/{component.pk}/" in page
    assert "/media/" not in page


@pytest.mark.parametrize("status", [VersionStatus.DRAFT, VersionStatus.ABOLISHED])
def test_forms_of_drafts_and_ended_versions_are_not_public(client, status):
    version = build.version("1.000002", "Thủ tục chưa công bố", status=status)
    component = _with_form(version)
    assert client.get(f"/thu-tuc/bieu-mau/{component.pk}/").status_code == 404
    assert client.get("/thu-tuc/bieu-mau/999999/").status_code == 404


def test_only_document_files_are_accepted_as_templates():
    component = build.version("1.000003", "Thủ tục").cases.get().components.get(position=1)
    component.form_template.name = "catalog/forms/trang.html"
    with pytest.raises(ValidationError) as error:
        component.full_clean()
    assert "form_template" in error.value.message_dict
