"""A run store emptied to 0 bytes is refused and kept, not silently replaced by a new one (finding 11)."""

from __future__ import annotations

import os
import subprocess
import time
from pathlib import Path

import pytest

from designer.errors import StoreError
from designer.store.database import connect


def _emptied(folder: Path) -> Path:
    db = folder / ".designer" / "designer.db"
    db.parent.mkdir(parents=True)
    db.write_bytes(b"")
    old = time.time() - 3600
    os.utime(db, (old, old))
    return db


def test_connect_refuses_an_emptied_sqlite_file(tmp_path: Path) -> None:
    db = _emptied(tmp_path)
    with pytest.raises(StoreError, match=r"is an empty file \(0 bytes\).*left as it is"):
        connect(f"sqlite:///{db}")
    assert db.stat().st_size == 0


def test_cli_says_so_and_keeps_the_file(designer_exe: list[str], workspace: Path) -> None:
    db = _emptied(workspace)
    env = {k: v for k, v in os.environ.items() if not k.startswith("DESIGNER_") or k == "DESIGNER_ENVIRONMENTS"}
    proc = subprocess.run([*designer_exe, "runs", "list", "--workspace", str(workspace)], capture_output=True,
                          text=True, timeout=60, env=env)
    assert proc.returncode == 2 and "Traceback" not in proc.stderr
    assert "empty file (0 bytes)" in proc.stderr and str(db) in proc.stderr
    assert db.stat().st_size == 0 and not db.with_name("designer.db-wal").exists()


def test_a_new_store_still_starts_empty(designer_exe: list[str], workspace: Path) -> None:
    env = {k: v for k, v in os.environ.items() if not k.startswith("DESIGNER_") or k == "DESIGNER_ENVIRONMENTS"}
    proc = subprocess.run([*designer_exe, "runs", "list", "--workspace", str(workspace)], capture_output=True,
                          text=True, timeout=60, env=env)
    assert proc.returncode == 0, proc.stderr
    assert (workspace / ".designer" / "designer.db").stat().st_size > 0
