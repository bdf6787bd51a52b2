from __future__ import annotations

from django.db import connection
from django.db.utils import DatabaseError
from django.http import HttpRequest, JsonResponse
from django.views.decorators.cache import never_cache
from django.views.decorators.http import require_GET


@require_GET
@never_cache
def healthz(request: HttpRequest) -> JsonResponse:
    """Liveness: the process answers. Touches nothing else, so a slow DB never restarts it."""
    return JsonResponse({"status": "ok"})


_migrations_seen_complete = False


def _pending_migrations() -> int:
    # Loading the migration graph costs tens of milliseconds; once a process has seen the
    # schema complete it stays complete (migrations only run before a deploy starts).
    global _migrations_seen_complete
    if _migrations_seen_complete:
        return 0
    from django.db.migrations.executor import MigrationExecutor

    executor = MigrationExecutor(connection)
    pending = len(executor.migration_plan(executor.loader.graph.leaf_nodes()))
    _migrations_seen_complete = pending == 0
    return pending


@require_GET
@never_cache
def readyz(request: HttpRequest) -> JsonResponse:
    """Readiness: the database answers and has been migrated."""
    try:
        with connection.cursor() as cursor:
            cursor.execute("SELECT 1")
        pending = _pending_migrations()
    except DatabaseError as exc:
        return JsonResponse({"status": "unavailable", "database": type(exc).__name__}, status=503)
    if pending:
        return JsonResponse({"status": "unavailable", "pending_migrations": pending}, status=503)
    return JsonResponse({"status": "ok", "database": connection.vendor})
