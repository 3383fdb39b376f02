"""Problems found in the data, as records that carry their location.

Loaders and checks return lists of `Diagnostic`; nothing in the pipeline prints
or raises for a contributor's mistake. The CLI formats them at the end.
"""

from __future__ import annotations

import dataclasses
import enum
import re
from collections.abc import Iterable


class Severity(enum.Enum):
    ERROR = "error"
    WARNING = "warning"


@dataclasses.dataclass(frozen=True, order=True)
class Diagnostic:
    """One problem: where it is, what is wrong, and what to write instead."""

    path: str
    line: int
    column: int
    message: str
    hint: str = ""
    severity: Severity = dataclasses.field(default=Severity.ERROR, compare=False)
    code: str = dataclasses.field(default="", compare=False)

    @property
    def is_error(self) -> bool:
        return self.severity is Severity.ERROR

    def human(self) -> str:
        """`path:line:col: message (hint)`, the format contributors see, always one line.

        Messages quote data (keys, ids, values). Control and line-break characters in them
        are shown as escapes, so a value cannot start a line of its own: in a CI log, a
        line starting with `::` would be taken as a workflow command.
        """
        where = f"{self.path}:{self.line}:{self.column}"
        label = "" if self.is_error else "warning: "
        text = f"{where}: {label}{self.message}"
        return printable(f"{text} ({self.hint})" if self.hint else text)

    def github(self) -> str:
        """A GitHub Actions workflow command, so the problem shows on the PR's line."""
        kind = "error" if self.is_error else "warning"
        body = self.message + (f" ({self.hint})" if self.hint else "")
        return (
            f"::{kind} file={_escape_property(self.path)},line={self.line},"
            f"col={self.column},title={_escape_property(self.code or 'survey')}::"
            f"{_escape_data(body)}"
        )


_UNPRINTABLE = re.compile("[\x00-\x1f\x7f-\x9f\u2028\u2029\u0085]")


def printable(text: str) -> str:
    """Text safe to print as one log line: control and line-break characters become escapes."""
    return _UNPRINTABLE.sub(lambda m: {"\n": "\\n", "\r": "\\r", "\t": "\\t"}.get(m.group(), f"\\u{ord(m.group()):04x}"), text)


def _escape_data(text: str) -> str:
    # The escaping GitHub's toolkit applies to workflow command data.
    return text.replace("%", "%25").replace("\r", "%0D").replace("\n", "%0A")


def _escape_property(text: str) -> str:
    return _escape_data(text).replace(":", "%3A").replace(",", "%2C")


def has_errors(diagnostics: Iterable[Diagnostic]) -> bool:
    return any(d.is_error for d in diagnostics)


def sort_diagnostics(diagnostics: Iterable[Diagnostic]) -> list[Diagnostic]:
    """Stable, location-ordered output so reports are reproducible."""
    return sorted(set(diagnostics))


class DataError(Exception):
    """Raised by the pipeline when the data has errors; carries every problem."""

    def __init__(self, diagnostics: list[Diagnostic]):
        self.diagnostics = diagnostics
        errors = sum(1 for d in diagnostics if d.is_error)
        super().__init__(f"{errors} error(s) in the data")
