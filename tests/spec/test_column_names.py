"""One rule for repeated column names: designer/column_names.py owns it, the built-in components' steps
run a byte-identical copy (components_registry/_shared/designer_names.py), and the design-time
schemas predict with the owner what those steps write."""

from __future__ import annotations

import subprocess
import sys
from pathlib import Path

import designer.column_names as column_names
from designer.column_names import unique_names

ROOT = Path(__file__).resolve().parents[2]
SHARED = ROOT / "components_registry" / "_shared"


def test_the_copy_the_steps_run_is_byte_identical() -> None:
    assert (SHARED / "designer_names.py").read_bytes() == Path(column_names.__file__).read_bytes()


def test_every_component_with_the_io_helpers_ships_the_names_module() -> None:
    for yml in sorted((ROOT / "components_registry").glob("*/component.yml")):
        text = yml.read_text()
        if "_shared/designer_io.py" in text:
            assert "_shared/designer_names.py" in text, yml


def test_the_rule() -> None:
    assert unique_names(["a", "b", "a", "a", "a_2", "b"]) == ["a", "b", "a_2", "a_3", "a_2_2", "b_2"]
    assert unique_names(["x", "x_2", "x"]) == ["x", "x_2", "x_3"]


def test_a_step_without_the_package_renames_as_the_schemas_predict() -> None:
    # -S: no site-packages, so no 'designer'; the helpers find their copy next to themselves
    code = ("import sys; sys.path.insert(0, sys.argv[1]); import designer_names; "
            "print(','.join(designer_names.unique_names(['id', 'v', 'id', 'v', 'id'])))")
    done = subprocess.run([sys.executable, "-S", "-c", code, str(SHARED)], capture_output=True, text=True,
                          timeout=60, check=False)
    assert done.returncode == 0, done.stderr
    assert done.stdout.strip() == ",".join(unique_names(["id", "v", "id", "v", "id"])) == "id,v,id_2,v_2,id_3"
