"""The job helper: a newer job supersedes, cancel and leaving stop the work, errors and
streamed items arrive as reports, and bursts of items are coalesced."""

from __future__ import annotations

import threading
import time

from textual.app import App
from textual.screen import Screen
from textual.widgets import Static

from reader.errors import ReaderError
from reader.jobs import STREAM_INTERVAL, CancelToken, JobReport, Jobs, failure_text
from tests.ui._translation import wait_until
from tests.ui.helpers import settle


class Owner(Static):
    """Records every report it gets."""

    def __init__(self) -> None:
        super().__init__()
        self.jobs = Jobs(self)
        self.reports: list[JobReport] = []

    def on_job_report(self, report: JobReport) -> None:
        self.reports.append(report)


class JobsApp(App):
    def compose(self):
        yield Owner()

    @property
    def owner(self) -> Owner:
        return self.query_one(Owner)


def held(gate: threading.Event, seen: list):
    def work(token: CancelToken, value: str) -> str:
        seen.append(token)
        gate.wait(timeout=10)
        return value.upper()

    return work


async def test_a_result_arrives_as_one_report_with_its_key():
    app = JobsApp()
    async with app.run_test() as pilot:
        app.owner.jobs.start("slot", ("a", 1), lambda token, x: x * 2, 21)
        await settle(pilot)
        [report] = app.owner.reports
        assert (report.slot, report.key, report.result, report.error, report.done) == (
            "slot", ("a", 1), 42, None, True)
        assert app.owner.jobs.wanted("slot") == ("a", 1)


async def test_a_newer_job_supersedes_the_older_whose_result_is_never_seen():
    app = JobsApp()
    gate, seen = threading.Event(), []
    async with app.run_test() as pilot:
        jobs = app.owner.jobs
        first = jobs.start("slot", "first", held(gate, seen), "old")
        await wait_until(pilot, lambda: seen, "the first job never ran")
        second = jobs.start("slot", "second", held(gate, seen), "new")
        assert first.cancelled and not second.cancelled
        gate.set()
        await settle(pilot)
        assert [(r.key, r.result) for r in app.owner.reports] == [("second", "NEW")]


async def test_other_slots_run_side_by_side():
    app = JobsApp()
    async with app.run_test() as pilot:
        app.owner.jobs.start("a", 1, lambda token: "A")
        app.owner.jobs.start("b", 2, lambda token: "B")
        await settle(pilot)
        assert sorted(r.result for r in app.owner.reports) == ["A", "B"]


async def test_cancel_stops_the_job_runs_its_callback_and_drops_its_result():
    app = JobsApp()
    gate, seen, stopped = threading.Event(), [], []
    async with app.run_test() as pilot:
        token = app.owner.jobs.start("slot", "k", held(gate, seen), "x")
        token.on_cancel(lambda: stopped.append("terminated"))
        await wait_until(pilot, lambda: seen, "the job never ran")
        app.owner.jobs.cancel("slot")
        assert seen[0].cancelled and stopped == ["terminated"]
        assert app.owner.jobs.wanted("slot") is None
        gate.set()
        await settle(pilot)
        assert app.owner.reports == []
        late = []
        token.on_cancel(lambda: late.append(1))
        assert late == [1]


async def test_leaving_the_screen_cancels_its_jobs():
    class Leaving(Screen):
        def compose(self):
            yield Owner()

    app = JobsApp()
    gate, seen = threading.Event(), []
    async with app.run_test() as pilot:
        screen = Leaving()
        await app.push_screen(screen)
        owner = screen.query_one(Owner)
        token = owner.jobs.start("slot", "k", held(gate, seen), "x")
        await wait_until(pilot, lambda: seen, "the job never ran")
        await app.pop_screen()
        await pilot.pause()
        assert token.cancelled
        gate.set()
        await settle(pilot)
        assert owner.reports == []


async def test_an_error_is_a_report_and_worded_by_one_function():
    def broken(token):
        raise ValueError("bad \x1b[2J [bold]input[/]")

    def refused(token):
        raise ReaderError("no model for xx")

    app = JobsApp()
    async with app.run_test() as pilot:
        app.owner.jobs.start("broken", 1, broken)
        app.owner.jobs.start("refused", 2, refused)
        await settle(pilot)
        errors = {r.slot: r.error for r in app.owner.reports}
        assert all(r.failed and r.done for r in app.owner.reports)
        assert failure_text(errors["broken"], "parse") == (
            "could not parse: ValueError: bad ␛[2J [bold]input[/]")
        assert failure_text(errors["refused"], "translate") == "no model for xx"
        assert app.is_running


async def test_a_stream_is_reported_in_few_batches_in_order_then_done():
    def burst(token, count):
        for number in range(count):
            time.sleep(0.0005)
            yield number

    app = JobsApp()
    async with app.run_test() as pilot:
        app.owner.jobs.start("stream", "k", burst, 400, stream=True)
        await settle(pilot)
        reports = app.owner.reports
        assert [n for r in reports for n in r.items] == list(range(400))
        assert [r.done for r in reports] == [False] * (len(reports) - 1) + [True]
        assert len(reports) < 100
        stamps = [r.time for r in reports[:-1]]
        assert all(b - a >= STREAM_INTERVAL * 0.8 for a, b in zip(stamps, stamps[1:]))


async def test_a_streamed_item_is_shown_without_waiting_for_the_next():
    gate = threading.Event()

    def slow(token):
        yield "first"
        gate.wait(timeout=10)
        yield "second"

    app = JobsApp()
    async with app.run_test() as pilot:
        app.owner.jobs.start("stream", "k", slow, stream=True)
        await wait_until(pilot, lambda: app.owner.reports, "the first item never came")
        assert app.owner.reports[0].items == ["first"] and not app.owner.reports[0].done
        gate.set()
        await settle(pilot)
        assert [n for r in app.owner.reports for n in r.items] == ["first", "second"]


async def test_a_cancelled_stream_stops_between_items_and_closes_the_generator():
    gate, closed, produced = threading.Event(), [], []

    def endless(token):
        try:
            number = 0
            while True:
                produced.append(number)
                yield number
                number += 1
                if number == 3:
                    gate.wait(timeout=10)
        finally:
            closed.append(True)

    app = JobsApp()
    async with app.run_test() as pilot:
        app.owner.jobs.start("stream", "k", endless, stream=True)
        await wait_until(pilot, lambda: len(produced) >= 3, "the stream never started")
        app.owner.jobs.cancel("stream")
        gate.set()
        await wait_until(pilot, lambda: closed, "the generator was not closed")
        assert len(produced) <= 4


async def test_a_delayed_job_superseded_meanwhile_never_runs():
    calls = []

    def work(token, name):
        calls.append(name)
        return name

    app = JobsApp()
    async with app.run_test() as pilot:
        app.owner.jobs.start("slot", 1, work, "first", delay=30)
        await pilot.pause(0.05)
        app.owner.jobs.start("slot", 2, work, "second", delay=0.05)
        await settle(pilot)
        assert calls == ["second"]
        assert [r.result for r in app.owner.reports] == ["second"]
