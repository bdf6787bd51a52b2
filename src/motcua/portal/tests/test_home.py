from django.core.cache import cache

from motcua.catalog.constants import OnlineLevel

from .conftest import received


def test_home_lists_most_used_procedures_fields_and_the_tracking_box(client, world):
    cache.clear()
    received(world)
    page = client.get("/").content.decode()
    assert "Dịch vụ hành chính một cửa" in page
    assert 'action="/tra-cuu/"' in page
    most_used = page.split("Thủ tục được dùng nhiều nhất", 1)[1]
    assert world.licence.name in most_used.split("</ul>", 1)[0]
    assert world.joint.name not in most_used.split("</ul>", 1)[0]  # no dossier yet
    assert "?field=H61-TP" in page
    assert 'href="/dang-ky/"' in page


def test_procedure_page_offers_online_submission_per_online_case(client, world):
    page = client.get(f"/thu-tuc/{world.licence.procedure.code}/").content.decode()
    assert f'href="/nop-truc-tuyen/{world.licence_case.pk}/"' in page
    world.licence_case.online_level = OnlineLevel.NONE
    world.licence_case.save()
    page = client.get(f"/thu-tuc/{world.licence.procedure.code}/").content.decode()
    assert "/nop-truc-tuyen/" not in page
