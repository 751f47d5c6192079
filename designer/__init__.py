"""Pipeline Designer: design, run and inspect Azure ML CLI v2 pipelines on one machine."""

from __future__ import annotations

__version__ = "0.1.0"

__all__ = ["__version__"]
