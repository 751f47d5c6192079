"""The last resort for a Python version this machine does not have: ask uv to download a managed one.

Only a run (or ``designer environments build`` / ``designer init``) asks, never ``designer validate``
or the designer's "will re-run" markers, and only once per version within :data:`RETRY_AFTER_S` in one
process (a failed download is not tried again by every run of a UI session). The download is
bounded by ``DESIGNER_PYTHON_DOWNLOAD_TIMEOUT`` seconds (default :data:`DEFAULT_TIMEOUT_S`); it is
skipped when downloads are off: ``UV_PYTHON_DOWNLOADS=never``, ``UV_OFFLINE``, or
``DESIGNER_PYTHON_DOWNLOADS=never``. uv puts the Python in its managed folder, where
:class:`~designer.engine.environments.interpreters.Interpreters` looks next.
"""

from __future__ import annotations

import logging
import re
import subprocess
import threading
import time

log = logging.getLogger(__name__)

DEFAULT_TIMEOUT_S = 180.0
RETRY_AFTER_S = 600.0
_OFF = ("never", "0", "false", "no", "off")

# version -> (when it failed, why): one process remembers it, so a UI session does not retry each run
_failed: dict[str, tuple[float, str]] = {}
_lock = threading.Lock()


def downloads_off(environ: dict[str, str]) -> str | None:
    """Why Python downloads are off (the setting that says so), or None when they are allowed."""
    if environ.get("UV_PYTHON_DOWNLOADS", "").strip().lower() == "never":
        return "UV_PYTHON_DOWNLOADS=never"
    if environ.get("UV_OFFLINE", "").strip().lower() not in ("", *_OFF):
        return "UV_OFFLINE is set"
    if environ.get("DESIGNER_PYTHON_DOWNLOADS", "").strip().lower() in _OFF:
        return f"DESIGNER_PYTHON_DOWNLOADS={environ['DESIGNER_PYTHON_DOWNLOADS'].strip()}"
    return None


def timeout_s(environ: dict[str, str]) -> float:
    """The download's time limit in seconds (``DESIGNER_PYTHON_DOWNLOAD_TIMEOUT``; a bad value means the default)."""
    try:
        value = float(environ.get("DESIGNER_PYTHON_DOWNLOAD_TIMEOUT", DEFAULT_TIMEOUT_S))
    except ValueError:
        return DEFAULT_TIMEOUT_S
    return value if value > 0 else DEFAULT_TIMEOUT_S


def fetch_python(uv: str, minor: str, environ: dict[str, str]) -> str | None:
    """Ask uv to install a managed Python ``minor`` (``"3.9"``); None when it did, else why not, in a few words.

    Never raises and never takes longer than :func:`timeout_s` (uv is killed then).
    """
    off = downloads_off(environ)
    if off is not None:
        return f"downloading a managed Python was skipped ({off})"
    with _lock:
        failed = _failed.get(minor)
        if failed is not None and time.monotonic() - failed[0] < RETRY_AFTER_S:
            return failed[1]
    limit = timeout_s(environ)
    # said before the wait (a CLI without logging set up prints a warning as the bare line)
    log.warning("Python %s is not installed here; asking uv to download a managed one (at most %g s)", minor, limit)
    env = {k: v for k, v in environ.items() if k not in ("VIRTUAL_ENV", "UV_PYTHON", "CONDA_PREFIX")}
    env["UV_NO_PROGRESS"] = "1"
    try:
        done = subprocess.run([uv, "python", "install", minor], env=env, stdin=subprocess.DEVNULL,
                              capture_output=True, text=True, timeout=limit, check=False)
    except subprocess.TimeoutExpired:
        why = f"uv could not download a managed Python {minor} within {limit:g} s"
    except OSError as exc:
        why = f"uv could not be started to download a managed Python {minor} ({exc.strerror or exc})"
    else:
        if done.returncode == 0:
            return None
        why = f"uv could not download a managed Python {minor}: {_gist(done.stderr or done.stdout)}"
    with _lock:
        _failed[minor] = (time.monotonic(), why)
    return why


_HOST = re.compile(r"\bhttps?://([^/`'\s]+)")


def _gist(text: str) -> str:
    """uv's error in one line: its first line, the host it tried and the innermost cause
    ("Failed to install cpython-3.9.20 (github.com: Name or service not known)")."""
    lines = [line.strip() for line in text.strip().splitlines() if line.strip()]
    if not lines:
        return "it gave no reason"
    first = lines[0].removeprefix("error:").strip()
    causes = [line.removeprefix("cause:").strip() for line in lines[1:] if line.startswith("cause:")]
    host = next((m.group(1) for line in lines if (m := _HOST.search(line))), None)
    inner = ": ".join(filter(None, (host, causes[-1] if causes else None)))
    text = f"{first} ({inner})" if inner else first
    return text if len(text) <= 300 else text[:297] + "..."


def forget_failures() -> None:
    """Forget earlier failed downloads (tests; a person who fixed the network restarts the designer)."""
    with _lock:
        _failed.clear()


__all__ = ["DEFAULT_TIMEOUT_S", "downloads_off", "fetch_python", "forget_failures", "timeout_s"]
