"""The examples of README.md's "Python SDK" section work as written.

Each ```python block starts with a comment naming its file. Blocks under ``src/`` are modules; the
others are scripts, run in order with ``python <file>`` in a fresh folder (the workspace).
"""

from __future__ import annotations

import os
import re
import subprocess
import sys
from pathlib import Path

import yaml

README = Path(__file__).resolve().parents[2] / "README.md"


def sdk_blocks() -> list[tuple[str, str]]:
    """``(file name, code)`` of every python block of the section; a block without a file comment is
    exec'd as ``block_<n>.py``."""
    text = README.read_text(encoding="utf-8")
    match = re.search(r"^## Python SDK\n(.*?)(?=^## |\Z)", text, flags=re.S | re.M)
    assert match, "README.md has no '## Python SDK' section"
    blocks = re.findall(r"^```python\n(.*?)^```", match.group(1), flags=re.S | re.M)
    out = []
    for n, code in enumerate(blocks):
        named = re.match(r"# (\S+\.py)\n", code)
        out.append((named.group(1) if named else f"block_{n}.py", code))
    return out


def test_readme_has_runnable_examples() -> None:
    names = [name for name, _ in sdk_blocks()]
    assert "src/steps.py" in names and "pipeline.py" in names


def test_readme_examples_work_as_written(tmp_path: Path) -> None:
    env = {k: v for k, v in os.environ.items() if not k.startswith("DESIGNER_") or k == "DESIGNER_ENVIRONMENTS"}
    for name, code in sdk_blocks():
        path = tmp_path / name
        path.parent.mkdir(parents=True, exist_ok=True)
        path.write_text(code, encoding="utf-8")
        if name.startswith("src/"):
            continue
        done = subprocess.run([sys.executable, name], cwd=tmp_path, env=env, capture_output=True, text=True,
                              timeout=180)
        assert done.returncode == 0, f"{name} failed:\n{done.stdout}\n{done.stderr}"
        if name == "pipeline.py":
            assert done.stdout.splitlines()[0] == "completed {'make_numbers': 'completed', 'add_up': 'completed'}"
            assert done.stdout.splitlines()[1] == "{'total': 27.5} 27.5"
        if name == "more.py":
            assert "did you mean 'count'?" in done.stdout
    numbers = yaml.safe_load((tmp_path / "pipelines" / "numbers.yml").read_text())
    assert numbers["jobs"]["add_up"]["component"] == "./components/add_up.yml"
    assert (tmp_path / "pipelines" / "numbers.layout.json").is_file()
    assert (tmp_path / "src" / "_designer_entry.py").is_file()
    assert (tmp_path / "pipelines" / "components" / "made.yml").is_file()
