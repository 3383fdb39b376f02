"""The contributor's edit loop: under `make serve`, how long from saving one entry to its new page.

    python -m benchmarks.editloop --project DIR [--edits 3]

Starts the server as `make serve` does (same command line, on a free port) in a project the
generator can build (a synthetic one), waits for the first build, then edits entries one at a
time: a word is added to a paper's title in its bib file, and the clock runs from that save until
the server sends the paper's page with the new title (the server reads pages from disk, so that
is when the new HTML is there). The topic pages that list the paper are checked to have changed too.
Each edit is in another bib file and starts with the server idle: no build for IDLE_S seconds in
its log (a save is followed by a short second build, for the generator's own writes to docs/).
"""

from __future__ import annotations

import argparse
import json
import os
import re
import shlex
import signal
import socket
import statistics
import subprocess
import sys
import tempfile
import time
import urllib.error
import urllib.parse
import urllib.request
from collections.abc import Sequence
from pathlib import Path

CHECKOUT = Path(__file__).resolve().parent.parent
BIN = Path(sys.executable).parent
IDLE_S = 3.0
BUILT = "Documentation built in"
_TITLE = re.compile(r"^(@\w+\{([^,]+),\n(?:  .*\n)*?  title = \{)(.*)(\},\n)", re.M)


def serve_command() -> list[str]:
    """`make serve`'s mkdocs command line, read from the Makefile so the two cannot drift apart."""
    makefile = (CHECKOUT / "Makefile").read_text(encoding="utf-8")
    line = next(x for x in makefile.splitlines() if "/mkdocs serve" in x)
    words = shlex.split(line.replace("$(BIN)", str(BIN)))
    words = [w for w in words if "=" not in w or w.startswith("-")]  # drop the environment assignments
    return [w for w in words if not w.startswith("$(")][:-1] if words[-1].startswith("$(") else words


def site_path(project: Path) -> str:
    """The path the server mounts the site under: the path of mkdocs.yml's site_url."""
    match = re.search(r"^site_url:\s*(\S+)", (project / "mkdocs.yml").read_text(encoding="utf-8"), re.M)
    return urllib.parse.urlparse(match[1]).path if match else "/"


def free_port() -> int:
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        return int(sock.getsockname()[1])


def fetch(url: str) -> str | None:
    try:
        with urllib.request.urlopen(url, timeout=5) as response:  # noqa: S310 - our own local server
            return str(response.read().decode("utf-8"))
    except (urllib.error.URLError, OSError):
        return None


def wait_for(url: str, needle: str, timeout: float, proc: subprocess.Popen[bytes]) -> float:
    start = time.perf_counter()
    while time.perf_counter() - start < timeout:
        if proc.poll() is not None:
            raise RuntimeError(f"the server stopped (exit status {proc.returncode})")
        page = fetch(url)
        if page is not None and needle in page:
            return time.perf_counter() - start
        time.sleep(0.05)
    raise TimeoutError(f"{url} did not show {needle!r} within {timeout:.0f} s")


def wait_until_idle(log: Path, proc: subprocess.Popen[bytes], timeout: float = 600) -> None:
    """Until the server's log has shown no new build for IDLE_S seconds (and at least IDLE_S have passed)."""
    start = time.perf_counter()
    seen, quiet_since = -1, start
    while time.perf_counter() - start < timeout:
        if proc.poll() is not None:
            raise RuntimeError(f"the server stopped (exit status {proc.returncode})")
        text = log.read_text(encoding="utf-8", errors="replace")
        builds = text.count(BUILT) + text.count("Building documentation")
        if builds != seen:
            seen, quiet_since = builds, time.perf_counter()
        elif time.perf_counter() - quiet_since >= IDLE_S and text.count("Building documentation") <= text.count(BUILT):
            return
        time.sleep(0.1)
    raise TimeoutError(f"the server did not become idle within {timeout:.0f} s")


def entries_to_edit(project: Path, count: int) -> list[tuple[Path, str]]:
    """(bib file, key) of `count` papers spread over the bib files, deterministically."""
    picks = []
    files = sorted((project / "bib").glob("*.bib"))
    for i in range(count):
        path = files[i % len(files)]
        keys = [m[2] for m in _TITLE.finditer(path.read_text(encoding="utf-8"))]
        picks.append((path, keys[len(keys) // 2 + i]))
    return picks


def edit_title(path: Path, key: str, word: str) -> None:
    text = path.read_text(encoding="utf-8")

    def add(match: re.Match[str]) -> str:
        return match[1] + match[3] + f" {word}" + match[4] if match[2] == key else match[0]

    path.write_text(_TITLE.sub(add, text), encoding="utf-8")


def measure(project: Path, edits: int, timeout: float = 600) -> dict[str, object]:
    port = free_port()
    command = [*serve_command(), "-a", f"127.0.0.1:{port}"]
    log = tempfile.NamedTemporaryFile(prefix="editloop-", suffix=".log", delete=False)  # noqa: SIM115
    env = {**os.environ, "NO_MKDOCS_2_WARNING": "1"}
    proc = subprocess.Popen(command, cwd=project, env=env, stdout=log, stderr=subprocess.STDOUT)
    base = f"http://127.0.0.1:{port}" + site_path(project).rstrip("/")
    times: list[float] = []
    try:
        first_build = wait_for(base + "/", "</html>", timeout, proc)
        for number, (path, key) in enumerate(entries_to_edit(project, edits)):
            word = f"Revisited{number}x"
            topic_before = _topic_page(base, key)
            # A save made during a rebuild waits for it, which is not what this measures.
            wait_until_idle(Path(log.name), proc)
            edit_title(path, key, word)
            times.append(wait_for(f"{base}/papers/{key}/", word, timeout, proc))
            topic_after = _topic_page(base, key)
            if topic_before is not None and (topic_after is None or word not in topic_after[1]):
                raise RuntimeError(f"the topic page {topic_before[0]} that lists {key} did not change")
    finally:
        proc.send_signal(signal.SIGINT)  # as Ctrl-C: the server removes its temporary site folder
        try:
            proc.wait(timeout=30)
        except subprocess.TimeoutExpired:
            proc.kill()
        log.close()
    output = Path(log.name).read_text(encoding="utf-8", errors="replace")
    Path(log.name).unlink()
    return {
        "command": " ".join(Path(command[0]).name if i == 0 else w for i, w in enumerate(command)),
        "first_build_s": round(first_build, 1),
        "edits_s": [round(t, 2) for t in times],
        "median_s": round(statistics.median(times), 2),
        "warnings": sum(1 for line in output.splitlines() if line.startswith(("WARNING", "ERROR"))),
    }


def _topic_page(base: str, key: str) -> tuple[str, str] | None:
    """A topic page that lists the paper (from the paper page's Topics list), and its text."""
    paper = fetch(f"{base}/papers/{key}/") or ""
    match = re.search(r'<ul class="sv-topics">\s*<li><a href="\.\./\.\./(topics/[^"#]+)', paper)
    if not match:
        return None
    return match[1], fetch(f"{base}/{match[1]}") or ""


def main(argv: Sequence[str] | None = None) -> int:
    parser = argparse.ArgumentParser(prog="python -m benchmarks.editloop", description=__doc__.split("\n\n")[0])
    parser.add_argument("--project", type=Path, required=True)
    parser.add_argument("--edits", type=int, default=3)
    args = parser.parse_args(argv)
    print(json.dumps(measure(args.project.resolve(), args.edits)))
    return 0


if __name__ == "__main__":
    sys.exit(main())
