"""REST API of the dossier engine, mounted at ``/api/v1/dossiers`` (see docs/dossiers.md)."""

from .routes import router

__all__ = ["router"]
