"""A real sweep and a real parallel step run from the designer in Chromium: the sweep card's trials
progress and best value change as trials finish, the run page's Trials tab lists every trial and sorts
by the metric, a trial's Log button opens its log; the parallel card's mini-batch bar fills and counts
a failed batch, and the Mini-batches tab lists each batch with its error and the workers' logs."""

from __future__ import annotations

import sys
import time
from pathlib import Path
from typing import Any

import pytest

from tests.e2e.nocode import shots

sys.path.insert(0, str(Path(__file__).resolve().parents[1] / "engine" / "sweep"))
sys.path.insert(0, str(Path(__file__).resolve().parents[1] / "cli"))
import test_runs_show_children as parallel_case
import test_sweep_run as sweep_case

pytestmark = pytest.mark.e2e


def open_designer(page: Any, url: str, count: int) -> None:
    page.goto(url)
    page.wait_for_function(
        """count => {
            const nodes = document.querySelectorAll('.vue-flow__node');
            return nodes.length === count && [...nodes].every(n => n.style.visibility === 'visible');
        }""",
        arg=count,
        timeout=60_000,
    )


def progress_of(page: Any, job: str) -> dict[str, str]:
    return page.evaluate(
        """job => {
            const el = document.querySelector(`[data-testid=node][data-job="${job}"] [data-testid=progress]`);
            if (!el) return null;
            const best = el.querySelector('[data-testid=progress-best-value]');
            return {...el.dataset, count: el.querySelector('[data-testid=progress-count]').textContent.trim(),
                    best_text: best ? best.textContent.trim() : ''};
        }""",
        job,
    )


def watch(page: Any, job: str, deadline_s: float = 240) -> list[dict[str, str]]:
    """The card's progress as it changes, until the run's state leaves running."""
    seen: list[dict[str, str]] = []
    deadline = time.monotonic() + deadline_s
    while time.monotonic() < deadline:
        now = progress_of(page, job)
        if now is not None and (not seen or now != seen[-1]):
            seen.append(now)
        state = page.get_by_test_id("run-status").get_attribute("data-status")
        if state in ("completed", "failed", "canceled"):
            break
        time.sleep(0.1)
    final = progress_of(page, job)
    if final is not None and (not seen or final != seen[-1]):
        seen.append(final)
    return seen


def only_run(ws: Path) -> str:
    runs = sorted(p.name for p in (ws / ".designer" / "runs").iterdir() if p.is_dir())
    assert len(runs) == 1, runs
    return runs[0]


def test_sweep_progress_on_the_card_and_the_trials_tab(page: Any, designer_server: Any, tmp_path: Path,
                                                      monkeypatch: pytest.MonkeyPatch) -> None:
    ws = tmp_path / "ws"
    ws.mkdir()
    sweep_case.write(ws, total=4)
    (ws / "pipe.yml").write_text((ws / "pipe.yml").read_text().replace("epochs: 3", "epochs: 5"))
    monkeypatch.setenv("EPOCH_S", "0.4")  # trials take a few seconds, so their progress can be watched
    server = designer_server(workspace=ws)

    open_designer(page, f"{server.url}/designer?file=pipe.yml", 2)
    before = progress_of(page, "tune")
    assert before is not None and before["count"] == "0/4 trials" and before["unit"] == "trials"
    assert page.locator('[data-job="tune"] [data-testid=progress-best]').inner_text().strip().endswith("no accuracy yet")

    page.get_by_test_id("run-button").click()
    seen = watch(page, "tune")
    assert page.get_by_test_id("run-status").get_attribute("data-status") == "completed", server.output()[-3000:]
    assert any(int(p["running"]) > 0 and int(p["done"]) < 4 for p in seen), seen  # seen while trials ran
    assert any(0 < int(p["done"]) < 4 for p in seen), seen  # and part-way through
    final = seen[-1]
    assert final["count"] == "4/4 trials" and final["running"] == "0" and final["failed"] == "0"
    best = float(final["best"])
    assert final["best_text"] and abs(float(final["best_text"]) - best) < 1e-3
    # the best so far only improves (the objective maximizes)
    bests = [float(p["best"]) for p in seen if p.get("best")]
    assert bests == sorted(bests)

    # the runs list counts the sweep as one step (2 steps, not 2 + its 4 trials); the run page says both
    run_id = only_run(ws)
    page.goto(f"{server.url}/runs")
    row = page.locator(f'[data-testid=run-row][data-run="{run_id}"]')
    row.wait_for(timeout=30_000)
    assert row.get_by_test_id("run-steps").inner_text().strip() == "2"
    shots(page, "sweep-runs-list")
    row.locator("a.runs-link").first.click()
    page.wait_for_url(f"**/runs/{run_id}", timeout=30_000)
    assert page.get_by_test_id("run-step-count").inner_text().strip() == "2 steps"
    assert page.get_by_test_id("run-trial-count").inner_text().strip() == "4 trials"
    shots(page, "sweep-run-header")
    # the steps list shows the sweep once, with its trials' progress; the trials are in the Trials tab
    page.get_by_test_id("step-item").nth(1).wait_for(timeout=30_000)
    assert [page.get_by_test_id("step-item").nth(i).get_attribute("data-step") for i in range(2)] == ["tune", "report"]
    assert page.get_by_test_id("step-item").count() == 2
    assert "4/4 trials · best accuracy" in page.get_by_test_id("step-item").nth(0).inner_text()
    page.get_by_test_id("tab-trials").click()
    rows = page.get_by_test_id("trial-row")
    rows.nth(3).wait_for(timeout=30_000)
    assert rows.count() == 4
    assert page.get_by_test_id("trials-best-note").is_visible()
    header = page.locator("[data-testid=trials-table] th", has_text="accuracy")
    header.click()  # ascending
    page.wait_for_function("""() => {
        const v = [...document.querySelectorAll('[data-testid=trial-row]')].map(r => +r.dataset.value);
        return v.length === 4 && v.every((x, i) => i === 0 || v[i - 1] <= x);
    }""", timeout=10_000)
    header.click()  # descending: the best trial first, marked
    page.wait_for_function("""() => {
        const v = [...document.querySelectorAll('[data-testid=trial-row]')].map(r => +r.dataset.value);
        return v.length === 4 && v.every((x, i) => i === 0 || v[i - 1] >= x);
    }""", timeout=10_000)
    first = rows.nth(0)
    assert first.get_attribute("data-best") == "true"
    assert abs(float(first.get_attribute("data-value")) - best) < 1e-9
    assert page.locator("[data-testid=trial-row][data-best=true]").count() == 1
    assert page.get_by_test_id("trials-chart-over").is_visible()
    assert page.get_by_test_id("trials-chart-param").count() == 2  # c and kernel
    # a trial's Log button opens its own log in the step panel
    trial = first.get_attribute("data-trial")
    first.get_by_test_id("trial-log").click()
    page.locator(f'[data-testid=step-title][data-step="tune/{trial}"]').wait_for(timeout=15_000)
    page.get_by_test_id("step-log").get_by_text("trained", exact=False).first.wait_for(timeout=15_000)


def test_parallel_progress_on_the_card_and_the_mini_batches_tab(page: Any, designer_server: Any, tmp_path: Path,
                                                               monkeypatch: pytest.MonkeyPatch) -> None:
    ws = tmp_path / "ws"
    ws.mkdir()
    parallel_case.parallel_ws(ws, 10)
    monkeypatch.setenv("BATCH_S", "0.4")
    monkeypatch.setenv("BREAK", "1")  # f03 fails (twice: one retry); the threshold of -1 ignores it
    server = designer_server(workspace=ws)

    open_designer(page, f"{server.url}/designer?file=pipe.yml", 1)
    assert progress_of(page, "score") is None  # the number of mini-batches is known once it runs
    page.get_by_test_id("run-button").click()
    seen = watch(page, "score")
    assert page.get_by_test_id("run-status").get_attribute("data-status") == "completed", server.output()[-3000:]
    assert all(p["unit"] == "batches" and p["total"] == "10" for p in seen), seen
    assert any(0 < int(p["done"]) < 9 for p in seen), seen  # the bar filled while the step ran
    final = seen[-1]
    assert (final["done"], final["failed"], final["running"]) == ("9", "1", "0"), final
    assert final["count"] == "9/10 mini-batches"
    assert page.locator('[data-job="score"] [data-testid=progress-failed]').inner_text().strip() == "1 failed"

    page.goto(f"{server.url}/runs/{only_run(ws)}")
    page.get_by_test_id("tab-batches").click()
    rows = page.get_by_test_id("batch-row")
    rows.nth(9).wait_for(timeout=30_000)
    assert rows.count() == 10
    failed = page.locator("[data-testid=batch-row][data-status=failed]")
    assert failed.count() == 1 and failed.get_attribute("data-batch") == "3"
    assert "bad file f03" in failed.inner_text()
    assert page.get_by_test_id("batches-summary").inner_text().startswith("9/10 mini-batches done · 1 failed")
    logs = page.get_by_test_id("worker-log")
    assert logs.count() >= 1
    logs.first.click()
    page.locator(".batches-log").first.wait_for(timeout=10_000)


def open_followed_run(page: Any, job: str) -> None:
    """As a person does after a run: select the step's card, then "Run details →" in its panel, which
    opens the page of the run the designer follows at that step; wait for the card there to say reused
    (the failure says what it says instead, and on which run's page)."""
    page.locator(f"[data-testid=node][data-job={job}]").click()
    link = page.get_by_test_id("run-details")
    link.wait_for(timeout=30_000)
    link.click()
    page.wait_for_url("**/runs/**", timeout=30_000)
    card = page.locator(f"[data-testid=node][data-job={job}]")
    try:
        card.and_(page.locator("[data-status=cached]")).wait_for(timeout=60_000)
    except Exception as exc:
        status = card.get_attribute("data-status", timeout=1_000) if card.count() else "no card"
        raise AssertionError(f"{page.url}: {job}'s card is {status!r}, not 'cached'") from exc


def test_a_reused_sweep_and_parallel_step_keep_their_progress_on_the_card(page: Any, designer_server: Any,
                                                                          tmp_path: Path) -> None:
    """Run twice with nothing changed: the second run reuses the sweep and the parallel step whole, and
    their cards still say how many trials / mini-batches there were and the best value, marked reused."""
    ws = tmp_path / "ws"
    ws.mkdir()
    sweep_case.write(ws, total=4)
    server = designer_server(workspace=ws)
    open_designer(page, f"{server.url}/designer?file=pipe.yml", 2)
    page.get_by_test_id("run-button").click()
    page.locator('[data-testid=node][data-job=tune][data-status=completed]').wait_for(timeout=240_000)
    page.get_by_test_id("run-status").and_(page.locator("[data-status=completed]")).wait_for(timeout=60_000)
    first = progress_of(page, "tune")
    assert first["count"] == "4/4 trials" and first["best_text"], first

    page.get_by_test_id("run-button").click()
    page.locator('[data-testid=node][data-job=tune][data-status=cached]').wait_for(timeout=240_000)
    page.get_by_test_id("run-status").and_(page.locator("[data-status=completed]")).wait_for(timeout=60_000)
    # what the card shows is this run's (not what the first run left on it): open the second run's page
    open_followed_run(page, "tune")
    reused = progress_of(page, "tune")
    assert reused is not None, "the reused sweep's card shows no progress"
    assert (reused["count"], reused["done"], reused["running"], reused["failed"]) == ("4/4 trials", "4", "0", "0")
    assert reused["best_text"] == first["best_text"] and reused["best"] == first["best"]
    card = page.locator("[data-testid=node][data-job=tune]")
    assert "Reused" in card.inner_text()
    shots(page, "sweep-reused-card")
    # and the designer opened afresh shows the newest run, the reused sweep with its trials
    open_designer(page, f"{server.url}/designer?file=pipe.yml", 2)
    page.locator('[data-testid=node][data-job=tune][data-status=cached]').wait_for(timeout=60_000)
    assert progress_of(page, "tune")["count"] == "4/4 trials"

    par = tmp_path / "par"
    par.mkdir()
    parallel_case.parallel_ws(par, 6)
    server = designer_server(workspace=par)
    open_designer(page, f"{server.url}/designer?file=pipe.yml", 1)
    page.get_by_test_id("run-button").click()
    page.locator('[data-testid=node][data-job=score][data-status=completed]').wait_for(timeout=240_000)
    page.get_by_test_id("run-status").and_(page.locator("[data-status=completed]")).wait_for(timeout=60_000)
    page.get_by_test_id("run-button").click()
    page.locator('[data-testid=node][data-job=score][data-status=cached]').wait_for(timeout=240_000)
    page.get_by_test_id("run-status").and_(page.locator("[data-status=completed]")).wait_for(timeout=60_000)
    open_followed_run(page, "score")
    batches = progress_of(page, "score")
    assert batches is not None, "the reused parallel step's card shows no progress"
    assert (batches["count"], batches["failed"], batches["running"]) == ("6/6 mini-batches", "0", "0"), batches
    assert "Reused" in page.locator("[data-testid=node][data-job=score]").inner_text()
    shots(page, "parallel-reused-card")


def test_an_early_termination_policy_set_in_the_form_stops_a_trial_on_the_canvas(
        page: Any, designer_server: Any, tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    """A person sets a bandit policy in the sweep form and presses Run: the poor trial is stopped early,
    the card says so, and the Trials tab marks it."""
    ws = tmp_path / "ws"
    ws.mkdir()
    sweep_case.write(ws, sampling="grid", total=10, c="{type: choice, values: [0.6]}")
    pipe = ws / "pipe.yml"
    pipe.write_text(pipe.read_text().replace("max_concurrent_trials: 2", "max_concurrent_trials: 1")
                    .replace("values: [linear, rbf]", "values: [rbf, linear]").replace("epochs: 3", "epochs: 20"))
    monkeypatch.setenv("EPOCH_S", "0.15")
    server = designer_server(workspace=ws)
    open_designer(page, f"{server.url}/designer?file=pipe.yml", 2)
    page.locator("[data-testid=node][data-job=tune]").click()
    page.get_by_test_id("sweep-policy").click()
    page.locator(".q-menu .q-item", has_text="Bandit").first.click()
    page.get_by_test_id("sweep-slack-kind").wait_for(timeout=15_000)
    page.get_by_test_id("sweep-slack-kind").click()
    page.locator(".q-menu .q-item", has_text="By an amount").first.click()
    page.get_by_test_id("sweep-slack-kind").get_by_text("By an amount").wait_for(timeout=15_000)
    for testid, text in (("sweep-slack", "0.05"), ("sweep-delay", "2")):
        box = page.locator(f'[data-testid="{testid}"] input, input[data-testid="{testid}"]').first
        box.click()
        box.fill(text)
        box.press("Enter")
        page.wait_for_function("""([id, value]) => {
            const el = document.querySelector(`input[data-testid="${id}"], [data-testid="${id}"] input`);
            return el && el.value === value;
        }""", arg=[testid, text], timeout=15_000)
    page.get_by_test_id("save-button").click()
    page.get_by_text("Saved pipe.yml").first.wait_for(timeout=15_000)
    assert "early_termination:" in pipe.read_text()

    page.get_by_test_id("run-button").click()
    watch(page, "tune")
    assert page.get_by_test_id("run-status").get_attribute("data-status") == "completed", server.output()[-3000:]
    final = progress_of(page, "tune")
    assert final["count"] == "1/2 trials" and final["failed"] == "0", final
    card = page.locator('[data-testid=node][data-job=tune] [data-testid=progress]')
    assert "1 stopped early" in card.inner_text()
    shots(page, "sweep-stopped-early-card")

    page.goto(f"{server.url}/runs/{only_run(ws)}")
    page.get_by_test_id("tab-trials").click()
    page.get_by_test_id("trial-row").nth(1).wait_for(timeout=30_000)
    states = [page.get_by_test_id("trial-row").nth(i).locator("[data-status]").first.get_attribute("data-status")
              for i in range(2)]
    assert sorted(states) == ["completed", "stopped"], states
    assert page.locator("[data-testid=trial-row]", has_text="Stopped early").count() == 1
