"""Red-team findings of issue #13 in the UI, each with the test that failed before its fix: the one path
rule (``/designer?file=`` and previews), the home page against FIFOs and loader failures, non-ASCII
tokens, the ``Host`` check, ``/runs?pipeline=`` of a pipeline with no runs, and folder counts."""

from __future__ import annotations

import asyncio
import os
from pathlib import Path

import pytest
from starlette.applications import Starlette
from starlette.responses import PlainTextResponse
from starlette.routing import Route
from starlette.testclient import TestClient

from designer.store import Store
from designer.ui.auth import HostGate, TokenGate, cookie_value
from designer.ui.files import MAX_PIPELINE_BYTES, FileRefused, FileServer, checked_file
from designer.ui.reads import previews
from designer.ui.reads.pipelines import list_pipelines
from designer.workspace import Workspace
from tests.ui.pages.test_pages import settle, simulated

# ------------------------------------------------------------------------------------ the one path rule


def test_checked_file_refuses_every_way_out(workspace_dir: Path, tmp_path: Path) -> None:
    root = workspace_dir.resolve()
    state = root / ".designer"
    state.mkdir(exist_ok=True)
    (state / "designer.db").write_bytes(b"SQLite format 3\0secret")
    outside = tmp_path / "outside.txt"
    outside.write_text("secret")
    (root / "escape.yml").symlink_to(outside)
    os.mkfifo(root / "pipe.yml")

    assert checked_file(root, "demo.yml") == root / "demo.yml"
    cases = {"": 404, "\x00": 404, "demo.yml\x00.png": 404, "missing.yml": 404, "pipe.yml": 404, "data": 404,
             "../outside.txt": 403, "/etc/passwd": 403, "escape.yml": 403, ".designer/designer.db": 403}
    for rel, status in cases.items():
        with pytest.raises(FileRefused) as refused:
            checked_file(root, rel, state_dir=state)
        assert refused.value.status == status, rel


def test_previews_follow_the_file_servers_rule(tmp_path: Path) -> None:
    ws = tmp_path / "ws"
    out = ws / ".designer" / "runs" / "r1" / "step" / "outputs" / "o"
    out.mkdir(parents=True)
    (out / "leak.txt").symlink_to("/etc/passwd")
    files = FileServer.for_workspace(ws)

    assert not files.allows(out / "leak.txt")
    shown = previews.preview(out / "leak.txt", allowed=files.allows)
    assert isinstance(shown, previews.NoPreview) and "root:" not in shown.message
    folder = previews.preview(out, allowed=files.allows)  # the link is the folder's one (main) file
    assert isinstance(folder, previews.FolderPreview)
    assert isinstance(folder.main, previews.NoPreview) and folder.main.message == previews.NOT_SERVED
    with pytest.raises(FileRefused):  # and the download says the same
        files.resolve("runs", "r1/step/outputs/o/leak.txt")


def test_a_folder_preview_counts_the_whole_folder(tmp_path: Path) -> None:
    folder = tmp_path / "many"
    folder.mkdir()
    for i in range(350):
        (folder / f"f{i:04}.txt").write_text("x")
    shown = previews.preview(folder, max_entries=100)
    assert isinstance(shown, previews.FolderPreview)
    assert len(shown.entries) == 100 and shown.truncated
    assert shown.total_files == 350 and shown.total_entries == 350


@pytest.mark.asyncio
async def test_designer_refuses_its_own_state_and_odd_paths(workspace_dir: Path, tmp_path: Path) -> None:
    (tmp_path / "secret.yml").write_text("type: pipeline\njobs: {}\n# the secret\n")
    (workspace_dir / "link.yml").symlink_to(tmp_path / "secret.yml")
    big = workspace_dir / "big.yml"
    big.write_text("type: pipeline\njobs: {}\n" + "#" * (MAX_PIPELINE_BYTES + 10))
    async with simulated(workspace_dir, services=True) as (user, _ctx):
        await user.open("/designer?file=.designer/designer.db")
        await user.should_see("'.designer/designer.db' is the designer's own state, not a pipeline.")
        await user.should_not_see("SQLite")
        await user.open("/designer?file=%00")
        await user.should_see("does not exist in the workspace")
        await user.open("/designer?file=link.yml")
        await user.should_see("'link.yml' is outside the workspace.")
        await user.should_not_see("the secret")
        await user.open("/designer?file=big.yml")
        await user.should_see("a pipeline file may be at most 5.0 MB, so it is not opened")


# ------------------------------------------------------------------------------------ the home page


def test_home_list_survives_fifos_bombs_and_depth(workspace_dir: Path) -> None:
    os.mkfifo(workspace_dir / "fifo.yml")  # reading it would block a worker thread for ever
    (workspace_dir / "deep.yml").write_text("type: pipeline\njobs:\n  a: " + "[" * 20_000 + "\n")
    (workspace_dir / "broken.yml").write_text("type: pipeline\njobs: {a: [}\n")
    ws = Workspace(workspace_dir)

    listed = {p.rel: p for p in list_pipelines(ws)}

    assert listed["demo.yml"].readable and listed["demo.yml"].steps > 0
    assert not listed["deep.yml"].readable and listed["deep.yml"].problem
    assert not listed["broken.yml"].readable and "syntax" in (listed["broken.yml"].problem or "")
    assert "fifo.yml" not in listed


@pytest.mark.asyncio
async def test_home_page_answers_with_a_fifo_in_the_workspace(workspace_dir: Path) -> None:
    fifo = workspace_dir / "stuck.yml"
    os.mkfifo(fifo)
    try:
        async with simulated(workspace_dir) as (user, _ctx):
            for _ in range(3):  # each load used to leave a worker thread blocked on the FIFO
                await asyncio.wait_for(user.open("/"), timeout=10)
                await user.should_see("demo.yml")
    finally:  # release any reader still blocked (the unfixed code), so the test process can end
        fd = os.open(fifo, os.O_WRONLY | os.O_NONBLOCK) if _has_reader(fifo) else None
        if fd is not None:
            os.close(fd)


def _has_reader(fifo: Path) -> bool:
    try:
        os.close(os.open(fifo, os.O_WRONLY | os.O_NONBLOCK))
    except OSError:  # ENXIO: nobody reads it
        return False
    return True


# ------------------------------------------------------------------------------------ tokens and hosts


def _app(gate: type, **kwargs: str) -> TestClient:
    app = Starlette(routes=[Route("/", lambda request: PlainTextResponse("in"))])
    app.add_middleware(gate, **kwargs)
    return TestClient(app, base_url="http://127.0.0.1", raise_server_exceptions=False)


def test_a_non_ascii_token_or_cookie_is_a_wrong_token_not_an_error() -> None:
    client = _app(TokenGate, token="right")
    assert client.get("/", params={"token": "dé€jà"}, follow_redirects=False).status_code == 401
    assert client.get("/", headers={"cookie": "designer_access=é".encode()}).status_code == 401
    client.cookies.set("designer_access", cookie_value("right"))
    assert client.get("/").text == "in"


def test_a_loopback_server_answers_only_loopback_host_names() -> None:
    client = _app(HostGate, bound="127.0.0.1")
    for host in ("127.0.0.1:8080", "localhost", "LOCALHOST:1", "[::1]:8080"):
        assert client.get("/", headers={"host": host}).text == "in", host
    for host in ("evil.example", "evil.example:8080", "127.0.0.1.evil.example", ""):
        assert client.get("/", headers={"host": host}).status_code == 400, host
    assert _app(HostGate, bound="0.0.0.0").get("/", headers={"host": "anything"}).text == "in"
    named = _app(HostGate, bound="192.168.1.5")
    assert named.get("/", headers={"host": "192.168.1.5:8080"}).text == "in"
    assert named.get("/", headers={"host": "evil.example"}).status_code == 400


# ------------------------------------------------------------------------------------ the runs pages


@pytest.mark.asyncio
async def test_runs_filtered_by_a_pipeline_without_runs(workspace_dir: Path) -> None:
    async with simulated(workspace_dir, services=True) as (user, ctx):
        assert isinstance(ctx.store, Store)
        await user.open("/runs?pipeline=never%20ran")
        await settle()
        await user.should_see("No runs yet")
