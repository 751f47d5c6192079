"""Helpers for the environment tests."""

from __future__ import annotations

from pathlib import Path


def write_conda(folder: Path, name: str, python: str, *pins: str) -> Path:
    """A conda file with ``python=<python>`` and ``pins`` under ``pip:``."""
    path = folder / name
    lines = ["name: test", "channels: [conda-forge]", "dependencies:", f"  - python={python}", "  - pip:"]
    lines += [f"    - {p}" for p in pins]
    path.write_text("\n".join(lines) + "\n", encoding="utf-8")
    return path
