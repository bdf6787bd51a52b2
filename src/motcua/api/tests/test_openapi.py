from motcua.api.management.commands.openapi_schema import SCHEMA_PATH, render


def test_committed_openapi_document_matches_the_code():
    assert SCHEMA_PATH.read_text(encoding="utf-8") == render(), (
        "docs/api/openapi.json is stale: run `python manage.py openapi_schema`"
    )


def test_openapi_document_is_served(client):
    response = client.get("/api/v1/openapi.json")
    assert response.status_code == 200
    assert response.json()["info"]["title"] == "motcua API"
