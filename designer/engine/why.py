"""Why a step ran or was reused: the reason record, how it is worked out, and how it reads.

Every step of every run gets a *reason*, stored with the step (``StepRecord.reason``)::

    {"decision": "reused", "from_run": "<run id>", "from_step": "<step>"}
    {"decision": "ran", "because": [<change>, ...]}

and each change is ``{"kind", "name", "old", "new", "detail"}`` (absent keys are None), with ``kind``
one of :data:`KINDS`. :func:`describe` turns a reason into the sentence people read ("Re-ran because
parameter `tag` changed from `plain` to `changed`").

To say what changed, each step also stores its *ingredients*: what its fingerprint was made of, as
compact JSON (``StepRecord.ingredients``): the literal inputs (``params``), the code files' hashes by
relative path (``code``), the upstream outputs it read (``upstream``), the external data's hashes
(``data``), the job's environment variables (``env_vars``), the environment lock (``env_lock``: a
package -> version map, or None until the step's environment is built by ``designer.engine.environments``),
a hash of the rest of the component (``component``) and ``timeout``. A re-run is explained by
:func:`changes` between these and those of the nearest earlier run of the same step (same pipeline
file and step path, newest first), which a :class:`StepHistory` (the store) finds.
"""

from __future__ import annotations

import difflib
import hashlib
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any, Protocol, runtime_checkable

INGREDIENTS_VERSION = 1

#: The kinds of change a "ran" reason lists.
KINDS = ("no_earlier_run", "force", "not_deterministic", "unhashable", "only", "from_step", "parameter", "code",
         "upstream", "data", "environment", "env_var", "component", "timeout", "outputs_missing",
         "earlier_not_reusable")


@dataclass(frozen=True)
class EarlierStep:
    """A step of an earlier run, as far as explaining and partial runs need it."""

    run_id: str
    step: str
    state: str
    fingerprint: str | None
    ingredients: dict[str, Any] | None
    outputs: dict[str, str] = field(default_factory=dict)


@runtime_checkable
class StepHistory(Protocol):
    """Earlier runs of a pipeline's steps (the store implements it; see :class:`~designer.engine.memory.MemoryHistory`)."""

    def earlier_step(self, pipeline_file: str, step: str, *, before_run: str | None = None,
                     successful: bool = False) -> EarlierStep | None:
        """The newest earlier run of ``step`` of ``pipeline_file`` other than ``before_run``.

        With ``successful``, only one that completed or was reused (so its outputs exist); else only
        one whose ingredients were recorded. None when there is none.
        """
        ...

    def earlier_run(self, pipeline_file: str, *, before_run: str | None = None) -> tuple[str, str] | None:
        """``(run id, state)`` of the newest run of ``pipeline_file`` other than ``before_run``, or None."""
        ...


def change(kind: str, name: str | None = None, old: Any = None, new: Any = None,
           detail: str | None = None) -> dict[str, Any]:
    """One change record (see the module docstring)."""
    return {"kind": kind, "name": name, "old": old, "new": new, "detail": detail}


def reused(from_run: str, from_step: str) -> dict[str, Any]:
    """The reason of a step reused from ``from_run``/``from_step``."""
    return {"decision": "reused", "from_run": from_run, "from_step": from_step}


def ran(because: list[dict[str, Any]]) -> dict[str, Any]:
    """The reason of a step that ran, ``because`` of these changes."""
    return {"decision": "ran", "because": because}


def digest(text: str) -> str:
    """A short sha256 of ``text`` (for the parts of the ingredients nobody reads field by field)."""
    return hashlib.sha256(text.encode()).hexdigest()[:16]


# ------------------------------------------------------------------------------------------ changes


def changes(old: dict[str, Any], new: dict[str, Any], *, old_code_root: Path | None = None,
            new_code_files: dict[str, Path] | None = None) -> list[dict[str, Any]]:
    """What differs between the ingredients ``old`` (an earlier run) and ``new`` (this one), in a stable order.

    ``old_code_root`` is the earlier run's code snapshot and ``new_code_files`` maps relative paths
    to today's files; when both are given, a changed code file's detail is a diff summary
    ("+3 -1 lines"). Returns [] when nothing that matters differs.
    """
    out: list[dict[str, Any]] = []
    out += _dict_changes("parameter", old.get("params") or {}, new.get("params") or {})
    old_code, new_code = old.get("code") or {}, new.get("code") or {}
    for rel in sorted(set(old_code) | set(new_code)):
        if old_code.get(rel) == new_code.get(rel):
            continue
        if rel not in old_code:
            out.append(change("code", rel, None, new_code[rel], "added"))
        elif rel not in new_code:
            out.append(change("code", rel, old_code[rel], None, "removed"))
        else:
            out.append(change("code", rel, old_code[rel], new_code[rel],
                              _diff_summary(old_code_root, rel, (new_code_files or {}).get(rel))))
    old_up, new_up = old.get("upstream") or {}, new.get("upstream") or {}
    for name in sorted(set(old_up) | set(new_up)):
        a, b = old_up.get(name), new_up.get(name)
        if (a or {}).get("identity") != (b or {}).get("identity"):
            src = b or a or {}
            out.append(change("upstream", str(src.get("step")), None, None,
                              f"its output `{src.get('output')}` (input `{name}`)"))
    old_data, new_data = old.get("data") or {}, new.get("data") or {}
    for name in sorted(set(old_data) | set(new_data)):
        a, b = old_data.get(name) or {}, new_data.get(name) or {}
        if a.get("hash") != b.get("hash"):
            out.append(change("data", name, a.get("path"), b.get("path"), b.get("path") or a.get("path")))
    old_lock, new_lock = old.get("env_lock"), new.get("env_lock")
    if old_lock != new_lock:
        if isinstance(old_lock, dict) and isinstance(new_lock, dict):
            out += _dict_changes("environment", old_lock, new_lock)
        else:
            out.append(change("environment", None, None, None, "the step's environment changed"))
    out += _dict_changes("env_var", old.get("env_vars") or {}, new.get("env_vars") or {})
    if old.get("command") != new.get("command"):
        out.append(change("component", "command", old.get("command"), new.get("command")))
    elif old.get("component") != new.get("component"):
        out.append(change("component", None, None, None, "the component's definition changed"))
    if old.get("timeout") != new.get("timeout"):
        out.append(change("timeout", "limits.timeout", old.get("timeout"), new.get("timeout")))
    return out


def _dict_changes(kind: str, old: dict[str, Any], new: dict[str, Any]) -> list[dict[str, Any]]:
    return [change(kind, key, old.get(key), new.get(key)) for key in sorted(set(old) | set(new))
            if old.get(key) != new.get(key)]


def _diff_summary(old_root: Path | None, rel: str, new_file: Path | None) -> str | None:
    """``+a -b lines`` between the earlier snapshot's file and today's, or None when either is unreadable."""
    if old_root is None or new_file is None:
        return None
    try:
        before = (old_root / rel).read_text(encoding="utf-8").splitlines()
        after = new_file.read_text(encoding="utf-8").splitlines()
    except (OSError, UnicodeDecodeError):
        return None
    plus = minus = 0
    for line in difflib.unified_diff(before, after, lineterm="", n=0):
        if line.startswith("+") and not line.startswith("+++"):
            plus += 1
        elif line.startswith("-") and not line.startswith("---"):
            minus += 1
    return f"+{plus} -{minus} lines"


# ------------------------------------------------------------------------------------------ reading


def _code(text: Any) -> str:
    value = "" if text is None else str(text)
    if len(value) > 80:
        value = value[:77] + "..."
    return f"`{value}`"


_SETTINGS = {"parameter": "parameter", "env_var": "environment variable"}  # kinds that read as a named value


def phrase(c: dict[str, Any]) -> str:
    """One change record (see the module docstring) as the words of a reason: "parameter `tag` changed from ..."."""
    kind, name, old, new, detail = (c.get(k) for k in ("kind", "name", "old", "new", "detail"))
    if kind in _SETTINGS:
        what = f"{_SETTINGS[kind]} `{name}`"
        if old is None:
            return f"{what} was set to {_code(new)}"
        if new is None:
            return f"{what} (was {_code(old)}) is no longer set"
        return f"{what} changed from {_code(old)} to {_code(new)}"
    if kind == "code":
        if detail in ("added", "removed"):
            return f"code file `{name}` was {detail}"
        return f"code file `{name}` changed" + (f" ({detail})" if detail else "")
    if kind == "upstream":
        return f"upstream step `{name}`'s output changed" + (f": {detail}" if detail else "")
    if kind == "data":
        return f"data input `{name}` changed" + (f" ({detail})" if detail else "")
    if kind == "environment":
        if name is None:
            return detail or "the step's environment changed"
        if name == "python":  # the lock's Python version (see engine.environments.locks.comparable)
            return f"Python changed from {old} to {new}" if old and new else "the environment's Python changed"
        if old is None:
            return f"package `{name}` {new} was added to the environment"
        if new is None:
            return f"package `{name}` {old} was removed from the environment"
        return f"package `{name}` changed from {old} to {new}"
    if kind == "component":
        if name == "command":
            return "the component's command changed"
        return detail or "the component's definition changed"
    if kind == "timeout":
        return f"limits.timeout changed from {old} to {new}"
    if kind == "force":
        return f"a re-run was forced ({detail or '--force-rerun'})"
    if kind == "not_deterministic":
        return "its component is not deterministic (is_deterministic: false)"
    if kind == "unhashable":
        return detail or "an input cannot be fingerprinted (a URL or unreadable data), so it is never reused"
    if kind == "only":
        return f"it was run on its own (--only {name})"
    if kind == "from_step":
        return f"the run started from it (--from {name})" if detail is None else f"it is downstream of --from {name}"
    if kind == "outputs_missing":
        return f"the outputs of run {old} step `{name}` it would reuse are gone or were altered"
    if kind == "earlier_not_reusable":
        return f"its last run with the same inputs (run {old}) ended {new}"
    if kind == "no_earlier_run":
        return "there is no earlier run of this step"
    return detail or str(kind)


def describe(reason: dict[str, Any] | None) -> str:
    """The reason as one sentence: "Reused from run X (step `s`)." or "Re-ran because ...".

    Returns "No reason was recorded." for None (a run recorded before reasons were kept).
    """
    if not reason:
        return "No reason was recorded."
    if reason.get("decision") == "reused":
        return f"Reused from run {reason.get('from_run')} (step `{reason.get('from_step')}`)."
    because = list(reason.get("because") or [])
    if not because:
        return "Ran (no reason recorded)."
    if len(because) == 1 and because[0].get("kind") == "no_earlier_run":
        return "Ran because there is no earlier run of this step."
    first = "Re-ran" if all(c.get("kind") not in ("no_earlier_run",) for c in because) else "Ran"
    phrases = [phrase(c) for c in because]
    return f"{first} because " + "; ".join(phrases) + "."


def will_rerun(reason: dict[str, Any] | None) -> bool:
    """True when ``reason`` says the step runs (is not reused)."""
    return bool(reason) and reason.get("decision") == "ran"  # type: ignore[union-attr]
