"""A first-come-first-served admission gate with bounded concurrency (a fair replacement for a semaphore)."""
from __future__ import annotations

import threading
from collections import deque


class FifoGate:
    """At most `capacity` holders at once; waiters are admitted strictly in arrival order.

    A `threading.BoundedSemaphore` lets the thread that just released it take it straight back before a
    sleeping waiter wakes: under 8 callers × 200 searches a few callers waited 14-16 s while the p95 was
    44 ms. Here `release` hands the slot directly to the oldest waiter, so nobody can barge ahead."""

    def __init__(self, capacity: int) -> None:
        if capacity < 1:
            raise ValueError(f"gate capacity must be at least 1, not {capacity}")
        self.capacity = capacity
        self._free = capacity
        self._lock = threading.Lock()
        self._waiters: deque[threading.Event] = deque()

    def acquire(self, timeout: float | None = None) -> bool:
        """Take a slot, waiting in line; False when `timeout` seconds pass first."""
        with self._lock:
            if self._free and not self._waiters:
                self._free -= 1
                return True
            turn = threading.Event()
            self._waiters.append(turn)
        if turn.wait(timeout):
            return True
        with self._lock:
            if turn.is_set():  # the slot was handed over just as the wait timed out: it is ours
                return True
            self._waiters.remove(turn)
            return False

    def release(self) -> None:
        """Give the slot to the oldest waiter, or free it when nobody waits."""
        with self._lock:
            if self._waiters:
                self._waiters.popleft().set()
            elif self._free < self.capacity:
                self._free += 1
            else:
                raise RuntimeError("FifoGate released more times than acquired")

    @property
    def waiting(self) -> int:
        """How many callers are in line now."""
        with self._lock:
            return len(self._waiters)

    def __enter__(self) -> "FifoGate":
        self.acquire()
        return self

    def __exit__(self, *exc) -> None:
        self.release()
