"""Shared fixtures: a small real-data project, the real built site, no network; helpers are in tests/helpers.py."""

from __future__ import annotations

import shutil
import sys
from pathlib import Path

import pytest

from .helpers import FIXTURE, ROOT, mkdocs_build


@pytest.fixture
def mini(tmp_path: Path) -> Path:
    """A fresh copy of the four-paper fixture project."""
    target = tmp_path / "project"
    shutil.copytree(FIXTURE, target)
    return target


@pytest.fixture(autouse=True)
def _no_network(monkeypatch: pytest.MonkeyPatch) -> None:
    """Tests never reach the network: any socket connection attempt fails loudly."""
    import socket

    real_connect = socket.socket.connect

    def guarded(self: socket.socket, address: object) -> object:
        host = address[0] if isinstance(address, tuple) else address
        if (isinstance(host, str) and (host.startswith("127.") or host in ("localhost", "::1"))) or not isinstance(
            host, str
        ):
            return real_connect(self, address)
        raise AssertionError(f"test tried to reach the network: {address!r}")

    monkeypatch.setattr(socket.socket, "connect", guarded)


sys.dont_write_bytecode = True

# Property tests: a fixed, derandomised sample in `make test`; many more in `make fuzz`.
from hypothesis import HealthCheck, settings  # noqa: E402

settings.register_profile(
    "default", max_examples=150, derandomize=True, deadline=None, suppress_health_check=[HealthCheck.too_slow]
)
settings.register_profile("fuzz", max_examples=5000, deadline=None, suppress_health_check=[HealthCheck.too_slow])
settings.load_profile(__import__("os").environ.get("HYPOTHESIS_PROFILE", "default"))


@pytest.fixture(scope="session")
def built_site(tmp_path_factory: pytest.TempPathFactory) -> Path:
    """The real site, built once per test session with `mkdocs build --strict`."""
    out = tmp_path_factory.mktemp("site")
    result = mkdocs_build(ROOT, out)
    assert result.returncode == 0, result.stderr[-4000:]
    return out
