"""``current`` mode's lock depends on the interpreter only, not on where a process started."""

from __future__ import annotations

import json
import os
import subprocess
import sys
from pathlib import Path

SCRIPT = "import json; from designer.engine.environments.build import current_env; print(json.dumps(current_env().lock_hash))"


def lock_hash_in(cwd: Path, extra_path: Path | None) -> str:
    env = dict(os.environ)
    repo = str(Path(__file__).resolve().parents[2])
    env["PYTHONPATH"] = os.pathsep.join(filter(None, [repo, str(extra_path) if extra_path else None]))
    out = subprocess.run([sys.executable, "-c", SCRIPT], cwd=cwd, env=env, capture_output=True, text=True, check=True)
    return str(json.loads(out.stdout))


def test_a_dist_info_in_the_working_directory_or_pythonpath_does_not_change_the_lock(tmp_path: Path) -> None:
    plain = tmp_path / "plain"
    plain.mkdir()
    checkout = tmp_path / "checkout"  # like a source checkout with a build's leftover metadata
    (checkout / "pipeline_designer.egg-info").mkdir(parents=True)
    (checkout / "leftover-9.9.dist-info").mkdir()
    first = lock_hash_in(plain, None)
    assert lock_hash_in(checkout, None) == first
    assert lock_hash_in(plain, checkout) == first
