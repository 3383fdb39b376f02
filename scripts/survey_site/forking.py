"""Work done in a forked process beside this one, on the machine's second core.

A build is one Python thread. Where forking is safe (a POSIX system, and a process with one
thread: a one-shot build or the first build of `mkdocs serve`, not its later rebuilds, which
have server threads), a child takes a share of the work. The child's result comes back as
bytes through a pipe; a child that fails leaves its share to the parent.
"""

from __future__ import annotations

import gc
import os
import threading
from collections.abc import Callable
from typing import NoReturn


def can_fork() -> bool:
    """Whether a child can be forked safely here: only a single-threaded process copies cleanly."""
    return hasattr(os, "fork") and threading.active_count() == 1


def start_child(work: Callable[[], bytes], close_in_child: tuple[int, ...] = ()) -> tuple[int, int]:
    """Fork a child that does `work`: its pid, and the pipe to read its bytes from with `read_result`.

    `close_in_child`: this process's ends of other pipes, which the child must not hold open.
    """
    readable, writable = os.pipe()
    child = os.fork()
    if child == 0:  # pragma: no cover - the child's coverage is not collected
        for fd in (readable, *close_in_child):
            os.close(fd)
        run_child(work, writable)
    os.close(writable)
    return child, readable


def run_child(work: Callable[[], bytes], result_fd: int) -> NoReturn:  # pragma: no cover - runs in the child
    """The child's whole life: do `work`, write its bytes to `result_fd`, exit without the parent's cleanup."""
    status = 1
    try:
        gc.disable()  # a collection would touch, and so copy, every page of the parent's heap
        result = work()
        with os.fdopen(result_fd, "wb") as pipe:
            pipe.write(result)
        status = 0
    finally:
        os._exit(status)  # no atexit handlers, no flushing of the parent's buffers


def read_result(result_fd: int, child: int) -> bytes | None:
    """The child's bytes once it has exited, or None if it failed."""
    with os.fdopen(result_fd, "rb") as pipe:
        received = pipe.read()
    _, status = os.waitpid(child, 0)
    return received if status == 0 else None
