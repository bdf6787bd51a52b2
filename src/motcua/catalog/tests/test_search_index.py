"""The search indexes of migration 0002 exist and follow the table."""

from __future__ import annotations

import datetime as dt

from django.db import connection

import pytest

from motcua.catalog.models import ProcedureVersion
from motcua.catalog.search import FTS_TABLE, procedure_search

from . import public_builders as build

pytestmark = pytest.mark.django_db

TODAY = dt.date(2026, 11, 22)
sqlite_only = pytest.mark.skipif(connection.vendor != "sqlite", reason="SQLite FTS5 index")
postgresql_only = pytest.mark.skipif(connection.vendor != "postgresql", reason="PostgreSQL indexes")


def found(q: str) -> list[str]:
    return [v.procedure.code for v in procedure_search(q, on=TODAY).items]


def test_index_follows_renames_and_deletions():
    version = build.version("1.000656", "Đăng ký khai tử")
    assert found("khai tu") == ["1.000656"]

    version.name = "Đăng ký khai tử lưu động"
    version.save()
    assert found("luu dong") == ["1.000656"]

    version.cases.all().delete()
    version.implementing_agencies.clear()
    version.competent_agencies.clear()
    ProcedureVersion.objects.filter(pk=version.pk).delete()
    assert found("khai tu") == []


@sqlite_only
def test_sqlite_triggers_survive_later_migrations():
    # SQLite drops a table's triggers when Django rebuilds the table during a migration.
    # If this fails, a migration rebuilt catalog_procedureversion: end it with the
    # statements of 0002_search_indexes.SQLITE_FORWARD (see docs/search.md).
    with connection.cursor() as cursor:
        cursor.execute(
            "SELECT name FROM sqlite_master WHERE type = 'trigger' AND tbl_name = %s",
            ["catalog_procedureversion"],
        )
        triggers = {row[0] for row in cursor.fetchall()}
    assert triggers == {
        "catalog_version_fts_insert",
        "catalog_version_fts_update",
        "catalog_version_fts_delete",
    }


@sqlite_only
def test_sqlite_index_holds_one_row_per_version():
    build.version("1.000656", "Đăng ký khai tử")
    build.version("1.000656", "Đăng ký khai tử (dự thảo)", number=2, status="draft")
    with connection.cursor() as cursor:
        cursor.execute(f"SELECT rowid, search_text FROM {FTS_TABLE} ORDER BY rowid")
        indexed = cursor.fetchall()
    assert indexed == list(ProcedureVersion.objects.order_by("pk").values_list("pk", "search_text"))


@postgresql_only
def test_postgresql_indexes_exist_and_serve_the_queries():
    with connection.cursor() as cursor:
        cursor.execute("SELECT extname FROM pg_extension WHERE extname IN ('pg_trgm', 'unaccent')")
        assert {row[0] for row in cursor.fetchall()} == {"pg_trgm", "unaccent"}
        cursor.execute(
            "SELECT indexname FROM pg_indexes WHERE tablename = 'catalog_procedureversion'"
        )
        indexes = {row[0] for row in cursor.fetchall()}
        assert {"catalog_version_search_fts", "catalog_version_search_trgm"} <= indexes

        # A few rows never need an index; forbid sequential scans to see which one is used.
        # GIN indexes are read by bitmap scans only, so plain index scans go too.
        cursor.execute("SET LOCAL enable_seqscan = off")
        cursor.execute("SET LOCAL enable_indexscan = off")
        from django.contrib.postgres.search import SearchQuery, SearchVector

        words = (
            ProcedureVersion.objects.annotate(v=SearchVector("search_text", config="simple"))
            .filter(v=SearchQuery("khai:*", config="simple", search_type="raw"))
            .order_by()
            .values("pk")
        )
        assert "catalog_version_search_fts" in words.explain()
        near = (
            ProcedureVersion.objects.filter(search_text__trigram_word_similar="khaisinh")
            .order_by()
            .values("pk")
        )
        assert "catalog_version_search_trgm" in near.explain()


@postgresql_only
def test_postgresql_code_and_name_indexes_serve_their_queries():
    from motcua.catalog.models import Procedure

    build.version("1.000656", "Đăng ký khai tử")
    with connection.cursor() as cursor:
        cursor.execute("SET LOCAL enable_seqscan = off")
        codes = Procedure.objects.filter(code__icontains="000656").order_by().values("pk")
        assert "catalog_procedure_code_trgm" in codes.explain()
        names = ProcedureVersion.objects.filter(name__in=["Đăng ký khai tử"]).order_by()
        assert "catalog_version_name" in names.values("pk").explain()


def test_distinct_names_walk_every_name_once():
    from motcua.catalog.search import _distinct_names

    build.version("1.000656", "Đăng ký khai tử")
    build.version("1.000656", "Đăng ký khai tử", number=2, status="draft")
    build.version("1.000657", "Đăng ký khai tử")
    build.version("1.000658", "Cấp bản sao trích lục")
    assert sorted(_distinct_names()) == ["Cấp bản sao trích lục", "Đăng ký khai tử"]
