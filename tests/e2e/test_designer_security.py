"""Who may reach the designer: loopback by default; any other address only with the access token."""

from __future__ import annotations

import http.cookiejar
import re
import time
import urllib.error
import urllib.request
from typing import Any

import pytest

pytestmark = pytest.mark.e2e


def status(url: str, opener: Any = None) -> int:
    try:
        with (opener or urllib.request.build_opener()).open(url, timeout=5) as response:
            return int(response.status)
    except urllib.error.HTTPError as exc:
        return int(exc.code)


def wait_listening(server: Any, timeout: float = 60.0) -> str:
    """Wait until the server answers (anything); return its printed output."""
    deadline = time.monotonic() + timeout
    while time.monotonic() < deadline:
        assert server.process.poll() is None, server.output()
        try:
            status(server.url + "/")
            return server.output()
        except (urllib.error.URLError, ConnectionError, TimeoutError):
            time.sleep(0.2)
    raise AssertionError(f"server did not answer:\n{server.output()}")


def test_loopback_needs_no_token(designer_server: Any) -> None:
    server = designer_server()
    assert status(server.url + "/") == 200
    assert "?token=" not in server.output()


def test_other_address_requires_the_generated_token(designer_server: Any) -> None:
    server = designer_server("--host", "0.0.0.0", wait=False)
    wait_listening(server)
    match = re.search(r"\?token=([\w-]+)", server.output())
    assert match, server.output()
    token = match.group(1)

    for path in ("/", "/designer?file=demo.yml", "/designer", "/?token=wrong"):
        assert status(server.url + path) == 401, path

    jar = http.cookiejar.CookieJar()
    browser = urllib.request.build_opener(urllib.request.HTTPCookieProcessor(jar))
    assert status(f"{server.url}/designer?file=demo.yml&token={token}", browser) == 200
    assert "designer_access" in [c.name for c in jar]
    assert all(token not in (c.value or "") for c in jar)  # no cookie holds the token itself
    assert status(server.url + "/", browser) == 200


def test_a_given_token_is_used(designer_server: Any) -> None:
    server = designer_server("--host", "0.0.0.0", "--token", "s3cret-token", wait=False)
    wait_listening(server)
    assert status(server.url + "/") == 401
    jar = http.cookiejar.CookieJar()
    browser = urllib.request.build_opener(urllib.request.HTTPCookieProcessor(jar))
    assert status(server.url + "/?token=s3cret-token", browser) == 200
