"""Fixtures of the engine tests; the helpers themselves live in engine_helpers.py.

(Test modules import ``engine_helpers``, never ``conftest``: several test folders have a conftest.py, and
which one ``import conftest`` finds depends on the order pytest collected them.)
"""

from __future__ import annotations

from pathlib import Path

import pytest
from engine_helpers import Harness


@pytest.fixture
def harness(workspace: Path) -> Harness:
    return Harness(workspace)
