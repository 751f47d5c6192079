"""A small NiceGUI app that mounts PipelineCanvas for the browser tests.

Run as ``python tests/e2e/canvas_app.py PORT``. Every event the canvas sends is appended to the JSON
list shown in ``[data-testid=event-log]``; buttons call ``set_statuses``. Query parameters:
``nodes=N`` shows a generated graph of N jobs, ``demo=1`` a richer graph for screenshots,
``dark=1`` dark mode, ``readonly=1`` the run-page mode, ``empty=1`` no jobs at all,
``accept=1`` answers ``add_node`` and ``connect`` with a new graph, as the designer page does;
``why=1`` marks ``split`` as "will re-run"; ``children=N`` makes ``split`` a pipeline step standing for
N steps, drawn collapsed.
"""

from __future__ import annotations

import json
import sys
import time
from typing import Any

from nicegui import ui
from nicegui.events import GenericEventArguments

from designer.ui.canvas import PipelineCanvas
from designer.ui.styles import use_built_stylesheet

PALETTE: list[dict[str, Any]] = [
    {
        "name": "load_csv",
        "version": "1",
        "versions": ["1"],
        "display_name": "Load CSV",
        "description": "Read a CSV file into a table",
        "category": "Data",
        "icon": "table_view",
    },
    {
        "name": "split_data",
        "version": "2",
        "versions": ["1", "2"],
        "display_name": "Split Data",
        "description": "Split rows into a training and a test set",
        "category": "Data transformation",
        "icon": "call_split",
    },
    {
        "name": "normalize",
        "version": "1",
        "versions": ["1"],
        "display_name": "Normalize Columns",
        "description": "Scale numeric columns to zero mean and unit variance",
        "category": "Data transformation",
        "icon": "tune",
    },
    {
        "name": "train_classifier",
        "version": "1",
        "versions": ["1"],
        "display_name": "Train Classifier",
        "description": "Fit a gradient boosting classifier",
        "category": "Training",
        "icon": "model_training",
    },
    {
        "name": "score_model",
        "version": "1",
        "versions": ["1"],
        "display_name": "Score Model",
        "description": "Predict with a trained model",
        "category": "Scoring",
        "icon": "insights",
    },
    {
        "name": "evaluate_model",
        "version": "1",
        "versions": ["1"],
        "display_name": "Evaluate Model",
        "description": "Accuracy, precision, recall and a confusion matrix",
        "category": "Evaluation",
        "icon": "fact_check",
    },
]


def _node(
    job: str,
    label: str,
    component: str,
    category: str,
    icon: str,
    x: float,
    y: float,
    inputs: list[tuple[str, str, bool, bool]],
    outputs: list[tuple[str, str]],
    *,
    kind: str = "command",
    problems: list[str] | None = None,
) -> dict[str, Any]:
    return {
        "id": job,
        "label": label,
        "component": component,
        "category": category,
        "icon": icon,
        "kind": kind,
        "inputs": [{"name": n, "type": t, "optional": o, "bound": b} for n, t, o, b in inputs],
        "outputs": [{"name": n, "type": t} for n, t in outputs],
        "x": x,
        "y": y,
        "status": "idle",
        "started_at": None,
        "duration_s": None,
        "problems": problems or [],
    }


def _edge(source: str, source_port: str, target: str, target_port: str) -> dict[str, str]:
    return {
        "id": f"{source}.{source_port}->{target}.{target_port}",
        "source": source,
        "source_port": source_port,
        "target": target,
        "target_port": target_port,
    }


def small_graph() -> dict[str, Any]:
    """Three jobs: load -> split, and a train job whose input is still free."""
    return {
        "nodes": [
            _node(
                "load",
                "Load CSV",
                "load_csv:1",
                "Data",
                "table_view",
                0,
                60,
                [("path", "uri_file", False, True)],
                [("table", "mltable")],
            ),
            _node(
                "split",
                "Split Data",
                "split_data:2",
                "Data transformation",
                "call_split",
                320,
                40,
                [("data", "mltable", False, True), ("ratio", "number", True, False)],
                [("train", "mltable"), ("test", "mltable")],
            ),
            _node(
                "train",
                "Train Classifier",
                "train_classifier:1",
                "Training",
                "model_training",
                640,
                0,
                [("training_data", "mltable", False, False)],
                [("model", "mlflow_model")],
            ),
        ],
        "edges": [_edge("load", "table", "split", "data")],
    }


def demo_graph() -> dict[str, Any]:
    """A richer pipeline for screenshots: every port type, a nested pipeline and a job with problems."""
    return {
        "nodes": [
            _node(
                "load",
                "Load CSV",
                "load_csv:1",
                "Data",
                "table_view",
                0,
                120,
                [("path", "uri_file", False, True)],
                [("table", "mltable")],
            ),
            _node(
                "split",
                "Split Data",
                "split_data:2",
                "Data transformation",
                "call_split",
                270,
                120,
                [("data", "mltable", False, True), ("ratio", "number", True, True)],
                [("train", "mltable"), ("test", "mltable")],
            ),
            _node(
                "prep",
                "Feature Engineering",
                "feature_prep:3",
                "Data transformation",
                "auto_fix_high",
                540,
                0,
                [("table", "mltable", False, True)],
                [("features", "uri_folder")],
                kind="pipeline",
            ),
            _node(
                "train",
                "Train Classifier",
                "train_classifier:1",
                "Training",
                "model_training",
                810,
                60,
                [("training_data", "uri_folder", False, True), ("learning_rate", "number", True, True)],
                [("model", "mlflow_model"), ("metrics", "uri_file")],
            ),
            _node(
                "score",
                "Score Model",
                "score_model:1",
                "Scoring",
                "insights",
                1080,
                150,
                [("model", "mlflow_model", False, True), ("data", "mltable", False, True)],
                [("scored", "mltable")],
            ),
            _node(
                "evaluate",
                "Evaluate Model",
                "evaluate_model:1",
                "Evaluation",
                "fact_check",
                1350,
                170,
                [("scored", "mltable", False, True), ("threshold", "number", False, False)],
                [("report", "uri_folder")],
                problems=[
                    "input 'threshold' needs a value",
                    "compute 'gpu-cluster' is not defined; runs on local",
                ],
            ),
        ],
        "edges": [
            _edge("load", "table", "split", "data"),
            _edge("split", "train", "prep", "table"),
            _edge("prep", "features", "train", "training_data"),
            _edge("train", "model", "score", "model"),
            _edge("split", "test", "score", "data"),
            _edge("score", "scored", "evaluate", "scored"),
        ],
    }


def big_graph(count: int) -> dict[str, Any]:
    """``count`` jobs in a grid, each fed by the one before it."""
    nodes = []
    edges = []
    columns = max(1, int(count**0.5))
    for i in range(count):
        nodes.append(
            _node(
                f"step_{i}",
                f"Step {i}",
                "normalize:1",
                "Data transformation",
                "tune",
                (i % columns) * 300,
                (i // columns) * 160,
                [("data", "mltable", False, i > 0)],
                [("result", "mltable")],
            )
        )
        if i:
            edges.append(_edge(f"step_{i - 1}", "result", f"step_{i}", "data"))
    return {"nodes": nodes, "edges": edges}


@ui.page("/")
def index(
    nodes: int = 0,
    demo: int = 0,
    dark: int = 0,
    readonly: int = 0,
    empty: int = 0,
    accept: int = 0,
    why: int = 0,
    children: int = 0,
) -> None:
    ui.dark_mode(bool(dark))
    ui.query(".nicegui-content").classes("p-0 gap-0")
    events: list[dict[str, Any]] = []
    graph = (
        {"nodes": [], "edges": []}
        if empty
        else big_graph(nodes)
        if nodes
        else demo_graph()
        if demo
        else small_graph()
    )

    by_id = {node["id"]: node for node in graph["nodes"]}
    if why and "split" in by_id:
        by_id["split"]["why"] = "Re-runs because parameter `ratio` changed from `0.2` to `0.3`"
    if children and "split" in by_id:
        by_id["split"]["kind"] = "pipeline"
        by_id["split"]["children"] = {"total": children, "counts": {}, "noun": "steps"}

    def record(name: str):
        def handler(e: GenericEventArguments) -> None:
            events.append({"event": name, "args": e.args})
            log.set_text(json.dumps(events))
            if accept:
                apply(name, e.args)

        return handler

    def apply(name: str, args: Any) -> None:
        """Play the page's part: turn an intent into a new graph and send it."""
        if name == "add_node":
            entry = next(entry for entry in PALETTE if entry["name"] == args["component"])
            job = f"{entry['name']}_{len(graph['nodes'])}"
            node = _node(
                job,
                entry["display_name"],
                f"{entry['name']}:{args['version']}",
                entry["category"],
                entry["icon"],
                args["x"],
                args["y"],
                [("data", "mltable", False, False)],
                [("result", "mltable")],
            )
            graph["nodes"].append(node)
        elif name == "connect":
            graph["edges"].append(
                _edge(args["source"], args["source_port"], args["target"], args["target_port"])
            )
        elif name == "move":
            return  # the canvas keeps its own copy in place
        else:
            return
        canvas.set_graph(graph)

    def statuses(mapping: dict[str, dict[str, Any]]) -> None:
        canvas.set_statuses(mapping)

    now = time.time()
    with ui.row().classes("w-full items-center gap-2 px-3 py-1"):
        ui.button(
            "Running",
            on_click=lambda: statuses(
                {"train": {"status": "running", "started_at": time.time() - 42, "duration_s": None}}
            ),
        ).props('flat dense data-testid="set-running"')
        ui.button(
            "Demo states",
            on_click=lambda: statuses(
                {
                    "load": {"status": "cached", "started_at": now - 90, "duration_s": 0.4},
                    "split": {"status": "completed", "started_at": now - 80, "duration_s": 3.2},
                    "prep": {"status": "completed", "started_at": now - 70, "duration_s": 12.5},
                    "train": {"status": "running", "started_at": now - 75, "duration_s": None},
                    "score": {"status": "queued", "started_at": None, "duration_s": None},
                    "evaluate": {"status": "failed", "started_at": now - 30, "duration_s": 1.1},
                }
            ),
        ).props('flat dense data-testid="set-demo"')
        ui.button(
            "Preparing",
            on_click=lambda: statuses({"score": {"status": "preparing", "started_at": None, "duration_s": None}}),
        ).props('flat dense data-testid="set-preparing"')
        ui.button(
            "One running",
            on_click=lambda: statuses(
                {"step_1": {"status": "running", "started_at": time.time(), "duration_s": None}}
            ),
        ).props('flat dense data-testid="set-one-running"')
        ui.button(
            "One idle",
            on_click=lambda: statuses({"step_1": {"status": "idle", "started_at": None, "duration_s": None}}),
        ).props('flat dense data-testid="set-one-idle"')
        ui.button(
            "All queued",
            on_click=lambda: statuses(
                {
                    node["id"]: {"status": "queued", "started_at": None, "duration_s": None}
                    for node in graph["nodes"]
                }
            ),
        ).props('flat dense data-testid="set-all-queued"')
        ui.button(
            "Children running",
            on_click=lambda: statuses(
                {
                    "split": {
                        "status": "running",
                        "started_at": time.time(),
                        "duration_s": None,
                        "children": {"completed": children // 2, "running": 1, "pending": children - children // 2 - 1},
                    }
                }
            ),
        ).props('flat dense data-testid="set-children"')
        ui.button(
            "Why",
            on_click=lambda: canvas.set_whys({"load": "Re-runs because its code changed", "split": None}),
        ).props('flat dense data-testid="set-why"')
        ui.button("Fit", on_click=lambda: canvas.fit()).props('flat dense data-testid="fit"')
        log = (
            ui.label("[]").props('data-testid="event-log"').classes("text-xs opacity-60 truncate max-w-[50%]")
        )
    canvas = (
        PipelineCanvas(
            graph,
            palette=PALETTE,
            readonly=bool(readonly),
            on_add_node=record("add_node"),
            on_connect=record("connect"),
            on_move=record("move"),
            on_select=record("select"),
            on_delete=record("delete"),
            on_open=record("open"),
            on_undo=record("undo"),
            on_redo=record("redo"),
            on_node_action=record("node_action"),
        )
        .classes("w-full")
        .style("height: calc(100vh - 44px)")
    )


if __name__ in {"__main__", "__mp_main__"}:
    # As the designer serves its pages: the built stylesheet, not Tailwind in the browser (which rescans
    # every class of the page on each DOM change: a state change on 1,000 cards took a second here).
    use_built_stylesheet()
    ui.run(host="127.0.0.1", port=int(sys.argv[1]), reload=False, show=False, title="Canvas test", tailwind=False)
