"""Every user-visible string has a Vietnamese translation, compiled and up to date."""

import shutil
import subprocess
import sys
from pathlib import Path

import polib
import pytest

SRC = Path(__file__).resolve().parents[2]
CATALOGUES = sorted(SRC.glob("*/locale/vi/LC_MESSAGES/django.po"))


def _app(po_path: Path) -> Path:
    return po_path.parents[3]


def _texts(entries) -> dict:
    """(context, msgid) → translation, plural forms included, as both catalogue kinds hold it."""
    texts = {}
    for e in entries:
        translation = tuple(sorted(e.msgstr_plural.items())) if e.msgid_plural else e.msgstr
        if translation:
            texts[(e.msgctxt, e.msgid)] = translation
    return texts


def test_every_app_with_strings_has_a_catalogue():
    assert {_app(p).name for p in CATALOGUES} >= {
        "core",
        "api",
        "agencies",
        "accounts",
        "workcalendar",
        "catalog",
        "dossiers",
        "documents",
        "portal",
        "backoffice",
        "payments",
        "feedback",
        "reporting",
        "integrations",
    }


@pytest.mark.parametrize("po_path", CATALOGUES, ids=lambda p: _app(p).name)
def test_catalogue_is_complete_and_compiled(po_path):
    po = polib.pofile(str(po_path))
    untranslated = [
        e.msgid for e in po if not e.obsolete and (not e.translated() or "fuzzy" in e.flags)
    ]
    assert not untranslated, f"untranslated in {po_path}: {untranslated[:10]}"
    mo = polib.mofile(str(po_path.with_suffix(".mo")))
    assert _texts(mo) == _texts(e for e in po if not e.obsolete), (
        f"{po_path.with_suffix('.mo')} is stale"
    )


@pytest.mark.skipif(shutil.which("xgettext") is None, reason="gettext not installed")
@pytest.mark.parametrize("po_path", CATALOGUES, ids=lambda p: _app(p).name)
def test_catalogue_contains_every_string_in_the_code(po_path, tmp_path):
    # makemessages on a copy of the app: anything it extracts must already be in the catalogue.
    app_copy = tmp_path / _app(po_path).name
    shutil.copytree(_app(po_path), app_copy, ignore=shutil.ignore_patterns("locale", "__pycache__"))
    (app_copy / "locale").mkdir()
    subprocess.run(
        # django-admin, not `python -m django`: -m would put the copy (with its logging.py) first on sys.path.
        [str(Path(sys.executable).parent / "django-admin"), "makemessages", "-l", "vi", "-v", "0"],
        cwd=app_copy,
        check=True,
        env={
            "PATH": "/usr/bin:/bin",
            "DJANGO_SETTINGS_MODULE": "motcua.conf.test",
            "PYTHONPATH": str(SRC.parent),
        },
    )
    extracted = polib.pofile(str(app_copy / "locale/vi/LC_MESSAGES/django.po"))
    known = {(e.msgctxt, e.msgid) for e in polib.pofile(str(po_path)) if not e.obsolete}
    missing = [e.msgid for e in extracted if (e.msgctxt, e.msgid) not in known]
    assert not missing, f"run scripts/messages.sh and translate: {missing[:10]}"


def test_one_text_per_meaning_across_catalogues():
    # Django merges every app's catalogue into one domain and the app listed first in
    # INSTALLED_APPS wins, so a msgid translated differently elsewhere is silently wrong there.
    texts: dict[tuple, dict[str, object]] = {}
    for po_path in CATALOGUES:
        entries = (e for e in polib.pofile(str(po_path)) if not e.obsolete)
        for (context, msgid), translation in _texts(entries).items():
            texts.setdefault((context, msgid), {})[_app(po_path).name] = translation
    conflicts = [
        f"  {msgid!r}"
        + (f" (context {context!r})" if context else "")
        + ": "
        + "; ".join(f"{app} → {text!r}" for app, text in sorted(by_app.items()))
        for (context, msgid), by_app in sorted(
            texts.items(), key=lambda kv: (kv[0][1], kv[0][0] or "")
        )
        if len(set(by_app.values())) > 1
    ]
    assert not conflicts, (
        f"{len(conflicts)} msgid(s) have different Vietnamese texts in different catalogues; "
        "give them one text everywhere, or, where the meaning differs, mark the less general "
        "use with pgettext/pgettext_lazy (or {% translate … context … %}) and translate that "
        "context in its app:\n" + "\n".join(conflicts)
    )
