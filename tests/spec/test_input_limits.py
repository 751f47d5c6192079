"""Bad input of every size and shape costs a bounded amount of time and memory, and ends in a message.

Each case reads a file in a fresh interpreter (``read_yaml``, what every command uses) and reports
its wall time and how much its peak resident memory grew past the imports; the limits below are
deliberately loose (this machine is shared and slow) yet far below what the unbounded versions cost:
the 451-byte alias bomb took 77 s and 1.15 GB, 40k keys 140 s, 10k nested '[' a RecursionError, a
FIFO blocked forever.

| input                                   | outcome                | time   | memory growth |
|-----------------------------------------|------------------------|--------|---------------|
| alias bomb (9 levels of 9 aliases)      | yaml.alias_budget      | < 3 s  | < 30 MiB      |
| merge-key bomb (``<<``)                 | yaml.alias_budget      | < 3 s  | < 30 MiB      |
| 10k nested ``[`` / ``{a:``              | yaml.too_deep          | < 10 s | < 50 MiB      |
| 40k keys, and 40k-key file vs 10k-key   | parsed; time < 8x      | < 90 s | < 300 MiB     |
| one 4 MB scalar                         | parsed                 | < 30 s | < 100 MiB     |
| a 6 MB file                             | file.too_large, unread | < 3 s  | < 5 MiB       |
| FIFO, /dev/zero, a folder               | file.not_regular / ... | < 3 s  | < 5 MiB       |
"""

from __future__ import annotations

import json
import os
import subprocess
import sys
import time
from pathlib import Path
from typing import Any

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from designer.errors import SpecError
from designer.spec.yaml_io import MAX_ALIAS_NODES, MAX_FILE_BYTES, parse_yaml

MIB = 1 << 20

PROBE = r"""
import json, resource, sys, time
from designer.errors import SpecError
from designer.spec.yaml_io import read_yaml
base = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss
start = time.perf_counter()
out = {"code": None, "line": None, "message": ""}
try:
    doc = read_yaml(sys.argv[1])
    out["problems"] = [p.code for p in doc.problems]
except SpecError as exc:
    out.update(code=exc.problems[0].code, line=exc.problems[0].line, message=str(exc))
out["seconds"] = time.perf_counter() - start
out["grew_mib"] = (resource.getrusage(resource.RUSAGE_SELF).ru_maxrss - base) / 1024
print(json.dumps(out))
"""


def probe(path: Path, timeout: float = 120) -> dict[str, Any]:
    """Read ``path`` in a fresh interpreter; its outcome, time and memory growth."""
    proc = subprocess.run([sys.executable, "-c", PROBE, str(path)], capture_output=True, text=True, timeout=timeout)
    assert proc.returncode == 0 and "Traceback" not in proc.stderr, proc.stderr
    return json.loads(proc.stdout)


def within(result: dict[str, Any], seconds: float, mib: float) -> None:
    assert result["seconds"] < seconds, f"took {result['seconds']:.1f} s (limit {seconds} s)"
    assert result["grew_mib"] < mib, f"memory grew {result['grew_mib']:.0f} MiB (limit {mib} MiB)"


def alias_bomb(levels: int, width: int) -> str:
    lines = ["type: pipeline", "a0: &a0 [" + ",".join(['"lol"'] * width) + "]"]
    for i in range(1, levels):
        lines.append(f"a{i}: &a{i} [" + ",".join([f"*a{i - 1}"] * width) + "]")
    return "\n".join(lines) + "\n"


def test_alias_bomb(tmp_path: Path) -> None:
    path = tmp_path / "bomb.yml"
    path.write_text(alias_bomb(9, 9))
    assert path.stat().st_size < 460
    result = probe(path)
    assert result["code"] == "yaml.alias_budget" and result["line"] == 9, result
    assert "bomb.yml:9:" in result["message"] and "&a7" in result["message"]
    within(result, 3, 30)


def test_merge_key_bomb(tmp_path: Path) -> None:
    lines = ["type: pipeline", "m0: &m0 {" + ", ".join(f"k{i}: {i}" for i in range(10)) + "}"]
    for i in range(1, 8):
        lines.append(f"m{i}: &m{i} {{<<: [" + ", ".join([f"*m{i - 1}"] * 10) + f"], own{i}: 1}}")
    path = tmp_path / "merge.yml"
    path.write_text("\n".join(lines) + "\n")
    result = probe(path)
    assert result["code"] == "yaml.alias_budget", result
    within(result, 3, 30)


@pytest.mark.parametrize("opener", ["[", "{a: "])
def test_deep_nesting(tmp_path: Path, opener: str) -> None:
    path = tmp_path / "deep.yml"
    path.write_text("type: pipeline\njobs: " + opener * 10_000 + "\n")
    result = probe(path)
    assert result["code"] == "yaml.too_deep" and result["line"] == 2, result
    assert "deeper than 100 levels" in result["message"]
    within(result, 10, 50)


def _keys(path: Path, n: int) -> Path:
    path.write_text("type: pipeline\nsettings:\n" + "".join(f"  k{i}: {i}\n" for i in range(n)))
    return path


def test_many_keys_cost_grows_linearly(tmp_path: Path) -> None:
    small = min((probe(_keys(tmp_path / "small.yml", 10_000)) for _ in range(3)), key=lambda r: r["seconds"])
    big = min((probe(_keys(tmp_path / "big.yml", 40_000)) for _ in range(3)), key=lambda r: r["seconds"])
    assert big["code"] is None and big["problems"] == [], big
    within(big, 90, 300)
    # 4x the keys: linear is ~4x the time (seen up to 8x with the collector's pauses on a busy machine);
    # the old quadratic duplicate check was ~16x.
    assert big["seconds"] < 12 * small["seconds"], (small["seconds"], big["seconds"])


def test_duplicate_keys_among_many_are_all_found(tmp_path: Path) -> None:
    text = "type: pipeline\nsettings:\n" + "".join(f"  k{i % 20_000}: {i}\n" for i in range(40_000))
    doc = parse_yaml(text, "dupes.yml")
    dupes = [p for p in doc.problems if p.code == "yaml.duplicate_key"]
    assert len(dupes) == 20_000 and dupes[0].line == 20_003 and "first on line 3" in dupes[0].message


def test_huge_scalar(tmp_path: Path) -> None:
    path = tmp_path / "scalar.yml"
    path.write_text("type: pipeline\ndescription: " + "x" * (4 * MIB) + "\n")
    result = probe(path)
    assert result["code"] is None, result
    within(result, 30, 100)


def test_file_over_the_size_limit_is_not_read(tmp_path: Path) -> None:
    path = tmp_path / "huge.yml"
    with open(path, "wb") as fh:
        fh.truncate(MAX_FILE_BYTES + MIB)  # sparse: 6 MB of NULs
    result = probe(path)
    assert result["code"] == "file.too_large" and "at most 5,242,880 bytes" in result["message"], result
    within(result, 3, 5)


def test_fifo_device_and_folder_are_refused_without_blocking(tmp_path: Path) -> None:
    fifo = tmp_path / "pipe.yml"
    os.mkfifo(fifo)
    folder = tmp_path / "folder.yml"
    folder.mkdir()
    for path, code in ((fifo, "file.not_regular"), (Path("/dev/zero"), "file.not_regular"),
                       (folder, "file.is_directory")):
        started = time.monotonic()
        result = probe(path, timeout=30)  # a blocking open would hang here until the timeout
        assert result["code"] == code, result
        assert str(path) in result["message"]
        within(result, 3, 5)
        assert time.monotonic() - started < 30


def test_cli_says_what_is_wrong_with_a_fifo(tmp_path: Path, designer_exe: list[str]) -> None:
    fifo = tmp_path / "pipe.yml"
    os.mkfifo(fifo)
    proc = subprocess.run([*designer_exe, "validate", str(fifo), "--workspace", str(tmp_path)], capture_output=True,
                          text=True, timeout=60)
    assert proc.returncode == 2 and "Traceback" not in proc.stderr
    assert "is a FIFO, not a regular file" in proc.stderr and "[file.not_regular]" in proc.stderr


@settings(max_examples=60, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(st.integers(1, 12), st.integers(1, 12))
def test_any_alias_chain_is_parsed_or_refused_at_once(levels: int, width: int) -> None:
    """A chain of ``levels`` anchors each aliasing the previous ``width`` times: the budget decides
    exactly as the expansion's size says, and it never costs more than a moment."""
    text = alias_bomb(levels, width)
    # nodes added by aliases: level i >= 1 holds `width` aliases of level i-1, each expanding to all
    # of it (the anchored node itself is written once, as the value of its own key), where
    # size(0) = 1 + width and size(i) = 1 + width * size(i-1)
    sizes = [1 + width]
    for _ in range(1, levels):
        sizes.append(1 + width * sizes[-1])
    extra = sum(width * sizes[i - 1] for i in range(1, levels))
    started = time.perf_counter()
    try:
        doc = parse_yaml(text, "chain.yml")
    except SpecError as exc:
        assert exc.problems[0].code == "yaml.alias_budget"
        assert extra > MAX_ALIAS_NODES
    else:
        assert extra <= MAX_ALIAS_NODES
        assert len(doc.data[f"a{levels - 1}"]) == width
    assert time.perf_counter() - started < 5
