"""The run pages' logic: what they read from a real run store, and the pages as a simulated user sees them.

Runs are written into a real SQLite store through the engine's events (no subprocesses), with log
files and outputs on disk where the engine would put them.
"""

from __future__ import annotations

import json
from collections.abc import AsyncIterator, Iterator
from dataclasses import dataclass
from pathlib import Path
from typing import Any

import pandas as pd
import pytest
import pytest_asyncio

from designer.engine.events import (
    ArtifactRecorded,
    MetricLogged,
    RunFinished,
    RunStarted,
    StepInfo,
    StepStateChanged,
)
from designer.store import Store
from designer.ui import format as fmt
from designer.ui.pages import runs
from designer.ui.pages.compare import compare_runs
from designer.ui.pages.run import actions, log
from designer.ui.reads import graph as run_graph
from designer.ui.reads import metrics, timeline
from designer.ui.reads import run as run_reads
from designer.ui.states import STATES
from designer.workspace import Workspace

T0 = 1_760_000_000.0


@dataclass
class Env:
    workspace: Workspace
    store: Store

    @property
    def runs_dir(self) -> Path:
        return self.workspace.runs_dir


@pytest.fixture
def env(workspace_dir: Path) -> Iterator[Env]:
    ws = Workspace(workspace_dir)
    ws.ensure()
    store = Store.open(ws.settings.db_url)
    yield Env(ws, store)
    store.close()


def fake_run(env: Env, run_id: str, *, state: str = "completed", params: dict[str, Any] | None = None,
             at: float = T0, fail: str | None = None, reuse_make_from: str | None = None,
             pipeline: str = "demo.yml", metrics: dict[str, list[float]] | None = None, source: str = "cli",
             resumed_from: str | None = None) -> str:
    """Record a run of the toy ``demo.yml`` (make -> train -> score) as the engine would."""
    run_dir = env.runs_dir / run_id
    file = env.workspace.root / pipeline
    steps = (StepInfo("make", "make", "make_data", "local"), StepInfo("train", "train", "toy_train", "local", ("make",)),
             StepInfo("score", "score", "toy_score", "local", ("train", "make")))
    store = env.store
    store.emit(RunStarted(run_id, str(file), "Demo pipeline", source, params or {}, steps, str(run_dir), at, 1,
                          resumed_from=resumed_from))
    t = at
    outputs: dict[str, dict[str, str]] = {}
    for info in steps:
        name = info.step
        folder = run_dir / name
        (folder / "logs").mkdir(parents=True, exist_ok=True)
        if name == "make" and reuse_make_from:
            source_dir = env.runs_dir / reuse_make_from / "make" / "outputs" / "data"
            outputs[name] = {"data": str(source_dir)}
            store.emit(StepStateChanged(run_id, name, "cached", t + 0.1, fingerprint="f" * 64,
                                        reused_from_run=reuse_make_from, reused_from_step="make",
                                        outputs=outputs[name], reason={"decision": "reused", "from_run": reuse_make_from,
                                                                       "from_step": "make"}))
            continue
        store.emit(StepStateChanged(run_id, name, "running", t, command=f"python {name}.py --rows 12"))
        (folder / "logs" / "stdout.txt").write_text(f"starting {name}\n" + "".join(f"line {i}\n" for i in range(5)))
        if name == fail:
            (folder / "logs" / "stderr.txt").write_text("Traceback (most recent call last):\n  File \"x.py\"\n"
                                                        "ValueError: the column 'age' has negative values\n")
            store.emit(StepStateChanged(run_id, name, "failed", t + 1.5, exit_code=3, message="exit code 3"))
            break
        out = folder / "outputs" / ("data" if name == "make" else "model" if name == "train" else "scores")
        out.mkdir(parents=True, exist_ok=True)
        if name == "make":
            pd.DataFrame({"age": [31, 45, 27], "city": ["Oslo", "Lima", "Kyoto"]}).to_csv(out / "rows.csv", index=False)
        else:
            (out / "result.json").write_text(json.dumps({"step": name}))
        outputs[name] = {out.name: str(out)}
        for up in info.upstream:
            for port, path in outputs.get(up, {}).items():
                producer = reuse_make_from if up == "make" and reuse_make_from else run_id
                store.emit(ArtifactRecorded(run_id, name, port if up == "make" else "model", "input", "uri_folder",
                                            path, 10, "h", produced_by_run=producer, produced_by_step=up))
        store.emit(ArtifactRecorded(run_id, name, out.name, "output", "uri_folder", str(out), 10, "h",
                                    produced_by_run=run_id, produced_by_step=name))
        for metric, values in (metrics or {}).items():
            if name == "train":
                for i, value in enumerate(values):
                    store.emit(MetricLogged(run_id, name, metric, value, i + 1 if len(values) > 1 else None, t + 1))
        store.emit(StepStateChanged(run_id, name, "completed", t + 1.0, exit_code=0, fingerprint=name[0] * 64,
                                    outputs=outputs[name]))
        t += 1.0
    if state != "running":
        store.emit(RunFinished(run_id, "failed" if fail else state, t + 2, error="step failed" if fail else None))
    store.flush()
    return run_id


# ------------------------------------------------------------------------------------------ pure parts


def test_filters_from_query() -> None:
    assert runs.filters_from({"state": "failed", "pipeline": "p", "q": " x ", "page": "3"}) == runs.Filters(
        "failed", "p", "x", 3)
    assert runs.filters_from({"state": "bogus", "page": "-2"}) == runs.Filters(None, None, None, 1)
    assert runs.Filters("failed", None, "a b", 2).query() == "?state=failed&q=a+b&page=2"
    assert runs.Filters().query() == ""


def test_load_runs_page_pages_and_filters(env: Env) -> None:
    for i in range(55):
        fake_run(env, f"r{i:03}", at=T0 + i, fail="train" if i % 10 == 0 else None)

    first = runs.load_runs_page(env.store, runs.Filters())
    last = runs.load_runs_page(env.store, runs.Filters(page=9))
    failed = runs.load_runs_page(env.store, runs.Filters(state="failed"))

    assert first.total == 55 and len(first.rows) == 50
    assert first.rows[0]["id"] == "r054"  # newest first
    assert last.filters.page == 2 and [r["id"] for r in last.rows][-1] == "r000"
    assert failed.total == 6 and failed.all_runs == 55
    assert {r["state"] for r in failed.rows} == {"failed"}
    assert first.pipelines == ["Demo pipeline"]


def test_log_reads_whole_lines_at_a_bounded_cost(tmp_path: Path) -> None:
    path = tmp_path / "stdout.txt"
    path.write_text("one\ntwo\nthr")

    first = log.read_new(path, 0, "", first=True, final=False)
    assert first.lines == ["one", "two"] and first.rest == "thr" and first.offset == 11
    with path.open("a") as f:
        f.write("ee\nfour\n")
    second = log.read_new(path, first.offset, first.rest, first=False, final=False)
    assert second.lines == ["three", "four"] and second.rest == ""
    assert log.read_new(path, second.offset, "", first=False, final=False).lines == []
    assert log.read_new(tmp_path / "missing.txt", 0, "", first=True, final=False).lines == []

    # a long log: the first read is its tail; a reader far behind jumps to the end (and says so)
    path.write_text("".join(f"line {i:07}\n" for i in range(200_000)))  # 2.6 MB
    tail = log.read_new(path, 0, "", first=True, final=False)
    assert tail.skipped > 0 and tail.lines[-1] == "line 0199999" and tail.lines[0].startswith("line ")
    assert sum(len(line) + 1 for line in tail.lines) <= log.TAIL_BYTES
    behind = log.read_new(path, 10, "", first=False, final=False)
    assert behind.skipped > 2_000_000 and behind.lines[-1] == "line 0199999"
    assert sum(len(line) + 1 for line in behind.lines) <= log.TICK_BYTES
    path.write_text("new\n")  # rewritten shorter: read again from the start
    assert log.read_new(path, 5000, "", first=False, final=True).lines == ["new"]


def test_gantt_escapes_and_marks_reuse(env: Env) -> None:
    fake_run(env, "base", at=T0)
    fake_run(env, "again", at=T0 + 100, reuse_make_from="base")
    record = env.store.get_run("again")
    assert record is not None
    steps = env.store.steps("again")

    options = timeline.gantt_options(record, steps, now=T0 + 200)

    assert options["yAxis"]["data"] == ["make", "train", "score"]
    bars = options["series"][1]["data"]
    assert bars[0]["value"] == 0 and "reused from run base" in bars[0]["tip"]
    assert bars[0]["itemStyle"]["color"] == STATES["cached"].color
    assert bars[1]["value"] == 1.0
    assert options["xAxis"]["max"] >= 2.0

    hostile = steps[1].__class__(**{**steps[1].__dict__, "step": "<img src=x onerror=alert(1)>"})
    tip = timeline.gantt_options(record, [hostile], now=T0 + 200)["series"][1]["data"][0]["tip"]
    assert "<img" not in tip and "&lt;img" in tip


def test_records_graph_without_the_pipeline_file(env: Env) -> None:
    fake_run(env, "r1")
    steps = env.store.steps("r1")
    graph = run_graph.records_graph(steps, env.store.artifacts("r1"))

    nodes = {n["id"]: n for n in graph["nodes"]}
    assert set(nodes) == {"make", "train", "score"}
    assert nodes["train"]["status"] == "completed"
    assert {(e["source"], e["source_port"], e["target"], e["target_port"]) for e in graph["edges"]} >= {
        ("make", "data", "train", "data")}
    assert nodes["make"]["x"] < nodes["train"]["x"] < nodes["score"]["x"]
    never_started = [s.__class__(**{**s.__dict__, "state": "pending", "outputs": {}}) for s in steps]
    fallback = run_graph.records_graph(never_started)
    assert {(e["source"], e["target"]) for e in fallback["edges"]} == {("make", "train"), ("make", "score"),
                                                                       ("train", "score")}


def test_metric_series_and_numbers() -> None:
    from designer.store import MetricRecord

    records = [MetricRecord("r", "train", "loss", v, i, T0) for i, v in enumerate([0.5, 0.25], start=1)]
    records.append(MetricRecord("r", "train", "auc", 0.91234567, None, T0))
    series = metrics.metric_series(records)
    assert [(s.name, s.points) for s in series] == [("loss", [(1.0, 0.5), (2.0, 0.25)]), ("auc", [(1.0, 0.91234567)])]
    assert fmt.number_text(0.91234567) == "0.9123"
    assert fmt.number_text(1234.5678) == "1235"
    assert fmt.number_text(3.0) == "3"
    assert fmt.number_text(1e-9) == "1.000e-09"


def test_last_error_line() -> None:
    assert run_reads.last_error_line("Traceback\n  File x\nValueError: bad age\n\n") == "ValueError: bad age"
    assert run_reads.last_error_line("done\nexit\n") == "exit"
    assert run_reads.last_error_line("") == ""


def test_compare_lines_up_parameters_metrics_and_steps(env: Env) -> None:
    fake_run(env, "a", params={"rows": 12}, metrics={"loss": [0.5, 0.3], "auc": [0.8]})
    fake_run(env, "b", params={"rows": 30}, at=T0 + 10, reuse_make_from="a", metrics={"loss": [0.4, 0.2], "auc": [0.8]})

    data = compare_runs(env.store, ["a", "b", "gone"])

    assert [r.id for r in data.runs] == ["a", "b"] and data.missing == ["gone"]
    rows = {p.name: p for p in data.parameters}
    assert rows["rows"].values == ["12", "30"] and rows["rows"].differs
    metrics = {(m.step, m.name): m for m in data.metrics}
    assert metrics[("train", "loss")].values == [0.3, 0.2] and metrics[("train", "loss")].charted
    assert not metrics[("train", "auc")].differs
    steps = {s.step: s for s in data.steps}
    assert steps["make"].cells[0].state == "completed"  # type: ignore[union-attr]
    assert steps["make"].cells[1].state == "cached" and steps["make"].cells[1].reused_from == "a"  # type: ignore[union-attr]
    assert fmt.value_text(True) == "true" and fmt.value_text({"b": 1, "a": 2}) == '{"a": 2, "b": 1}'


def test_compare_uses_the_pipeline_default_for_missing_parameters(env: Env) -> None:
    fake_run(env, "given", params={"rows": 12})
    fake_run(env, "default", at=T0 + 5)

    data = compare_runs(env.store, ["given", "default"])

    assert {p.name: p.values for p in data.parameters}["rows"] == ["12", "12"]  # demo.yml: rows: 12


def test_delete_keeps_outputs_a_later_run_reuses(env: Env) -> None:
    fake_run(env, "old")
    fake_run(env, "new", at=T0 + 50, reuse_make_from="old")
    outside = env.workspace.root / "precious.txt"
    outside.write_text("keep")

    removed = actions.delete_run_files(env.store, "old", env.runs_dir)

    assert env.store.get_run("old") is None
    assert (env.runs_dir / "old" / "make" / "outputs" / "data" / "rows.csv").is_file()  # "new" still reads it
    assert not (env.runs_dir / "old" / "train").exists()
    assert removed and all(Path(p).is_relative_to(env.runs_dir) for p in removed)
    assert outside.read_text() == "keep"
    new_removed = actions.delete_run_files(env.store, "new", env.runs_dir)
    assert new_removed == [str(env.runs_dir / "new")]


def test_delete_never_leaves_the_runs_folder(env: Env, tmp_path: Path) -> None:
    elsewhere = tmp_path / "elsewhere"
    elsewhere.mkdir()
    (elsewhere / "data.txt").write_text("keep")

    class LyingStore:
        def delete_run(self, run_id: str) -> list[str]:
            return [str(elsewhere), str(env.runs_dir), str(env.runs_dir / ".." / "..")]

    assert actions.delete_run_files(LyingStore(), "x", env.runs_dir) == []  # type: ignore[arg-type]
    assert (elsewhere / "data.txt").read_text() == "keep" and env.runs_dir.is_dir()


def test_open_in_designer_writes_a_draft_not_the_file(env: Env, registry: Any) -> None:
    from designer.ui.context import AppContext
    from designer.ui.session import EditorSession

    before = (env.workspace.root / "demo.yml").read_text()
    ctx = AppContext(env.workspace, registry, store=env.store)

    written, skipped = actions.draft_with_parameters(ctx, "demo.yml", {"rows": 30, "gone": 1})

    assert written and skipped == ["gone"]
    assert (env.workspace.root / "demo.yml").read_text() == before
    session = EditorSession.open(env.workspace, registry, "demo.yml")
    assert not isinstance(session, type(None)) and session.restore_draft()  # type: ignore[union-attr]
    assert session.document.inputs["rows"] == 30  # type: ignore[union-attr]


def test_open_in_designer_keeps_unsaved_edits(env: Env, registry: Any) -> None:
    from designer.spec import edit
    from designer.ui.context import AppContext
    from designer.ui.session import EditorSession

    ctx = AppContext(env.workspace, registry, store=env.store)
    editing = EditorSession.open(env.workspace, registry, "demo.yml")
    assert not isinstance(editing, type(None))
    editing.apply(lambda: edit.set_pipeline_info(editing.document, display_name="Renamed, unsaved"))  # type: ignore[union-attr]
    editing.write_draft()  # type: ignore[union-attr]

    actions.draft_with_parameters(ctx, "demo.yml", {"rows": 31})

    session = EditorSession.open(env.workspace, registry, "demo.yml")
    assert session.restore_draft()  # type: ignore[union-attr]
    assert session.document.display_name == "Renamed, unsaved"  # type: ignore[union-attr]
    assert session.document.inputs["rows"] == 31  # type: ignore[union-attr]


# ------------------------------------------------------------------------------------------ pages


@pytest_asyncio.fixture
async def user(env: Env, registry: Any) -> AsyncIterator[Any]:
    """A simulated browser on an app with only the run pages, over ``env``'s store."""
    from nicegui.testing.user_simulation import user_simulation

    from designer.ui.context import AppContext

    ctx = AppContext(env.workspace, registry, store=env.store, runner_problem="no runner in these tests")
    async with user_simulation() as simulated:
        from nicegui import app as nicegui_app

        from designer.ui.files import FileServer
        from designer.ui.pages import compare
        from designer.ui.pages.run import page as run_page

        files = FileServer.for_workspace(env.workspace.root, env.workspace.runs_dir)
        files.register(nicegui_app)
        runs.register(ctx)
        compare.register(ctx)
        run_page.register(ctx, files)
        yield simulated


@pytest.mark.asyncio
async def test_runs_list_shows_runs_and_filters(user: Any, env: Env) -> None:
    fake_run(env, "20250101-000000-aaaaaa", at=T0)
    fake_run(env, "20250101-000100-bbbbbb", at=T0 + 60, fail="train")

    await user.open("/runs")
    await user.should_see("2 runs in")
    rows = [r["id"] for r in _table(user).rows]
    assert rows == ["20250101-000100-bbbbbb", "20250101-000000-aaaaaa"]

    await user.open("/runs?state=failed")
    await user.should_see("1 shown, 2 runs")
    assert [r["id"] for r in _table(user).rows] == ["20250101-000100-bbbbbb"]


@pytest.mark.asyncio
async def test_runs_list_when_empty(user: Any) -> None:
    await user.open("/runs")
    await user.should_see("No runs yet")


@pytest.mark.asyncio
async def test_runs_list_follows_new_runs(user: Any, env: Env) -> None:
    import asyncio

    await user.open("/runs")
    await user.should_see("No runs yet")
    fake_run(env, "20250101-000000-cccccc", state="running")
    for _ in range(40):
        await asyncio.sleep(0.1)
        if _table(user).rows:
            break
    assert [(r["id"], r["state"]) for r in _table(user).rows] == [("20250101-000000-cccccc", "running")]


@pytest.mark.asyncio
async def test_run_page_shows_a_failed_run_and_its_log(user: Any, env: Env) -> None:
    run_id = fake_run(env, "20250101-000000-dddddd", fail="train")

    await user.open(f"/runs/{run_id}")
    await user.should_see("Demo pipeline")
    await user.should_see("Step train failed")
    await user.should_see("exit code 3 · ValueError: the column 'age' has negative values")
    status = _by_testid(user, "run-status")
    assert status.props["data-status"] == "failed"

    await user.open(f"/runs/{run_id}?step=train&tab=log")
    await user.should_see("ValueError: the column 'age' has negative values")


@pytest.mark.asyncio
async def test_run_page_details_and_reuse_link(user: Any, env: Env) -> None:
    fake_run(env, "20250101-000000-eeeeee")
    run_id = fake_run(env, "20250101-000500-ffffff", at=T0 + 300, reuse_make_from="20250101-000000-eeeeee")

    await user.open(f"/runs/{run_id}?step=make")
    await user.should_see("Reused from")
    await user.should_see("20250101-000000-eeeeee · make")
    await user.open(f"/runs/{run_id}?step=train")
    await user.should_see("python train.py --rows 12")
    await user.should_see("Exit code")


@pytest.mark.asyncio
async def test_run_page_says_why_and_what_it_resumed(user: Any, env: Env) -> None:
    fake_run(env, "20250101-000000-aaaaaa", fail="train")
    run_id = fake_run(env, "20250101-000500-bbbbbb", at=T0 + 300, reuse_make_from="20250101-000000-aaaaaa",
                      resumed_from="20250101-000000-aaaaaa")

    await user.open(f"/runs/{run_id}?step=make")
    await user.should_see("resumed from run 20250101-000000-aaaaaa: 1 step reused")
    await user.should_see("Reused from run 20250101-000000-aaaaaa (step `make`).")


@pytest.mark.asyncio
async def test_run_page_previews_a_csv_output(user: Any, env: Env) -> None:
    run_id = fake_run(env, "20250101-000000-gggggg")

    await user.open(f"/runs/{run_id}?step=make&tab=outputs")
    await user.should_see("CSV · 3 rows · 2 columns", retries=50)  # read off the loop: a loaded machine is slow
    table = _by_testid(user, "preview-table")
    assert [c["label"] for c in table.columns] == ["age", "city"]
    assert [c["type"] for c in table.columns] == ["integer", "text"]
    assert table.rows[0]["c1"] == "Oslo"


@pytest.mark.asyncio
async def test_unknown_run(user: Any) -> None:
    await user.open("/runs/nope")
    await user.should_see("No such run")


@pytest.mark.asyncio
async def test_compare_page(user: Any, env: Env) -> None:
    fake_run(env, "20250101-000000-hhhhhh", params={"rows": 12}, metrics={"loss": [0.5, 0.3]})
    fake_run(env, "20250101-000100-iiiiii", params={"rows": 30}, at=T0 + 60, metrics={"loss": [0.4, 0.1]})

    await user.open("/runs/compare?ids=20250101-000000-hhhhhh,20250101-000100-iiiiii")
    await user.should_see("Compare 2 runs")
    await user.should_see("1 of 1 differ")
    await user.should_see("train · loss")
    await user.should_see("0.3")
    await user.should_see("0.1")


def _by_testid(user: Any, testid: str) -> Any:
    from nicegui import ElementFilter

    with user:
        found = [e for e in ElementFilter() if e.props.get("data-testid") == testid]
    assert found, f"nothing with data-testid={testid}"
    return found[0]


def _table(user: Any) -> Any:
    return _by_testid(user, "runs-table")


@pytest.mark.asyncio
async def test_metric_names_are_shown_as_text(user: Any, env: Env) -> None:
    name = 'val "loss" <b>x</b>'
    run_id = fake_run(env, "20250101-000000-jjjjjj", metrics={name: [0.5, 0.25], "auc": [0.9]})

    await user.open(f"/runs/{run_id}?step=train&tab=metrics")
    await user.should_see(name)
    await user.should_see("last of 2")
    chart = _by_testid(user, "metric-chart")
    assert chart.props["data-metric"] == name
