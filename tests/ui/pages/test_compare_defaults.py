"""Compare reads each run's pipeline file for its defaults through the bounded reader."""

from __future__ import annotations

import os
import shutil
import threading
from pathlib import Path

from designer.ui.pages.compare import pipeline_defaults

FIXTURES = Path(__file__).resolve().parents[2] / "fixtures" / "broken"


def test_defaults_of_a_readable_pipeline(tmp_path: Path) -> None:
    f = tmp_path / "p.yml"
    f.write_text("type: pipeline\ninputs:\n  epochs: 3\n  raw: {type: uri_folder, path: ./data}\njobs: {}\n")
    assert pipeline_defaults(str(f)) == {"epochs": 3, "raw": "./data"}


def test_a_fifo_named_like_a_pipeline_does_not_block(tmp_path: Path) -> None:
    fifo = tmp_path / "p.yml"
    os.mkfifo(fifo)
    result: list[dict[str, object]] = []
    reader = threading.Thread(target=lambda: result.append(pipeline_defaults(str(fifo))), daemon=True)
    reader.start()
    reader.join(5)
    if reader.is_alive():  # unblock the stuck reader before failing, so the test run goes on
        with open(fifo, "w"):
            pass
    assert result == [{}], "reading a FIFO blocked the compare page's worker thread"


def test_an_alias_bomb_is_refused_not_expanded(tmp_path: Path) -> None:
    bomb = tmp_path / "p.yml"
    shutil.copy(FIXTURES / "alias_bomb.yml", bomb)
    assert pipeline_defaults(str(bomb)) == {}
