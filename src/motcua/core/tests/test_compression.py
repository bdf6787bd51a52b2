"""Pages are sent compressed to browsers that accept it, and plain to the others."""

from __future__ import annotations

import gzip

import pytest

pytestmark = pytest.mark.django_db


def test_a_page_is_gzipped_when_the_browser_accepts_it(client):
    plain = client.get("/")
    packed = client.get("/", headers={"accept-encoding": "gzip"})
    assert plain.status_code == packed.status_code == 200
    assert "Content-Encoding" not in plain
    assert packed["Content-Encoding"] == "gzip"
    assert "Accept-Encoding" in packed["Vary"]
    assert len(packed.content) < len(plain.content) / 2
    # The padding against BREACH goes into the gzip header; the page itself is unchanged.
    assert b"<html" in gzip.decompress(packed.content)
