from django.db import connection

import pytest


@pytest.mark.django_db
def test_the_latest_received_index_exists():
    # Created by raw SQL (NULLS LAST is not expressible on SQLite): a later migration that
    # rebuilds the table on SQLite would drop it silently, so check it is there.
    with connection.cursor() as cursor:
        constraints = connection.introspection.get_constraints(cursor, "dossiers_dossier")
    assert "dossier_received_desc_idx" in constraints
    assert constraints["dossier_received_desc_idx"]["columns"][:2] == ["received_at", "id"]
