import pytest
from conftest import assert_accessible

from motcua.catalog.constants import OnlineLevel, VersionStatus
from motcua.catalog.tests import public_builders as build

pytestmark = [pytest.mark.e2e, pytest.mark.django_db(transaction=True)]


@pytest.fixture
def catalogue():
    build.birth_registration()
    build.version("1.000656", "Đăng ký khai tử", online_levels=(OnlineLevel.PARTIAL,))
    build.version("1.001022", "Đăng ký kết hôn")
    build.version("1.004772", "Đăng ký khai sinh lưu động", status=VersionStatus.DRAFT)


def test_find_a_procedure_without_diacritics_and_read_its_documents(page, catalogue):
    page.goto("/thu-tuc/")
    assert page.locator("html").get_attribute("lang") == "vi"
    assert page.get_by_role("heading", level=1).inner_text() == "Thủ tục hành chính"
    assert_accessible(page)

    page.get_by_label("Từ khóa hoặc mã thủ tục").fill("dang ky khai sinh")
    page.get_by_role("button", name="Tìm kiếm").click()
    page.wait_for_url("**/thu-tuc/?q=dang+ky+khai+sinh*")
    results = page.locator("ol.procedure-list > li")
    assert results.count() == 1  # the draft "lưu động" is not public
    assert "Toàn trình" in results.first.inner_text()
    assert_accessible(page)

    page.get_by_role("link", name="Đăng ký khai sinh").click()
    page.wait_for_url("**/thu-tuc/1.001193/")
    assert page.get_by_role("heading", level=1).inner_text() == "Đăng ký khai sinh"
    components = page.get_by_role("list", name="Thành phần hồ sơ")
    assert components.get_by_role("listitem").count() == 2
    assert "Tờ khai đăng ký khai sinh" in components.inner_text()
    assert page.get_by_text("Có thể nộp trực tuyến.").first.is_visible()
    assert_accessible(page)


def test_home_page_search_box_leads_to_the_catalogue(page, catalogue):
    page.goto("/")
    page.get_by_label("Từ khóa hoặc mã thủ tục").fill("1.0010")
    page.get_by_role("button", name="Tìm kiếm").click()
    page.wait_for_url("**/thu-tuc/?q=1.0010")
    assert page.locator("ol.procedure-list > li").inner_text().startswith("Đăng ký kết hôn")
