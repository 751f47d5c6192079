"""User text never reaches the terminal raw: ANSI/OSC escapes in names and messages are shown, not obeyed."""

from __future__ import annotations

import os
import subprocess
from pathlib import Path

import pytest

from designer.cli.output import plain, safe

# OSC 0 retitles the terminal window, CSI 2J clears the screen, CSI 31m turns text red; \x9b is the
# 8-bit CSI that some terminals honour too.
HOSTILE = "\x1b]0;pwned\x07\x1b[2J\x1b[31mred\x9b0m"

PIPELINE = """\
type: pipeline
display_name: "demo \\e]0;pwned\\a\\e[2J\\e[31mred\\x9b0m"
jobs:
  hello:
    type: command
    outputs: {out: }
    environment: azureml:x@latest
    command: echo hi > ${{outputs.out}}/value.txt
"""


def test_plain_shows_control_characters_and_keeps_newlines() -> None:
    assert plain(HOSTILE) == "\\x1b]0;pwned\\x07\\x1b[2J\\x1b[31mred\\x9b0m"
    assert plain("a\tb\nc") == "a\tb\nc"
    assert safe("[bold]x\x1b[0m[/]") == "\\[bold]x\\x1b[0m\\[/]"  # markup escaped too


def _designer(exe: list[str], ws: Path, *args: str) -> subprocess.CompletedProcess[str]:
    env = {k: v for k, v in os.environ.items() if not k.startswith("DESIGNER_") or k == "DESIGNER_ENVIRONMENTS"}
    return subprocess.run([*exe, *args, "--workspace", str(ws)], env=env, capture_output=True, text=True,
                          timeout=120)


def _assert_no_raw_controls(text: str) -> None:
    raw = sorted({f"{ord(c):#x}" for c in text if (ord(c) < 0x20 and c not in "\n\t") or 0x7F <= ord(c) <= 0x9F})
    assert not raw, f"raw control characters reached the terminal: {raw}\n{text!r}"


def test_run_shows_escapes_in_a_display_name_instead_of_sending_them(workspace: Path, designer_exe: list[str]) -> None:
    (workspace / "p.yml").write_text(PIPELINE, encoding="utf-8")
    done = _designer(designer_exe, workspace, "run", str(workspace / "p.yml"))
    assert done.returncode == 0, done.stderr
    _assert_no_raw_controls(done.stdout + done.stderr)
    assert "demo \\x1b]0;pwned\\x07\\x1b[2J\\x1b[31mred\\x9b0m" in done.stderr  # the title, visible


@pytest.mark.parametrize("command", ["validate", "run"])
def test_problems_quoting_the_file_are_shown_safely(workspace: Path, designer_exe: list[str], command: str) -> None:
    bad = PIPELINE + '  second:\n    type: command\n    inputs: {x: "${{parent.jobs.no\\e[31mpe.outputs.out}}"}\n' + (
        "    environment: azureml:x@latest\n    command: echo ${{inputs.x}}\n")
    (workspace / "p.yml").write_text(bad, encoding="utf-8")
    done = _designer(designer_exe, workspace, command, str(workspace / "p.yml"))
    assert done.returncode == 2, done.stderr
    assert "Traceback" not in done.stderr
    _assert_no_raw_controls(done.stdout + done.stderr)
    assert "\\x1b[31m" in done.stderr
