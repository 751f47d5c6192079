"""Safe file serving: only files inside the workspace, never through '..' or a symbolic link."""

from __future__ import annotations

import http.client
import os
from pathlib import Path

import pytest

from designer.ui.files import FileRefused, FileServer


@pytest.fixture
def server(tmp_path: Path) -> FileServer:
    ws = tmp_path / "ws"
    step = ws / ".designer" / "runs" / "r1" / "train"
    (step / "logs").mkdir(parents=True)
    (step / "logs" / "stderr.txt").write_text("boom\n")
    (ws / "data").mkdir()
    (ws / "data" / "iris.csv").write_text("a,b\n1,2\n")
    (ws / ".designer" / "designer.db").write_text("secret")
    (tmp_path / "outside.txt").write_text("outside")
    os.symlink(tmp_path / "outside.txt", ws / "data" / "escape.txt")
    os.symlink("/etc", ws / "data" / "etc")
    os.symlink(ws / "data" / "iris.csv", ws / "data" / "alias.csv")
    return FileServer.for_workspace(ws)


def test_urls_round_trip(server: FileServer) -> None:
    log = server.artifact_root / "r1" / "train" / "logs" / "stderr.txt"
    assert server.url(log) == "/files/runs/r1/train/logs/stderr.txt"
    assert server.url(log, download=True) == "/files/runs/r1/train/logs/stderr.txt?download=1"
    assert server.url(server.workspace / "data" / "iris.csv") == "/files/ws/data/iris.csv"
    assert server.url(server.workspace / "a b#?.csv") == "/files/ws/a%20b%23%3F.csv"
    assert server.url("/etc/passwd") is None
    assert server.url(server.workspace / ".designer" / "designer.db") is None
    assert server.resolve("runs", "r1/train/logs/stderr.txt").read_text() == "boom\n"
    assert server.resolve("ws", "data/alias.csv").name == "iris.csv"  # a link inside the workspace is fine


@pytest.mark.parametrize(("key", "rel", "status"), [
    ("ws", "../outside.txt", 403),
    ("ws", "data/../../outside.txt", 403),
    ("runs", "../../../../../../etc/passwd", 403),
    ("ws", "/etc/passwd", 403),
    ("ws", "..\\outside.txt", 403),
    ("ws", "data/escape.txt", 403),
    ("ws", "data/etc/passwd", 403),
    ("ws", ".designer/designer.db", 403),
    ("ws", "data/missing.csv", 404),
    ("ws", "data", 404),
    ("nope", "data/iris.csv", 404),
    ("ws", "data/iris.csv\x00.png", 404),
])
def test_refused(server: FileServer, key: str, rel: str, status: int) -> None:
    with pytest.raises(FileRefused) as refused:
        server.resolve(key, rel)
    assert refused.value.status == status


def _get(port: int, raw_path: str) -> tuple[int, bytes, dict[str, str]]:
    conn = http.client.HTTPConnection("127.0.0.1", port, timeout=10)
    conn.request("GET", raw_path)  # sent as is: no client-side '..' normalisation
    response = conn.getresponse()
    body = response.read()
    headers = {k.lower(): v for k, v in response.getheaders()}
    conn.close()
    return response.status, body, headers


def test_http_refuses_traversal_and_symlink_escape(server: FileServer) -> None:
    """A real HTTP server: '../../etc/passwd' (plain and percent-encoded) and an escaping link are refused."""
    import threading
    import time

    import uvicorn
    from fastapi import FastAPI

    from tests.e2e.conftest import free_port

    app = FastAPI()
    server.register(app)
    port = free_port()
    uv = uvicorn.Server(uvicorn.Config(app, host="127.0.0.1", port=port, log_level="error"))
    thread = threading.Thread(target=uv.run, daemon=True)
    thread.start()
    try:
        deadline = time.monotonic() + 10
        while not uv.started and time.monotonic() < deadline:
            time.sleep(0.02)
        status, body, headers = _get(port, "/files/runs/r1/train/logs/stderr.txt")
        assert (status, body) == (200, b"boom\n")
        assert headers["x-content-type-options"] == "nosniff"
        assert "sandbox" in headers["content-security-policy"]
        status, _, headers = _get(port, "/files/ws/data/iris.csv?download=1")
        assert status == 200 and headers["content-disposition"].startswith("attachment")
        for path in ("/files/ws/../../etc/passwd", "/files/ws/%2e%2e/%2e%2e/etc/passwd",
                     "/files/runs/..%2f..%2f..%2f..%2f..%2fetc%2fpasswd", "/files/ws/data/escape.txt",
                     "/files/ws/data/etc/passwd", "/files/ws/.designer/designer.db"):
            status, body, _ = _get(port, path)
            assert status in (403, 404), path
            assert b"root:" not in body and b"outside" not in body and b"secret" not in body
    finally:
        uv.should_exit = True
        thread.join(timeout=10)
