"""Access control for a designer reachable from other machines: one shared token, as Jupyter does.

Opening any address with ``?token=<token>`` sets a cookie (an HMAC of the token, never the token
itself) and redirects to the same address without the token; from then on the cookie admits every
page, asset and the websocket. Requests without it get a short page saying how to get in, and
websocket connections are closed.
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
        if hmac.compare_digest(conn.cookies.get(COOKIE, ""), self.cookie):
            await self.app(scope, receive, send)
            return
        given = conn.query_params.get("token")
        if scope["type"] == "websocket":
            await send({"type": "websocket.close", "code": 1008})
            return
        if given is not None and hmac.compare_digest(given, self.token):
            url: URL = conn.url.remove_query_params("token")
            target = url.path + (f"?{url.query}" if url.query else "")
            response: Any = RedirectResponse(target, status_code=303)
            response.set_cookie(COOKIE, self.cookie, httponly=True, samesite="strict", max_age=30 * 24 * 3600)
        else:
            detail = "The token in the address is not the right one." if given is not None else ""
            response = HTMLResponse(DENIED.format(detail=html.escape(detail)), status_code=401)
        await response(scope, receive, send)
