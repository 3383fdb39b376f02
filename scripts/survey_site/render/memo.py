"""Parts of the site kept from the last render in this process, by everything each is made from.

`make serve` renders the whole site again after every save, and a save changes a few pages: a
memo hands back what an unchanged input made last time (render_site's `reuse`). A one-shot
build passes `make_now`, which keeps nothing.
"""

from __future__ import annotations

from collections.abc import Callable
from typing import Protocol, TypeVar

T = TypeVar("T")


class Memo(Protocol):
    def __call__(self, inputs: tuple[object, ...], make: Callable[[], T]) -> T: ...


def make_now(inputs: tuple[object, ...], make: Callable[[], T]) -> T:  # noqa: ARG001 - a Memo that keeps nothing
    return make()
