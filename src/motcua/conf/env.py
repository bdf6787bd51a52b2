"""The one way settings read the environment.

Every variable is declared through :func:`config`, which records its default, type and
help text. ``manage.py config_docs`` renders that registry into
``docs/configuration.md`` and a test fails when the committed file drifts from it, so
the documentation cannot fall behind the code.
"""

from __future__ import annotations

import os
from collections.abc import Callable
from dataclasses import dataclass
from typing import Any

_MISSING = object()


class ImproperlyConfiguredError(RuntimeError):
    pass


@dataclass(frozen=True)
class EnvVar:
    name: str
    default: Any
    help: str
    group: str
    required: bool
    secret: bool


REGISTRY: dict[str, EnvVar] = {}


def _to_bool(raw: str) -> bool:
    value = raw.strip().lower()
    if value in {"1", "true", "yes", "on"}:
        return True
    if value in {"0", "false", "no", "off", ""}:
        return False
    raise ValueError(f"not a boolean: {raw!r}")


def _to_list(raw: str) -> list[str]:
    return [item.strip() for item in raw.split(",") if item.strip()]


CASTS: dict[type, Callable[[str], Any]] = {
    bool: _to_bool,
    int: int,
    float: float,
    list: _to_list,
    str: str,
}


def config(
    name: str,
    default: Any = _MISSING,
    *,
    cast: type = str,
    help: str,
    group: str = "General",
    secret: bool = False,
) -> Any:
    """Read ``name`` from the environment, cast it, and register its documentation.

    A variable without a default is required: reading it when unset raises at start-up,
    which is how secrets avoid having a production default.
    """
    required = default is _MISSING
    REGISTRY[name] = EnvVar(name, None if required else default, help, group, required, secret)
    raw = os.environ.get(name)
    if raw is None:
        if required:
            raise ImproperlyConfiguredError(
                f"Environment variable {name} is required: {help} (see docs/configuration.md)"
            )
        return default
    try:
        return CASTS[cast](raw)
    except (ValueError, KeyError) as exc:
        raise ImproperlyConfiguredError(f"Environment variable {name}={raw!r}: {exc}") from exc
