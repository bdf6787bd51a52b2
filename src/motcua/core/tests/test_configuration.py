from pathlib import Path

from django.core.management import call_command

import pytest

from motcua.conf import env
from motcua.core.management.commands.config_docs import render

ROOT = Path(__file__).resolve().parents[4]


def test_configuration_docs_match_the_settings_declarations():
    assert (ROOT / "docs" / "configuration.md").read_text(encoding="utf-8") == render(), (
        "docs/configuration.md is stale: run `python manage.py config_docs`"
    )
    call_command("config_docs", check=True)


def test_env_example_lists_every_variable():
    render()  # registers production-only variables too
    example = (ROOT / ".env.example").read_text(encoding="utf-8")
    missing = [name for name in env.REGISTRY if f"{name}=" not in example]
    assert not missing


def test_required_variable_without_value_refuses_to_start(monkeypatch):
    monkeypatch.delenv("MOTCUA_TEST_SECRET", raising=False)
    with pytest.raises(env.ImproperlyConfiguredError, match="MOTCUA_TEST_SECRET"):
        env.config("MOTCUA_TEST_SECRET", help="a secret", secret=True)


@pytest.mark.parametrize(
    ("raw", "cast", "expected"),
    [
        ("true", bool, True),
        ("0", bool, False),
        ("a, b,,c", list, ["a", "b", "c"]),
        ("42", int, 42),
    ],
)
def test_values_are_cast(monkeypatch, raw, cast, expected):
    monkeypatch.setenv("MOTCUA_TEST_VALUE", raw)
    assert env.config("MOTCUA_TEST_VALUE", None, cast=cast, help="x") == expected


def test_malformed_value_names_the_variable(monkeypatch):
    monkeypatch.setenv("MOTCUA_TEST_VALUE", "maybe")
    with pytest.raises(env.ImproperlyConfiguredError, match="MOTCUA_TEST_VALUE"):
        env.config("MOTCUA_TEST_VALUE", False, cast=bool, help="x")


def test_base_settings_are_secure_by_default():

    from motcua.conf import base

    assert env.REGISTRY["DEBUG"].default is False
    assert env.REGISTRY["SECRET_KEY"].required
    assert env.REGISTRY["SECURE_COOKIES"].default is True
    assert base.PASSWORD_HASHERS[0].endswith("Argon2PasswordHasher")
