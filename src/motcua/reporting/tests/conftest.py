"""Reporting tests reuse the dossier engine's small province (``world``) and its clock."""

from motcua.dossiers.tests.conftest import calendar, now, world  # noqa: F401
