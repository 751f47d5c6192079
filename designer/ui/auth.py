"""Access control: one shared token for a designer reachable from other machines (as Jupyter does),
and the ``Host`` check that keeps a loopback-only designer out of reach of DNS rebinding.

Opening any address with ``?token=<token>`` sets a cookie (an HMAC of the token, never the token
itself) and redirects to the same address without the token; from then on the cookie admits every
page, asset and the websocket. Requests without it get a short page saying how to get in, and
websocket connections are closed. Tokens and cookies are compared as bytes, so any text a browser
sends (non-ASCII included) is simply a wrong token, never an error.
"""

from __future__ import annotations

import hashlib
import hmac
import html
import secrets
from typing import Any

from starlette.datastructures import URL
from starlette.requests import HTTPConnection
from starlette.responses import HTMLResponse, RedirectResponse
from starlette.types import ASGIApp, Receive, Scope, Send

COOKIE = "designer_access"


def new_token() -> str:
    """A fresh random token (URL-safe, 32 bytes of entropy)."""
    return secrets.token_urlsafe(32)


def same_secret(given: str, expected: str) -> bool:
    """Compare two secrets in constant time; any text (non-ASCII included) compares, never raises."""
    return hmac.compare_digest(given.encode("utf-8", "surrogateescape"), expected.encode("utf-8", "surrogateescape"))


def cookie_value(token: str) -> str:
    """What the access cookie holds for ``token``."""
    return hmac.new(token.encode(), b"pipeline-designer-access", hashlib.sha256).hexdigest()


DENIED = """<!doctype html><html><head><meta charset="utf-8"><title>Pipeline Designer</title>
<style>body{{font-family:system-ui,sans-serif;display:grid;place-items:center;height:100vh;margin:0;
background:#f1f5f9;color:#0f172a}}main{{max-width:32rem;padding:2rem;background:#fff;border-radius:12px;
box-shadow:0 1px 3px #0002}}code{{background:#e2e8f0;padding:0 .3em;border-radius:4px}}</style></head>
<body><main><h2>This Pipeline Designer needs its access token</h2>
<p>Open the address printed by <code>designer ui</code> in the terminal where it was started
(it ends with <code>?token=...</code>).</p><p>{detail}</p></main></body></html>"""


class TokenGate:
    """ASGI middleware admitting only requests that carry the token (query) or its cookie."""

    def __init__(self, app: ASGIApp, token: str) -> None:
        self.app = app
        self.token = token
        self.cookie = cookie_value(token)

    async def __call__(self, scope: Scope, receive: Receive, send: Send) -> None:
        if scope["type"] not in ("http", "websocket"):
            await self.app(scope, receive, send)
            return
        conn = HTTPConnection(scope)
        if same_secret(conn.cookies.get(COOKIE, ""), self.cookie):
            await self.app(scope, receive, send)
            return
        given = conn.query_params.get("token")
        if scope["type"] == "websocket":
            await send({"type": "websocket.close", "code": 1008})
            return
        if given is not None and same_secret(given, self.token):
            url: URL = conn.url.remove_query_params("token")
            target = url.path + (f"?{url.query}" if url.query else "")
            response: Any = RedirectResponse(target, status_code=303)
            response.set_cookie(COOKIE, self.cookie, httponly=True, samesite="strict", max_age=30 * 24 * 3600)
        else:
            detail = "The token in the address is not the right one." if given is not None else ""
            response = HTMLResponse(DENIED.format(detail=html.escape(detail)), status_code=401)
        await response(scope, receive, send)


LOOPBACK_NAMES = frozenset({"127.0.0.1", "localhost", "::1"})
WILDCARD_HOSTS = frozenset({"0.0.0.0", "::", ""})


def host_name(header: str) -> str:
    """The host of a ``Host`` header, without its port and brackets, lower-case."""
    value = header.strip().lower()
    if value.startswith("["):
        return value[1:value.find("]")] if "]" in value else value[1:]
    return value.rsplit(":", 1)[0] if value.count(":") == 1 else value


class HostGate:
    """ASGI middleware answering only requests addressed to this server by a name it is bound to.

    With the server bound to loopback (the default) or to one address, a request whose ``Host`` is
    neither a loopback name nor that address gets 400, and a websocket is closed: a page on another
    site whose name was re-pointed at 127.0.0.1 (DNS rebinding) reads nothing. A server bound to
    every address (``0.0.0.0``) cannot know its names; the token protects it instead.
    """

    def __init__(self, app: ASGIApp, bound: str) -> None:
        self.app = app
        self.allowed = None if bound in WILDCARD_HOSTS else LOOPBACK_NAMES | {host_name(bound)}

    async def __call__(self, scope: Scope, receive: Receive, send: Send) -> None:
        if self.allowed is None or scope["type"] not in ("http", "websocket"):
            await self.app(scope, receive, send)
            return
        header = HTTPConnection(scope).headers.get("host", "")
        if host_name(header) in self.allowed:
            await self.app(scope, receive, send)
            return
        if scope["type"] == "websocket":
            await send({"type": "websocket.close", "code": 1008})
            return
        response = HTMLResponse("<!doctype html><title>Pipeline Designer</title><p>This designer answers only "
                                "at 127.0.0.1 or localhost (the Host of this request is not one of them).</p>",
                                status_code=400)
        await response(scope, receive, send)
