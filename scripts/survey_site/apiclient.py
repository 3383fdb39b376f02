"""A polite HTTP client for the public APIs `survey suggest` reads (arXiv, OpenAlex).

Every request has a time limit, names us in its User-Agent (with a contact address),
waits the interval each host asks for between requests, and is retried with
exponential backoff on a busy or failing server, honouring `Retry-After`. The
session, the sleep and the clock are injected, so tests serve recorded answers and
never wait or reach the network.
"""

from __future__ import annotations

import dataclasses
import email.utils
import time
from collections.abc import Callable, Mapping
from urllib.parse import urlparse

import requests

from . import __version__

CONTACT = "https://github.com/shen-survey-site/llm-alignment/issues"
USER_AGENT = f"survey-site/{__version__} (companion site of arXiv:2309.15025; survey suggest; {CONTACT})"
TIMEOUT = (10, 60)  # connect, read (seconds)
RETRY_STATUSES = frozenset({429, 500, 502, 503, 504})
# arXiv asks for no more than one request every three seconds; OpenAlex allows many more.
MIN_INTERVAL = {"export.arxiv.org": 3.0, "api.openalex.org": 0.2}
MAX_RETRY_AFTER = 120.0  # a server asking for a longer pause is treated as down


class ApiError(Exception):
    """A request that failed for good: the one-line message says which API and why."""


@dataclasses.dataclass
class PoliteClient:
    session: requests.Session
    sleep: Callable[[float], None] = time.sleep
    clock: Callable[[], float] = time.monotonic
    attempts: int = 4
    backoff: float = 5.0  # seconds before the first retry; doubled after each
    deadline: float | None = None  # clock() value after which no request starts
    last_request: dict[str, float] = dataclasses.field(default_factory=dict)
    requests_made: int = 0

    def get(self, url: str, params: Mapping[str, str], what: str) -> bytes:
        """The body of a 200 answer, or ApiError after the retries are spent."""
        host = urlparse(url).netloc
        delay = self.backoff
        for attempt in range(1, self.attempts + 1):
            self._wait_turn(host, what)
            try:
                response = self.session.get(url, params=dict(params), timeout=TIMEOUT)
            except requests.exceptions.Timeout:
                problem, wait = f"{what} did not answer within {TIMEOUT[1]} s", delay
            except requests.exceptions.ConnectionError:
                problem, wait = f"cannot reach {what} (offline?)", delay
            else:
                if response.status_code == 200:
                    return response.content
                problem = f"{what} answered HTTP {response.status_code}"
                if response.status_code not in RETRY_STATUSES:
                    raise ApiError(problem)
                wait = _retry_after(response.headers.get("Retry-After"), delay)
            if attempt == self.attempts or wait > MAX_RETRY_AFTER:
                raise ApiError(f"{problem}; gave up after {attempt} attempt(s)")
            self.sleep(wait)
            delay *= 2
        raise AssertionError("unreachable")  # pragma: no cover - the loop returns or raises

    def _wait_turn(self, host: str, what: str) -> None:
        now = self.clock()
        if self.deadline is not None and now > self.deadline:
            raise ApiError(f"the time limit was reached before asking {what}; try again later")
        interval = MIN_INTERVAL.get(host, 1.0)
        last = self.last_request.get(host)
        if last is not None and now - last < interval:
            self.sleep(interval - (now - last))
        self.last_request[host] = self.clock()
        self.requests_made += 1


def _retry_after(value: str | None, default: float) -> float:
    """Seconds to wait: `Retry-After` as seconds or as an HTTP date, else our own backoff."""
    if not value:
        return default
    value = value.strip()
    if value.isdigit():
        return float(value)
    try:
        when = email.utils.parsedate_to_datetime(value)
    except (TypeError, ValueError):
        return default
    return max(0.0, when.timestamp() - time.time())


def session(contact: str | None = None) -> requests.Session:
    """A session that names this tool and, for OpenAlex's polite pool, a contact address."""
    s = requests.Session()
    s.headers["User-Agent"] = USER_AGENT + (f" mailto:{contact}" if contact else "")
    return s


def client(mailto: str | None, time_limit: float) -> PoliteClient:
    """The client `survey suggest` uses (tests replace this with one serving recorded answers)."""
    polite = PoliteClient(session(mailto))
    polite.deadline = polite.clock() + time_limit
    return polite
