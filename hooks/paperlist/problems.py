"""Located problems in the data, and how they are reported."""

from __future__ import annotations

import os
from dataclasses import dataclass

from paperlist.model import Location


@dataclass(frozen=True, order=True)
class Problem:
    location: Location
    message: str
    hint: str = ""

    def __str__(self) -> str:
        text = f"{self.location}: {self.message}"
        return f"{text}\n    hint: {self.hint}" if self.hint else text

    def annotation(self) -> str:
        """A GitHub Actions workflow command that marks the line on the pull request's diff."""
        text = f"{self.message}. {self.hint}" if self.hint else self.message
        text = text.replace("%", "%25").replace("\r", "%0D").replace("\n", "%0A")
        path = self.location.path.replace(",", "%2C").replace(":", "%3A")
        return f"::error file={path},line={self.location.line}::{text}"


class DataError(Exception):
    """The data under `papers/` has problems; the build must stop."""

    def __init__(self, problems: list[Problem]):
        self.problems = sorted(problems, key=lambda p: (p.location.path, p.location.line, p.message))
        super().__init__(self.report())

    def report(self) -> str:
        count = len(self.problems)
        lines = [str(problem) for problem in self.problems]
        lines.append(f"{count} problem{'s' if count != 1 else ''} in papers/; the build stops until they are fixed.")
        return "\n".join(lines)


def running_in_github_actions() -> bool:
    return os.environ.get("GITHUB_ACTIONS") == "true"
