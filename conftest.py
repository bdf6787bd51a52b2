"""Shared pytest fixtures for the whole suite.

Browser tests (marker ``e2e``) drive Debian's Chromium through Playwright against
pytest-django's ``live_server``; Playwright's own browser downloads cannot work here.
"""

from __future__ import annotations

import os
import shutil
from collections.abc import Iterator

import pytest

CHROMIUM_ARGS = [
    "--no-sandbox",
    "--disable-gpu",
    "--disable-dev-shm-usage",
    "--disable-background-networking",
    "--disable-component-update",
    "--disable-sync",
    "--no-first-run",
]


def _chromium_path() -> str:
    for candidate in (
        os.environ.get("CHROMIUM_PATH"),
        "/usr/bin/chromium",
        "/usr/lib/chromium/chromium",
    ):
        if candidate and shutil.which(candidate):
            return candidate
    pytest.fail("Chromium not found: `make test` installs Debian's chromium package.")


@pytest.fixture(scope="session")
def browser():
    # Playwright's sync API runs an event loop in this thread; Django's ORM calls made by
    # the test body are still synchronous and safe.
    os.environ["DJANGO_ALLOW_ASYNC_UNSAFE"] = "true"
    from playwright.sync_api import sync_playwright

    with sync_playwright() as playwright:
        browser = playwright.chromium.launch(
            executable_path=_chromium_path(), headless=True, args=CHROMIUM_ARGS
        )
        yield browser
        browser.close()


@pytest.fixture
def page(browser, live_server) -> Iterator:
    context = browser.new_context(locale="vi-VN", base_url=live_server.url)
    context.set_default_timeout(10_000)
    page = context.new_page()
    yield page
    context.close()


def assert_accessible(page) -> None:
    """Fail on serious or critical axe-core findings (axe is bundled, no network)."""
    from axe_playwright_python.sync_playwright import Axe

    results = Axe().run(page)
    bad = [
        f"{v['id']} ({v['impact']}): {v['help']}"
        for v in results.response["violations"]
        if v["impact"] in ("serious", "critical")
    ]
    assert not bad, "Accessibility problems:\n" + "\n".join(bad)


def skip_unless_tool(tool: str | None, reason: str) -> None:
    """Skip a test whose external tool is missing on a developer's machine.

    In CI (``CI`` set) `make test` installs every tool, so a missing one is a broken
    install step and fails instead of hiding behind a skip.
    """
    if tool is None:
        if os.environ.get("CI"):
            pytest.fail(f"{reason} (make test should have installed it)")
        pytest.skip(reason)
