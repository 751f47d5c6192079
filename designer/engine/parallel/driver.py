"""Runs a parallel step's entry script over mini-batches: ``init()`` once per worker, ``run()`` per batch.

(Over 400 lines on purpose: this file is copied alone into the step's environment, which may not
have the designer installed, so it cannot import its helpers from elsewhere. Standard library only;
pandas, pyarrow and mltable are used from the environment when a table needs them.)

Usage: ``python designer_parallel_driver.py --config config.json``. The JSON config (written by the
runner) says where the input is (``kind``: ``files`` or ``table``), how to cut it (``mini_batch_size``
files or bytes, ``partition_keys``), the entry script and its ``program_arguments``, the number of
worker processes, ``error_threshold`` / ``mini_batch_error_threshold`` (-1 ignores), retries and the
per-batch ``timeout``, where rows go (``append_row_to``), the JSON-lines ``state_file`` (one record per
batch state change, for live progress) and ``reuse_dir`` (each finished batch's rows, keyed by the
content hash of its inputs and the script, so that a re-run after a failure runs only the failed
batches).

A worker is a separate process (``--worker``) that imports the entry script once, calls ``init()``
and then ``run(mini_batch)`` or ``run(mini_batch, mini_batch_context)`` for each batch it is sent.
A batch that raises, returns fewer items than it was given, or runs past ``timeout`` (its worker is
killed and replaced, so ``init()`` runs again there) is retried up to ``max_retries`` times.
Exit code 0 when the step stayed within its thresholds, 1 otherwise (the reason is the last line of
stderr).
"""

from __future__ import annotations

import argparse
import glob
import hashlib
import inspect
import json
import logging
import multiprocessing
import os
import pickle
import sys
import time
import traceback
import types
from multiprocessing.connection import Connection, wait
from pathlib import Path
from typing import Any

DEFAULT_ROWS_FILE = "parallel_run_step.txt"
STATE_FORMAT = 1


# ------------------------------------------------------------------------------------- reading tables


def _scalar(text: str) -> Any:
    text = text.strip()
    if len(text) >= 2 and text[0] == text[-1] and text[0] in "'\"":
        return text[1:-1]
    low = text.lower()
    if low in ("true", "false"):
        return low == "true"
    if low in ("null", "~", ""):
        return None
    for cast in (int, float):
        try:
            return cast(text)
        except ValueError:
            pass
    return text


def _strip_comment(line: str) -> str:
    out, quote = [], ""
    for ch in line:
        if quote:
            quote = "" if ch == quote else quote
        elif ch in "'\"":
            quote = ch
        elif ch == "#":
            break
        out.append(ch)
    return "".join(out).rstrip()


def _inline(text: str) -> Any:
    text = text.strip()
    if text.startswith("{") and text.endswith("}"):
        body = text[1:-1].strip()
        result: dict[str, Any] = {}
        for part in filter(None, (p.strip() for p in body.split(","))):
            key, _, value = part.partition(":")
            result[key.strip()] = _scalar(value)
        return result
    if text.startswith("[") and text.endswith("]"):
        return [_scalar(p) for p in text[1:-1].split(",") if p.strip()]
    return _scalar(text)


def mini_yaml(text: str) -> Any:
    """Parse the small YAML subset MLTable files use (block mappings and lists, flow ``{}``/``[]``,
    scalars). Used only when PyYAML is not in the environment."""
    lines = [(len(raw) - len(raw.lstrip(" ")), raw.strip()) for raw in map(_strip_comment, text.splitlines())
             if raw.strip() and raw.strip() != "---"]
    pos = 0

    def block(indent: int) -> Any:
        nonlocal pos
        if pos >= len(lines):
            return None
        if lines[pos][1].startswith("- ") or lines[pos][1] == "-":
            items: list[Any] = []
            while pos < len(lines) and lines[pos][0] == indent and (lines[pos][1].startswith("- ") or lines[pos][1] == "-"):
                rest = lines[pos][1][1:].strip()
                if not rest:
                    pos += 1
                    items.append(block(lines[pos][0]) if pos < len(lines) and lines[pos][0] > indent else None)
                elif ":" in rest and not rest.startswith(("{", "[", "'", '"')):
                    # "- key: value" starts a mapping whose other keys sit two columns further in
                    lines[pos] = (indent + 2, rest)
                    items.append(block(indent + 2))
                else:
                    pos += 1
                    items.append(_inline(rest))
            return items
        mapping: dict[str, Any] = {}
        while pos < len(lines) and lines[pos][0] == indent and not lines[pos][1].startswith("- "):
            key, _, value = lines[pos][1].partition(":")
            pos += 1
            if value.strip():
                mapping[key.strip()] = _inline(value)
            elif pos < len(lines) and (lines[pos][0] > indent or lines[pos][1].startswith("- ")):
                mapping[key.strip()] = block(lines[pos][0])
            else:
                mapping[key.strip()] = None
        return mapping

    return block(lines[0][0]) if lines else None


def _read_mltable_file(folder: Path) -> dict[str, Any]:
    text = (folder / "MLTable").read_text(encoding="utf-8")
    try:
        import yaml
    except ImportError:
        return mini_yaml(text) or {}
    return yaml.safe_load(text) or {}


def mltable_paths(folder: Path, spec: dict[str, Any]) -> list[Path]:
    """The files an MLTable's ``paths`` name (``file``, ``folder``, ``pattern``), relative to its folder."""
    found: list[Path] = []
    for entry in spec.get("paths") or []:
        if not isinstance(entry, dict):
            continue
        if "file" in entry:
            found.append((folder / str(entry["file"])).resolve())
        elif "folder" in entry:
            found.extend(sorted(p.resolve() for p in (folder / str(entry["folder"])).rglob("*") if p.is_file()))
        elif "pattern" in entry:
            pattern = str(entry["pattern"])
            found.extend(sorted(Path(p).resolve() for p in glob.glob(str(folder / pattern), recursive=True)
                                if Path(p).is_file()))
    return found


def _transformation(spec: dict[str, Any]) -> tuple[str | None, dict[str, Any]]:
    for item in spec.get("transformations") or []:
        if isinstance(item, str) and item.startswith("read_"):
            return item, {}
        if isinstance(item, dict):
            for name, options in item.items():
                if str(name).startswith("read_"):
                    return str(name), dict(options or {})
    return None, {}


def read_mltable(folder: Path) -> tuple[Any, int, list[Path]]:
    """Read the table in MLTable folder ``folder``.

    Returns ``(dataframe or None, bytes on disk, files)``; the frame is None for an MLTable of files
    (no ``read_*`` transformation). Uses the ``mltable`` package when installed, else reads
    ``read_delimited``, ``read_parquet`` and ``read_json_lines`` with pandas.
    """
    spec = _read_mltable_file(folder)
    files = mltable_paths(folder, spec)
    size = sum(p.stat().st_size for p in files if p.exists())
    reader, options = _transformation(spec)
    if reader is None:
        return None, size, files
    try:
        import mltable  # type: ignore[import-not-found]
    except ImportError:
        mltable = None
    import pandas as pd

    if mltable is not None:
        return mltable.load(str(folder)).to_pandas_dataframe(), size, files
    frames: list[Any] = []
    for i, path in enumerate(files):
        if reader == "read_delimited":
            header = str(options.get("header", "all_files_same_headers"))
            first_only = header == "from_first_file" and i > 0
            no_header = header == "no_header" or first_only
            frame = pd.read_csv(path, sep=str(options.get("delimiter", ",")),
                                encoding=_encoding(options.get("encoding")), header=None if no_header else 0,
                                skiprows=0)
            if first_only and frames:
                frame.columns = frames[0].columns
        elif reader == "read_parquet":
            frame = pd.read_parquet(path)
        elif reader == "read_json_lines":
            frame = pd.read_json(path, lines=True, encoding=_encoding(options.get("encoding")))
        else:
            raise ValueError(f"MLTable transformation '{reader}' is not supported locally; "
                             "expected read_delimited, read_parquet or read_json_lines")
        if options.get("include_path_column"):
            frame["Path"] = str(path)
        frames.append(frame)
    table = pd.concat(frames, ignore_index=True) if frames else pd.DataFrame()
    return table, size, files


def _encoding(value: Any) -> str:
    text = str(value or "utf8").lower()
    return {"utf8": "utf-8", "ascii": "ascii", "latin1": "latin-1", "iso88591": "latin-1"}.get(text, text)


# --------------------------------------------------------------------------------------------- batches


def _file_digest(path: Path) -> str:
    h = hashlib.sha256()
    with open(path, "rb") as fh:
        for chunk in iter(lambda: fh.read(1 << 20), b""):
            h.update(chunk)
    return h.hexdigest()


def make_batches(config: dict[str, Any], work: Path) -> list[dict[str, Any]]:
    """Cut the input into mini-batches; each is ``{index, id, items, path?, partition?}``.

    File batches carry their file paths; table batches are pickled to ``work/batches/<n>.pkl``.
    ``id`` is the content hash of the batch's inputs.
    """
    source = Path(config["input_path"])
    kind = config.get("kind", "files")
    size = config.get("mini_batch_size")
    keys = list(config.get("partition_keys") or [])
    table = None
    files: list[Path] = []
    disk = 0
    if kind == "table" or (source / "MLTable").is_file():
        table, disk, files = read_mltable(source)
    else:
        files = sorted(p for p in source.rglob("*") if p.is_file()) if source.is_dir() else [source]
    batches: list[dict[str, Any]] = []
    if table is None:
        per = int(size or 10)
        for start in range(0, len(files), per):
            chunk = files[start:start + per]
            h = hashlib.sha256()
            for f in chunk:
                h.update(f"{f.name}\0{_file_digest(f)}\0".encode())
            batches.append({"index": len(batches), "id": h.hexdigest()[:32], "items": len(chunk),
                            "files": [str(f) for f in chunk]})
        return batches
    import pandas as pd

    (work / "batches").mkdir(parents=True, exist_ok=True)
    groups: list[tuple[dict[str, Any] | None, Any]] = []
    if keys:
        missing = [k for k in keys if k not in table.columns]
        if missing:
            raise ValueError(f"partition_keys {missing} are not columns of the table (its columns: {', '.join(map(str, table.columns))})")
        for values, frame in table.groupby(keys, sort=True):
            values = values if isinstance(values, tuple) else (values,)
            groups.append(({k: _plain(v) for k, v in zip(keys, values, strict=True)}, frame))
    else:
        rows = len(table)
        per_row = (disk or int(table.memory_usage(deep=True).sum())) / max(rows, 1)
        per = max(1, int((size or 1024 * 1024) // max(per_row, 1e-9)))
        for start in range(0, rows, per):
            groups.append((None, table.iloc[start:start + per]))
    for partition, frame in groups:
        digest = hashlib.sha256(json.dumps([str(c) for c in frame.columns]).encode())
        digest.update(pd.util.hash_pandas_object(frame, index=False).values.tobytes())
        index = len(batches)
        path = work / "batches" / f"{index}.pkl"
        with open(path, "wb") as fh:
            pickle.dump(frame, fh)
        batches.append({"index": index, "id": digest.hexdigest()[:32], "items": len(frame), "path": str(path),
                        "partition": partition})
    return batches


def _plain(value: Any) -> Any:
    item = getattr(value, "item", None)
    return item() if callable(item) else value


# ---------------------------------------------------------------------------------------------- worker


class EntryScript:
    """A stand-in for Azure's ``azureml_user.parallel_run.EntryScript``: a logger and the folders."""

    def __init__(self) -> None:
        self.logger = logging.getLogger("EntryScript")
        self.working_dir = os.getcwd()
        self.output_dir = os.environ.get("DESIGNER_PARALLEL_OUTPUT", self.working_dir)
        self.log_dir = os.environ.get("DESIGNER_PARALLEL_LOGS", self.working_dir)
        self.config = {}  # type: dict[str, Any]


class MiniBatchContext:
    """What ``run(mini_batch, mini_batch_context)`` receives, as Azure names it."""

    def __init__(self, index: int, partition: dict[str, Any] | None, dataset: str) -> None:
        self.minibatch_index = index
        self.mini_batch_index = index
        self.partition_key_value = partition or {}
        self.dataset = dataset


def _install_stand_ins() -> None:
    package = types.ModuleType("azureml_user")
    module = types.ModuleType("azureml_user.parallel_run")
    module.EntryScript = EntryScript  # type: ignore[attr-defined]
    package.parallel_run = module  # type: ignore[attr-defined]
    sys.modules.setdefault("azureml_user", package)
    sys.modules.setdefault("azureml_user.parallel_run", module)


def worker_main(conn: Connection, config: dict[str, Any], log_path: str) -> None:
    """Worker process body: import the entry script, ``init()`` once, then ``run()`` each batch sent."""
    fd = os.open(log_path, os.O_WRONLY | os.O_CREAT | os.O_APPEND, 0o644)
    os.dup2(fd, 1)
    os.dup2(fd, 2)
    sys.stdout = os.fdopen(1, "w", buffering=1, closefd=False)
    sys.stderr = os.fdopen(2, "w", buffering=1, closefd=False)
    logging.basicConfig(level=getattr(logging, config.get("logging_level", "INFO"), logging.INFO),
                        format="%(asctime)s %(levelname)s %(name)s: %(message)s", stream=sys.stderr, force=True)
    _install_stand_ins()
    for key, value in (config.get("environment_variables") or {}).items():
        os.environ[str(key)] = str(value)
    script = Path(config["entry_script"])
    sys.path.insert(0, str(script.parent))
    sys.argv = [str(script), *config.get("program_arguments", [])]
    try:
        import importlib.util

        spec = importlib.util.spec_from_file_location(script.stem, script)
        assert spec is not None and spec.loader is not None
        module = importlib.util.module_from_spec(spec)
        sys.modules[script.stem] = module
        spec.loader.exec_module(module)
        init = getattr(module, "init", None)
        if callable(init):
            init()
        run = module.run
        takes_context = len(inspect.signature(run).parameters) >= 2
    except BaseException:
        text = traceback.format_exc()
        print(text, file=sys.stderr, flush=True)
        conn.send({"init_error": text.strip().splitlines()[-1]})
        return
    conn.send({"ready": True, "pid": os.getpid()})
    dataset = str(config.get("input_path", ""))
    while True:
        try:
            job = conn.recv()
        except EOFError:
            return
        if job is None:
            return
        try:
            if "files" in job:
                batch: Any = list(job["files"])
            else:
                with open(job["path"], "rb") as fh:
                    batch = pickle.load(fh)
            context = MiniBatchContext(job["index"], job.get("partition"), dataset)
            result = run(batch, context) if takes_context else run(batch)
            rows = _rows(result)
            conn.send({"ok": True, "rows": rows, "returned": _count(result)})
        except BaseException as exc:
            text = traceback.format_exc()
            print(text, file=sys.stderr, flush=True)
            conn.send({"ok": False, "error": f"{type(exc).__name__}: {exc}".strip()})


def _count(result: Any) -> int:
    if result is None:
        return 0
    try:
        return len(result)
    except TypeError:
        return 1


def _rows(result: Any) -> list[str]:
    """The text lines ``run()``'s result appends to the output (Azure's ``append_row``)."""
    if result is None:
        return []
    to_csv = getattr(result, "to_csv", None)
    if callable(to_csv) and hasattr(result, "columns"):
        text = to_csv(sep=" ", header=False, index=False)
        return [line for line in str(text).splitlines() if line]
    if isinstance(result, str | bytes):
        return [result.decode() if isinstance(result, bytes) else result]
    try:
        return [str(item) for item in result]
    except TypeError:
        return [str(result)]


# ------------------------------------------------------------------------------------------------ main


class _Worker:
    def __init__(self, ctx: Any, config: dict[str, Any], log_path: Path) -> None:
        self.conn, child = ctx.Pipe()
        self.proc = ctx.Process(target=worker_main, args=(child, config, str(log_path)), daemon=True)
        self.proc.start()
        child.close()
        self.ready = False
        self.batch: dict[str, Any] | None = None
        self.deadline: float | None = None
        self.started = 0.0

    def stop(self) -> None:
        if self.proc.is_alive():
            self.proc.kill()
        self.proc.join(5)
        self.conn.close()


class Driver:
    """The main process: cuts batches, hands them to workers, retries, keeps the thresholds and state."""

    def __init__(self, config: dict[str, Any]) -> None:
        self.config = config
        self.work = Path(config["work_dir"])
        self.work.mkdir(parents=True, exist_ok=True)
        self.logs = Path(config.get("log_dir") or self.work / "logs")
        self.logs.mkdir(parents=True, exist_ok=True)
        self.state_file = Path(config.get("state_file") or self.work / "batches.jsonl")
        self.reuse_dir = Path(config["reuse_dir"]) if config.get("reuse_dir") else None
        script = Path(config["entry_script"])
        scope = hashlib.sha256(script.read_bytes())
        scope.update(json.dumps([config.get("program_arguments", []), config.get("environment_variables") or {},
                                 config.get("scope", "")], sort_keys=True).encode())
        self.scope = scope.hexdigest()[:16]
        self.timeout = float(config.get("timeout") or 60)
        self.max_retries = int(config.get("max_retries", 2))
        self.results: dict[int, list[str]] = {}
        self.failed_batches = 0
        self.failed_items = 0
        self.aborted: str | None = None
        self._worker_seq = 0

    def record(self, batch: dict[str, Any], state: str, **fields: Any) -> None:
        item = {"v": STATE_FORMAT, "batch": batch["index"], "id": batch["id"], "items": batch["items"],
                "state": state, "at": round(time.time(), 3)}
        if batch.get("partition") is not None:
            item["partition"] = batch["partition"]
        item.update(fields)
        with open(self.state_file, "a", encoding="utf-8") as fh:
            fh.write(json.dumps(item, default=str) + "\n")

    def _stored(self, batch: dict[str, Any]) -> Path | None:
        return None if self.reuse_dir is None else self.reuse_dir / f"{self.scope}-{batch['id']}.json"

    def _threshold_hit(self) -> str | None:
        items_limit = int(self.config.get("error_threshold", -1))
        batch_limit = int(self.config.get("mini_batch_error_threshold", -1))
        if items_limit >= 0 and self.failed_items > items_limit:
            return f"{self.failed_items} failed items exceed error_threshold {items_limit}"
        if batch_limit >= 0 and self.failed_batches > batch_limit:
            return f"{self.failed_batches} failed mini-batches exceed mini_batch_error_threshold {batch_limit}"
        return None

    def run(self) -> int:
        self.state_file.parent.mkdir(parents=True, exist_ok=True)
        self.state_file.write_text("", encoding="utf-8")
        batches = make_batches(self.config, self.work)
        for b in batches:
            self.record(b, "pending")
        todo: list[tuple[dict[str, Any], int]] = []
        for b in batches:
            stored = self._stored(b)
            if stored is not None and stored.is_file():
                try:
                    self.results[b["index"]] = json.loads(stored.read_text(encoding="utf-8"))["rows"]
                    self.record(b, "reused", retries=0, duration_s=0.0)
                    continue
                except (OSError, ValueError, KeyError):
                    pass  # an unreadable entry is a miss, never a wrong hit
            todo.append((b, 0))
        workers_wanted = max(1, min(int(self.config.get("workers", 1)), len(todo)))
        ctx = multiprocessing.get_context("spawn")
        pool: list[_Worker] = []
        try:
            if todo:
                pool = [self._spawn(ctx) for _ in range(workers_wanted)]
            self._loop(ctx, pool, todo)
        finally:
            for w in pool:
                try:
                    if w.proc.is_alive() and w.batch is None:
                        w.conn.send(None)
                except OSError:
                    pass
                w.proc.join(2)
                w.stop()
        self._write_rows(batches)
        summary = {"summary": True, "batches": len(batches), "failed_batches": self.failed_batches,
                   "failed_items": self.failed_items,
                   "completed": sum(1 for b in batches if b["index"] in self.results), "aborted": self.aborted}
        with open(self.state_file, "a", encoding="utf-8") as fh:
            fh.write(json.dumps(summary) + "\n")
        if self.aborted:
            print(f"designer parallel: stopped: {self.aborted}", file=sys.stderr, flush=True)
            return 1
        print(f"designer parallel: {summary['completed']} of {len(batches)} mini-batches done, "
              f"{self.failed_batches} failed", file=sys.stderr, flush=True)
        return 0

    def _spawn(self, ctx: Any) -> _Worker:
        self._worker_seq += 1
        return _Worker(ctx, self.config, self.logs / f"worker_{self._worker_seq}.txt")

    def _loop(self, ctx: Any, pool: list[_Worker], todo: list[tuple[dict[str, Any], int]]) -> None:
        queue = list(todo)
        while pool and (queue or any(w.batch is not None for w in pool)):
            if self.aborted is not None and all(w.batch is None for w in pool):
                return
            for w in pool:
                if w.ready and w.batch is None and queue and self.aborted is None:
                    batch, attempt = queue.pop(0)
                    w.batch, w.started = dict(batch, attempt=attempt), time.monotonic()
                    w.deadline = w.started + self.timeout
                    w.conn.send(batch)
                    self.record(batch, "running", attempt=attempt, worker=w.proc.pid)
            deadlines = [w.deadline for w in pool if w.deadline is not None]
            wait_s = max(0.0, min(deadlines) - time.monotonic()) if deadlines else 1.0
            ready = wait([w.conn for w in pool] + [w.proc.sentinel for w in pool], timeout=min(wait_s, 1.0))
            next_pool: list[_Worker] = []
            for w in pool:
                message = None
                if w.conn in ready:
                    try:
                        message = w.conn.recv()
                    except (EOFError, OSError):
                        message = None
                if message is not None and "ready" in message:
                    w.ready = True
                    next_pool.append(w)
                    continue
                if message is not None and "init_error" in message:
                    self.aborted = f"init() failed in a worker: {message['init_error']}"
                    w.stop()
                    continue
                if message is not None and w.batch is not None:
                    self._finished(w, message, queue)
                    next_pool.append(w)
                    continue
                dead = not w.proc.is_alive()
                late = w.batch is not None and w.deadline is not None and time.monotonic() >= w.deadline
                if not (dead or late):
                    next_pool.append(w)
                    continue
                if dead and not w.ready:
                    self.aborted = (f"a worker process died while starting (exit code {w.proc.exitcode}); "
                                    "see its log")
                    w.stop()
                    continue
                reason = (f"timed out after {self.timeout:g} s (retry_settings.timeout)" if late and not dead
                          else f"the worker process died (exit code {w.proc.exitcode})")
                self._requeue_fail(w, queue, reason)
                w.stop()
                # a killed worker is replaced, and the new one runs init() again before its first batch
                next_pool.append(self._spawn(ctx))
            pool[:] = next_pool

    def _finished(self, w: _Worker, message: dict[str, Any], queue: list[tuple[dict[str, Any], int]]) -> None:
        batch = w.batch
        assert batch is not None
        duration = round(time.monotonic() - w.started, 3)
        if not message.get("ok"):
            self._requeue_fail(w, queue, str(message.get("error")), duration=duration)
            return
        rows = list(message.get("rows", []))
        # Azure counts the files a run() call returned no result for as failed items (error_threshold);
        # the batch itself is done and is not retried.
        short = max(0, int(batch["items"]) - int(message.get("returned", 0))) if "files" in batch else 0
        self.failed_items += short
        self.results[batch["index"]] = rows
        stored = self._stored(batch)
        if stored is not None:
            stored.parent.mkdir(parents=True, exist_ok=True)
            tmp = stored.with_suffix(".tmp")
            tmp.write_text(json.dumps({"rows": rows}), encoding="utf-8")
            os.replace(tmp, stored)
        extra = {"failed_items": short} if short else {}
        self.record(batch, "completed", retries=batch["attempt"], duration_s=duration, rows=len(rows), **extra)
        w.batch = w.deadline = None
        if self.aborted is None:
            self.aborted = self._threshold_hit()

    def _requeue_fail(self, w: _Worker, queue: list[tuple[dict[str, Any], int]], error: str, *,
                      duration: float | None = None) -> None:
        batch = w.batch
        w.batch = w.deadline = None
        if batch is None:
            return
        attempt = int(batch.pop("attempt", 0))
        if duration is None:
            duration = round(time.monotonic() - w.started, 3)
        if attempt < self.max_retries and self.aborted is None:
            self.record(batch, "retrying", retries=attempt, duration_s=duration, error=error)
            queue.append((batch, attempt + 1))
            return
        self.failed_batches += 1
        self.failed_items += int(batch["items"])
        self.record(batch, "failed", retries=attempt, duration_s=duration, error=error)
        if self.aborted is None:
            self.aborted = self._threshold_hit()

    def _write_rows(self, batches: list[dict[str, Any]]) -> None:
        target = self.config.get("append_row_to")
        out = Path(target) if target else self.work / DEFAULT_ROWS_FILE
        if out.is_dir() or (target and self.config.get("append_row_is_folder")):
            out.mkdir(parents=True, exist_ok=True)
            out = out / DEFAULT_ROWS_FILE
        out.parent.mkdir(parents=True, exist_ok=True)
        with open(out, "w", encoding="utf-8") as fh:
            for b in batches:  # mini-batch order, whatever order they finished in
                for row in self.results.get(b["index"], []):
                    fh.write(row.rstrip("\n") + "\n")


def main(argv: list[str] | None = None) -> int:
    """Command line entry: ``--config path``. Returns the exit code."""
    parser = argparse.ArgumentParser(description="Run a parallel step's entry script over mini-batches.")
    parser.add_argument("--config", required=True)
    args = parser.parse_args(argv)
    config = json.loads(Path(args.config).read_text(encoding="utf-8"))
    try:
        return Driver(config).run()
    except (OSError, ValueError, ImportError) as exc:
        print(f"designer parallel: {type(exc).__name__}: {exc}", file=sys.stderr, flush=True)
        return 1


if __name__ == "__main__":
    sys.exit(main())
