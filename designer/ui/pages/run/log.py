"""A step's log on the run page: stdout or stderr, searchable, followed live at a bounded cost.

Following a log costs the server the same small amount per tick whatever the step prints: the file
is read off the event loop (``read_chunk``, at most :data:`TICK_BYTES` a tick), a reader that falls
behind jumps to the end (the page says how much it skipped), at most :data:`TICK_LINES` lines are
pushed to the browser a tick and at most :data:`KEEP_LINES` are kept for the search. A step printing
4 MB/s therefore leaves the event loop, and every other page, as responsive as an idle one.
"""

from __future__ import annotations

import re
from collections.abc import Callable
from dataclasses import dataclass, field
from pathlib import Path
from urllib.parse import quote

from nicegui import ui

from designer.engine.artifacts import read_chunk
from designer.engine.events import STEP_FINAL
from designer.ui.format import human_size
from designer.ui.widgets import attrs, background, io, link

POLL_S = 0.5
SHOW_LINES = 1000  # lines the log view holds in the browser
KEEP_LINES = 5000  # lines kept on the server for the search
TAIL_BYTES = 256_000  # the first read of a log: its last 256 kB
TICK_BYTES = 256_000  # at most this much is read per tick...
BEHIND_BYTES = 1_000_000  # ...and a reader further behind than this jumps to the end
TICK_LINES = 200  # lines pushed to the browser per tick at most (nobody reads 400 lines a second)
LINE_CHARS = 4000  # a longer line is cut for display
ERROR_LINE = re.compile(r"^\S*(Error|Exception)\b|^Error:|^Traceback \(most recent call last\)")


@dataclass
class LogRead:
    """What one read of a log brought: whole new lines, the next offset, and bytes skipped."""

    lines: list[str]
    offset: int
    skipped: int = 0
    rest: str = ""  # a last line not finished yet (kept until its newline arrives)


def read_new(path: Path, offset: int, rest: str, *, first: bool, final: bool) -> LogRead:
    """Read what ``path`` holds after ``offset`` at a bounded cost (blocking: call off the loop).

    The first read starts :data:`TAIL_BYTES` before the end; a later read more than
    :data:`BEHIND_BYTES` behind jumps to the last :data:`TICK_BYTES` (``skipped`` says how many bytes
    were left out). Only whole lines are returned unless ``final`` (the step has ended).
    """
    try:
        size = path.stat().st_size
    except OSError:
        return LogRead([], offset, 0, rest)
    skipped = 0
    if size < offset:  # the file was replaced: start again
        offset, rest = 0, ""
    window = TAIL_BYTES if first else TICK_BYTES
    if (first and size > TAIL_BYTES) or (not first and size - offset > BEHIND_BYTES):
        start = size - window
        skipped, offset, rest = start - offset, start, ""
    text, new_offset = read_chunk(path, offset, max_bytes=window)
    if skipped:  # the window starts inside a line: drop that part line
        cut = text.find("\n")
        text = text[cut + 1:] if cut >= 0 else ""
    text = rest + text
    if final and new_offset >= size:
        lines, rest = text.splitlines(), ""
    else:
        cut = text.rfind("\n")
        lines, rest = (text[:cut].split("\n") if cut >= 0 else []), text[cut + 1:]
    return LogRead([line[:LINE_CHARS] for line in lines], new_offset, skipped, rest)


@dataclass
class _State:
    stream: str
    lines: list[str] = field(default_factory=list)
    offset: int = 0
    rest: str = ""
    skipped: int = 0
    query: str = ""
    loading: bool = False
    download: str | None = None


class LogView:
    """The log tab of one step: a stream toggle, a search, a download, and the tail of the log.

    ``current_state()`` answers the step's state now (the page keeps it fresh); while it is not
    final the view follows the file, until :meth:`stop`.
    """

    def __init__(self, paths: dict[str, Path], default: str, current_state: Callable[[], str],
                 url_of: Callable[[Path], str | None], log_from_run: str | None = None) -> None:
        self.paths = paths
        self.current_state = current_state
        self.url_of = url_of
        self.state = _State(default)
        self.timer: ui.timer | None = None
        if log_from_run:
            with ui.row().classes("items-center gap-1 designer-muted text-caption"):
                ui.icon("recycling")
                ui.label("Reused: this is the log of run")
                link(log_from_run, f"/runs/{quote(log_from_run)}")
        with ui.row().classes("w-full items-center no-wrap gap-2"):
            stream = ui.toggle({"stdout": "stdout", "stderr": "stderr"}, value=default).props(
                'dense no-caps unelevated toggle-color=primary data-testid="log-stream"')
            search = ui.input(placeholder="Search the log").props(
                'dense outlined clearable debounce=250 data-testid="log-search"').classes("grow")
            with search.add_slot("prepend"):
                ui.icon("search", size="18px")
            self.download = ui.button(icon="download").props('flat round dense data-testid="log-download"')
            self.download.tooltip("Download the whole log")
        self.info = attrs(ui.label().classes("text-caption designer-muted"), data_testid="log-info")
        # no max_lines: ui.log would drop the oldest line one update at a time; _append trims in one go
        self.log = attrs(ui.log().classes("step-log w-full grow"), data_testid="step-log")
        stream.on_value_change(lambda e: background(self.switch(e.value)))
        search.on_value_change(lambda e: self.on_search(e.value))
        self.download.on_click(lambda: ui.download(self.state.download) if self.state.download else None)
        self._set_download()
        background(self.load(first=True))
        if current_state() not in STEP_FINAL:
            self.timer = ui.timer(POLL_S, self.tick)

    # ------------------------------------------------------------------------------------ reading

    def path(self) -> Path | None:
        """The file of the stream shown."""
        return self.paths.get(self.state.stream)

    async def load(self, *, first: bool = False) -> None:
        """Read what is new (off the loop) and show it; one read at a time."""
        st = self.state
        p = self.path()
        if p is None or st.loading:
            return
        st.loading = True
        stream_before = st.stream
        try:
            final = self.current_state() in STEP_FINAL
            got = await io(read_new, p, st.offset, st.rest, first=first, final=final)
        finally:
            st.loading = False
        if self.log.is_deleted or stream_before != st.stream:
            return
        st.offset, st.rest = got.offset, got.rest
        st.skipped += got.skipped
        if got.skipped and not first:
            # fell behind: what is shown is no longer contiguous with what comes now
            st.lines.clear()
            self.log.clear()
        st.lines.extend(got.lines)
        del st.lines[:-KEEP_LINES]
        if first:
            self.rerender()
            return
        # each line is one element in the browser: a tick pushes at most TICK_LINES of them
        self._append([line for line in got.lines if self._matches(line)][-TICK_LINES:])
        self.describe()

    async def tick(self) -> None:
        """One tick of following the log; the last one reads what was written last, whole."""
        if self.log.is_deleted:
            self.stop()
            return
        await self.load()
        if self.current_state() in STEP_FINAL:
            await self.load()
            self.stop()
            self.describe()

    def stop(self) -> None:
        """Stop following (safe to call more than once)."""
        if self.timer is not None:
            self.timer.cancel()
            self.timer = None

    # ------------------------------------------------------------------------------------ showing

    def _matches(self, line: str) -> bool:
        q = self.state.query
        return not q or q.lower() in line.lower()

    def _line_class(self, line: str) -> str | None:
        if self.state.query:
            return "log-match"
        return "log-err" if ERROR_LINE.search(line) else None

    def rerender(self) -> None:
        """Show the kept lines again (after a search or a stream switch)."""
        self.log.clear()
        self._append([line for line in self.state.lines if self._matches(line)][-SHOW_LINES:])
        self.describe()

    def _append(self, lines: list[str]) -> None:
        """Push ``lines`` and drop the oldest beyond :data:`SHOW_LINES`, with one update for all."""
        for line in lines:
            self.log.push(line, classes=self._line_class(line))
        children = self.log.default_slot.children
        excess = len(children) - SHOW_LINES
        if excess > 0:
            self.log.client.remove_elements(children[:excess])
            del children[:excess]
            self.log.update()

    def describe(self) -> None:
        """The line under the controls: how many lines, what was left out, whether it follows live."""
        st = self.state
        running = self.current_state() not in STEP_FINAL
        parts = []
        if st.query:
            parts.append(f"{sum(1 for line in st.lines if self._matches(line))} of {len(st.lines)} lines match")
        elif not st.lines:
            parts.append("running, nothing written yet" if running else "empty")
        else:
            parts.append(f"{len(st.lines)} lines")
        if st.skipped:
            parts.append(f"{human_size(st.skipped)} not shown; download the log")
        if running and self.timer is not None:
            parts.append("following live")
        self.info.text = " · ".join(parts)

    async def switch(self, stream: str) -> None:
        """Show the other stream from its end."""
        self.state = _State(stream, query=self.state.query)
        self.log.clear()
        self._set_download()
        await self.load(first=True)

    def on_search(self, value: str | None) -> None:
        """Keep only the lines holding ``value``."""
        self.state.query = (value or "").strip()
        self.rerender()

    def _set_download(self) -> None:
        p = self.path()
        url = self.url_of(p) if p is not None else None
        self.download.set_enabled(url is not None)
        self.state.download = url
