"""A heartbeat on the GUI thread, and a sampler that says what that thread was doing when a beat was late.

py-spy is not available here, so a plain thread does the sampling: every
millisecond it looks at the time of the last beat and, once the beat is late by
more than ``late_s``, records the GUI thread's Python stack.  Qt's own C++ work
shows as the Python frame that called into Qt (often qasync's loop).  The sampler
takes the GIL only briefly; it runs during every measurement so that its small
cost is part of the figures rather than hidden from them.
"""

from __future__ import annotations

import gc
import itertools
import sys
import threading
import time
from collections import Counter
from pathlib import Path
from types import FrameType

from PySide6.QtCore import QObject, Qt, QTimer

from bench._common import REPO, percentile

_FRAMES_KEPT = 5


class Heartbeat(QObject):
    """A precise 5 ms QTimer whose every beat is time-stamped; gaps between beats are the stalls."""

    def __init__(self, interval_ms: int = 5) -> None:
        super().__init__()
        self.beats: list[float] = []
        # The GUI thread's own CPU time at each beat: a late beat with little CPU in its gap means the
        # thread was not running (another process had the core), not that the app was busy.
        self.cpu: list[float] = []
        self._timer = QTimer(self)
        self._timer.setTimerType(Qt.TimerType.PreciseTimer)
        self._timer.setInterval(interval_ms)
        self._timer.timeout.connect(self._beat)
        self.sampler = StallSampler(self)
        self.collections: list[tuple[int, float]] = []  # (generation, ms) of each garbage collection
        self._collecting_since = 0.0

    def _beat(self) -> None:
        self.beats.append(time.perf_counter())
        self.cpu.append(time.thread_time())

    def start(self) -> None:
        self.beats, self.cpu = [time.perf_counter()], [time.thread_time()]
        self.collections = []
        gc.callbacks.append(self._on_collection)
        self.sampler.start()
        self._timer.start()

    def stop(self) -> None:
        self._timer.stop()
        self._beat()  # a stall at the very end counts too
        self.sampler.stop()
        gc.callbacks.remove(self._on_collection)

    def _on_collection(self, phase: str, info: dict[str, int]) -> None:
        # The cyclic collector holds the GIL throughout, so the sampler cannot see it: time it directly.
        if phase == "start":
            self._collecting_since = time.perf_counter()
        else:
            self.collections.append(
                (info["generation"], (time.perf_counter() - self._collecting_since) * 1000)
            )

    def gaps_ms(self) -> list[float]:
        return _differences_ms(self.beats)

    def summary(self) -> dict[str, float]:
        gaps, busy = self.gaps_ms(), _differences_ms(self.cpu)
        late = [(gap, cpu) for gap, cpu in zip(gaps, busy, strict=True) if gap > 16]
        return {
            "max_ms": max(gaps),
            "p99_ms": percentile(gaps, 0.99),
            "beats": len(gaps),
            "over_16_ms": len(late),
            "over_50_ms": sum(gap > 50 for gap in gaps),
            # Within the gaps over 16 ms: how much of that time the GUI thread was actually computing.
            "late_ms": sum(gap for gap, _ in late),
            "late_cpu_ms": sum(cpu for _, cpu in late),
            "max_cpu_ms": max(busy),
            "p99_cpu_ms": percentile(busy, 0.99),
            "collections": len(self.collections),
            "full_collections": sum(generation == 2 for generation, _ in self.collections),
            "longest_collection_ms": max((ms for _, ms in self.collections), default=0.0),
        }

    def longest_gaps(self, count: int = 5) -> list[str]:
        """The longest gaps: when they came, how much of them the GUI thread computed, and on what."""
        gaps, busy = self.gaps_ms(), _differences_ms(self.cpu)
        longest = sorted(range(len(gaps)), key=gaps.__getitem__, reverse=True)[:count]
        lines = []
        for index in sorted(longest):
            stacks = self.sampler.stacks_in_gap(index)
            seen = stacks.most_common(1)[0] if stacks else None
            where = (
                f"mostly {' → '.join(seen[0][-3:])} ({seen[1]} of {stacks.total()} samples)" if seen else ""
            )
            lines.append(
                f"- at +{self.beats[index] - self.beats[0]:.2f} s: {gaps[index]:.0f} ms, "
                f"GUI thread computing {busy[index]:.0f} ms of it; {where or 'no sample'}"
            )
        return lines


class StallSampler:
    """Samples the GUI thread's stack while a heartbeat is overdue."""

    def __init__(self, heartbeat: Heartbeat, late_s: float = 0.016, every_s: float = 0.001) -> None:
        self._heartbeat = heartbeat
        self._late_s = late_s
        self._every_s = every_s
        self._gui_thread = threading.main_thread().ident
        self._running = False
        self._thread: threading.Thread | None = None
        self.samples: Counter[tuple[str, ...]] = Counter()
        self._by_gap: dict[int, Counter[tuple[str, ...]]] = {}

    def start(self) -> None:
        self.samples.clear()
        self._by_gap.clear()
        self._running = True
        self._thread = threading.Thread(target=self._run, name="stall-sampler", daemon=True)
        self._thread.start()

    def stop(self) -> None:
        self._running = False
        if self._thread is not None:
            self._thread.join()

    def _run(self) -> None:
        while self._running:
            time.sleep(self._every_s)
            beats = self._heartbeat.beats
            if beats and time.perf_counter() - beats[-1] > self._late_s:
                gap = len(beats) - 1  # the gap that follows the last beat
                frame = sys._current_frames().get(self._gui_thread)
                if frame is not None:
                    stack = _stack(frame)
                    self.samples[stack] += 1
                    self._by_gap.setdefault(gap, Counter())[stack] += 1

    def stacks_in_gap(self, gap: int) -> Counter[tuple[str, ...]]:
        return self._by_gap.get(gap, Counter())

    def report(self, top: int = 6) -> list[str]:
        """The most sampled stacks while the GUI thread was late, innermost frame last."""
        total = sum(self.samples.values())
        if not total:
            return ["No sample was taken while a beat was more than 16 ms late."]
        lines = [f"{total} samples (1 ms apart) taken while a beat was more than 16 ms late; most frequent:"]
        for stack, count in self.samples.most_common(top):
            lines.append(f"- {count / total:.0%}: " + " → ".join(stack))
        return lines


def _differences_ms(moments: list[float]) -> list[float]:
    return [(later - earlier) * 1000 for earlier, later in itertools.pairwise(moments)]


QT_EVENT_LOOP = "inside Qt's event loop, no Python running (C++ layout, painting, style; or not scheduled)"


def _stack(frame: FrameType) -> tuple[str, ...]:
    """The innermost frames, as file:function:line (innermost last)."""
    if frame.f_code.co_name == "run_forever" and "qasync" in frame.f_code.co_filename:
        return (QT_EVENT_LOOP,)
    frames: list[str] = []
    current: FrameType | None = frame
    while current is not None and len(frames) < 40:
        frames.append(_where(current))
        current = current.f_back
    frames.reverse()
    return tuple(frames[-_FRAMES_KEPT:])


def _where(frame: FrameType) -> str:
    path = Path(frame.f_code.co_filename)
    try:
        name = str(path.relative_to(REPO))
    except ValueError:
        # Outside the repository: the library's own folder name is enough (qasync, httpx, json…).
        name = "/".join(path.parts[-2:])
    return f"{name}:{frame.f_code.co_name}:{frame.f_lineno}"
