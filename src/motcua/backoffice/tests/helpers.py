"""Helpers of the back-office tests."""

from __future__ import annotations

import re


def token_of(html: str, prefix: str = "") -> str:
    """The one-time token of the form named by ``prefix`` on a page."""
    name = f"{prefix}-form_token" if prefix else "form_token"
    found = re.search(rf'name="{re.escape(name)}" value="([^"]+)"', html)
    assert found, f"no token {name} on the page"
    return found[1]
