"""What ``designer runs show`` adds for a sweep step (its trials) and a parallel step (its mini-batches).

A sweep's trials are steps of their own in the store (``tune/trial_0003``) with their state, log
and duration; their parameters and primary-metric values are in the sweep's ``trials.json``. A
parallel step's mini-batches are in its ``batches.jsonl``. Both are read from the folder of the run
that ran the step (for a reused step: the run it was reused from).
"""

from __future__ import annotations

from collections.abc import Sequence
from typing import TYPE_CHECKING, Any

from designer.cli.output import out, safe, seconds, state_markup

if TYPE_CHECKING:
    from designer.store import Store
    from designer.store.records import RunRecord, StepRecord

MAX_BATCH_ROWS = 200  # printed per parallel step; --json has them all


def details(store: Store, run: RunRecord, steps: Sequence[StepRecord]) -> dict[str, dict[str, Any]]:
    """``{step: {"trials": [...], "best_trial", "primary_metric", "goal"}}`` for sweeps and
    ``{step: {"batches": [...]}}`` for parallel steps (blocking: reads their files)."""
    from designer.engine.parallel import STATE_FILE, read_progress
    from designer.engine.sweep.records import read_trials
    from designer.ui.reads.children import is_trial, step_folder

    names = {s.step for s in steps}
    by_name = {s.step: s for s in steps}
    found: dict[str, dict[str, Any]] = {}
    for s in steps:
        if is_trial(s.step, names):
            continue
        folder = step_folder(store, run, s)
        sweep = read_trials(folder)
        if sweep is not None:
            rows = []
            for t in sweep.trials:
                row = t.to_dict()
                child = by_name.get(f"{s.step}/{t.trial}")
                if child is not None:
                    row["step_state"] = child.state  # "cached" when the trial was reused
                    if row["duration_s"] is None:
                        row["duration_s"] = child.duration
                rows.append(row)
            found[s.step] = {"trials": rows, "best_trial": sweep.best_trial, "best_value": sweep.best_value,
                             "primary_metric": sweep.metric, "goal": sweep.goal, "total": sweep.total}
            continue
        state_file = folder / STATE_FILE
        if state_file.is_file():
            progress = read_progress(state_file)
            found[s.step] = {"batches": [
                {"batch": b.index, "state": b.state, "items": b.items, "retries": b.retries,
                 "duration_s": b.duration_s, "error": b.error, "partition": b.partition}
                for b in sorted(progress.batches.values(), key=lambda b: b.index)]}
    return found


def print_details(found: dict[str, dict[str, Any]]) -> None:
    """Print a table of trials per sweep step and of mini-batches per parallel step."""
    from rich.table import Table

    from designer.ui.format import number_text

    for step, info in found.items():
        if "trials" in info:
            trials = info["trials"]
            params: dict[str, None] = {}
            for t in trials:
                params.update(dict.fromkeys(t["params"]))
            metric = info["primary_metric"] or "metric"
            goal = "higher is better" if info["goal"] == "maximize" else "lower is better"
            table = Table(title=f"trials of {safe(step)}: {len(trials)} of {info['total']} "
                                f"({safe(metric)}, {goal}); * the best, whose outputs are the step's",
                          title_justify="left", box=None, header_style="bold")
            table.add_column("trial")
            for name in params:
                table.add_column(safe(name))
            for col in (metric, "state", "duration", "message"):
                table.add_column(safe(col))
            for t in trials:
                best = t["trial"] == info["best_trial"]
                value = "" if t["value"] is None else number_text(t["value"])
                state = t.get("step_state") if t.get("step_state") == "cached" else t["state"]
                table.add_row(("* " if best else "  ") + safe(t["trial"]),
                              *(safe(_param(t["params"].get(n))) for n in params),
                              f"[bold]{value}[/]" if best else value, state_markup(state), seconds(t["duration_s"]),
                              safe(t["message"] or ""))
            out.print(table)
        elif "batches" in info:
            batches = info["batches"]
            counts: dict[str, int] = {}
            for b in batches:
                counts[b["state"]] = counts.get(b["state"], 0) + 1
            summary = ", ".join(f"{n} {state}" for state, n in sorted(counts.items()))
            table = Table(title=f"mini-batches of {safe(step)}: {len(batches)} ({summary})", title_justify="left",
                          box=None, header_style="bold")
            for col in ("batch", "state", "items", "duration", "retries", "error"):
                table.add_column(col)
            shown = batches if len(batches) <= MAX_BATCH_ROWS else [
                b for b in batches if b["state"] not in ("completed", "reused")][:MAX_BATCH_ROWS]
            for b in shown:
                table.add_row(str(b["batch"]) + (f" {safe(_param(b['partition']))}" if b["partition"] else ""),
                              _batch_state(b["state"]), str(b["items"]), seconds(b["duration_s"]),
                              str(b["retries"]), safe(b["error"] or ""))
            if len(shown) < len(batches):
                table.caption = (f"{len(batches) - len(shown)} more mini-batches not shown (only those not done are "
                                 "listed); --json lists them all")
                table.caption_justify = "left"
            out.print(table)


def _param(value: Any) -> str:
    from designer.ui.format import number_text, value_text

    return number_text(value) if isinstance(value, float) else value_text(value)


def _batch_state(state: str) -> str:
    """A mini-batch state coloured as the step state it looks like (reused as cached, retrying as running)."""
    from designer.ui.states import state_look

    look = state_look({"reused": "cached", "retrying": "running"}.get(state, state))
    return f"[{look.color}]{safe(state)}[/]"
