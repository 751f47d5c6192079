"""Shared fixtures for browser tests: Debian's Chromium driven by Playwright, and a helper that serves
a Python app script on a free local port.

Chromium is the system one (/usr/bin/chromium, override with DESIGNER_CHROMIUM); the tests never
download a browser. Without it, or without Playwright, every test that asks for a browser is skipped.
"""

from __future__ import annotations

import os
import socket
import subprocess
import sys
import time
import urllib.error
import urllib.request
from collections.abc import Callable, Iterator
from pathlib import Path
from typing import Any

import pytest

REPO = Path(__file__).resolve().parents[2]
CHROMIUM = Path(os.environ.get("DESIGNER_CHROMIUM", "/usr/bin/chromium"))
# Without the networking flags Chromium keeps calling home, and this network refuses every call.
CHROMIUM_ARGS = [
    "--no-sandbox",
    "--disable-gpu",
    "--disable-quic",
    "--no-first-run",
    "--disable-background-networking",
    "--disable-component-update",
    "--disable-sync",
]
VIEWPORT = {"width": 1280, "height": 800}


def free_port() -> int:
    """Return a TCP port on 127.0.0.1 that nothing listens on right now."""
    with socket.socket(socket.AF_INET, socket.SOCK_STREAM) as sock:
        sock.bind(("127.0.0.1", 0))
        return int(sock.getsockname()[1])


def wait_for_http(url: str, process: subprocess.Popen[bytes], log: Path, timeout: float = 30.0) -> None:
    """Return once ``url`` answers; raise RuntimeError with the server's log if it dies or stays silent."""
    deadline = time.monotonic() + timeout
    while time.monotonic() < deadline:
        if process.poll() is not None:
            output = log.read_text(errors="replace")
            raise RuntimeError(
                f"server exited with code {process.returncode} before answering {url}:\n{output}"
            )
        try:
            with urllib.request.urlopen(url, timeout=1):
                return
        except (urllib.error.URLError, ConnectionError, TimeoutError):
            time.sleep(0.1)
    raise RuntimeError(
        f"server did not answer {url} within {timeout:.0f} s:\n{log.read_text(errors='replace')}"
    )


@pytest.fixture(scope="module")
def browser() -> Iterator[Any]:
    """A headless Debian Chromium for one test module (Playwright's sync API)."""
    # Module scope, not session: Playwright's sync API keeps an asyncio loop marked as running in this
    # thread while it is open, and the non-browser tests that share this pytest worker afterwards call
    # asyncio.run() ("cannot be called from a running event loop").
    if not CHROMIUM.exists():
        pytest.skip(f"browser tests need Chromium at {CHROMIUM} (apt-get install chromium)")
    sync_api = pytest.importorskip("playwright.sync_api", reason="browser tests need the playwright package")
    with sync_api.sync_playwright() as playwright:
        chromium = playwright.chromium.launch(executable_path=str(CHROMIUM), args=CHROMIUM_ARGS)
        yield chromium
        chromium.close()


@pytest.fixture
def page(browser: Any) -> Iterator[Any]:
    """A fresh page at 1280x800 in its own browser context; JavaScript errors are collected on
    ``page.js_errors`` so a test can assert there were none."""
    context = browser.new_context(viewport=VIEWPORT)
    new_page = context.new_page()
    errors: list[str] = []
    new_page.on("pageerror", lambda error: errors.append(str(error)))
    new_page.js_errors = errors
    yield new_page
    context.close()


@pytest.fixture(scope="module")
def serve_script(tmp_path_factory: pytest.TempPathFactory) -> Iterator[Callable[..., str]]:
    """Start ``python SCRIPT PORT *ARGS`` from the repository root and return its base URL.

    Module-scoped, so a test module can share one server between its tests. The server's output goes
    to ``server-<port>.log`` in a temporary folder; the servers stop when the module's tests are done.
    """
    tmp_path = tmp_path_factory.mktemp("servers")
    processes: list[subprocess.Popen[bytes]] = []

    def start(script: str | Path, *args: str, env: dict[str, str] | None = None) -> str:
        port = free_port()
        # PYTEST_CURRENT_TEST would make NiceGUI believe it runs inside pytest and ignore the port.
        environment = {key: value for key, value in os.environ.items() if key != "PYTEST_CURRENT_TEST"}
        environment["PYTHONPATH"] = os.pathsep.join(filter(None, [str(REPO), os.environ.get("PYTHONPATH")]))
        environment.update(env or {})
        log = tmp_path / f"server-{port}.log"
        with log.open("wb") as sink:
            process = subprocess.Popen(
                [sys.executable, str(script), str(port), *args],
                cwd=REPO,
                env=environment,
                stdout=sink,
                stderr=subprocess.STDOUT,
            )
        processes.append(process)
        base_url = f"http://127.0.0.1:{port}"
        wait_for_http(base_url + "/", process, log)
        return base_url

    yield start
    for process in processes:
        process.terminate()
    for process in processes:
        try:
            process.wait(timeout=10)
        except subprocess.TimeoutExpired:
            process.kill()
            process.wait()


# ------------------------------------------------------------------------------ the designer app

TOY_WORKSPACE = REPO / "tests" / "ui" / "toy_workspace"


class DesignerServer:
    """A ``designer ui`` process serving a workspace: its base URL, workspace folder and output log."""

    def __init__(self, url: str, workspace: Path, process: subprocess.Popen[bytes], log: Path) -> None:
        self.url = url
        self.workspace = workspace
        self.process = process
        self.log = log

    def output(self) -> str:
        return self.log.read_text(errors="replace")


@pytest.fixture(scope="module")
def designer_server(tmp_path_factory: pytest.TempPathFactory) -> Iterator[Callable[..., DesignerServer]]:
    """Start ``designer ui --workspace <copy of tests/ui/toy_workspace> --port <free>``; module-scoped.

    ``start(*args, workspace=None, wait=True)`` returns a :class:`DesignerServer`; extra ``args`` go
    to the command line (e.g. ``"--host", "0.0.0.0"``). The processes stop when the module is done.
    """
    import shutil

    base = tmp_path_factory.mktemp("designer")
    processes: list[subprocess.Popen[bytes]] = []

    def start(*args: str, workspace: Path | None = None, wait: bool = True) -> DesignerServer:
        port = free_port()
        if workspace is None:
            workspace = base / f"ws-{port}"
            shutil.copytree(TOY_WORKSPACE, workspace)
        log = base / f"designer-{port}.log"
        # NiceGUI behaves as a test fixture when it sees PYTEST_CURRENT_TEST; this is a real server
        env = {k: v for k, v in os.environ.items() if k != "PYTEST_CURRENT_TEST"}
        env["PYTHONUNBUFFERED"] = "1"
        with log.open("wb") as sink:
            process = subprocess.Popen(
                [sys.executable, "-m", "designer", "ui", "--workspace", str(workspace), "--port", str(port), *args],
                cwd=workspace, env=env, stdout=sink, stderr=subprocess.STDOUT,
            )
        processes.append(process)
        url = f"http://127.0.0.1:{port}"
        if wait:
            wait_for_http(url + "/", process, log, timeout=60)
        return DesignerServer(url, workspace, process, log)

    yield start
    for process in processes:
        process.terminate()
    for process in processes:
        try:
            process.wait(timeout=10)
        except subprocess.TimeoutExpired:
            process.kill()
            process.wait()
