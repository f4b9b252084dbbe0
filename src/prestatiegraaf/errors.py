"""Exception hierarchy: every error a user can cause is a :class:`PublisherError`."""

from __future__ import annotations

from pathlib import Path


class PublisherError(Exception):
    """Base class of all errors caused by input, configuration or data, not by a bug."""

    exit_code = 2

    def __init__(self, message: str, *, path: Path | str | None = None, line: int | None = None):
        self.message = message
        self.path = Path(path) if path is not None else None
        self.line = line
        super().__init__(self.__str__())

    def __str__(self) -> str:
        where = ""
        if self.path is not None:
            where = f"{self.path}"
            if self.line is not None:
                where += f":{self.line}"
            where += ": "
        return f"{where}{self.message}"


class SourceError(PublisherError):
    """An input file cannot be read: missing, empty, binary, undecodable or not a P&C text."""


class ManifestError(SourceError):
    """A manifest is malformed: wrong columns, unknown kind, a missing file."""


class ExtractionError(PublisherError):
    """A section cannot be turned into facts (for example: no prestatie code)."""


class OntologyError(PublisherError):
    """The ontology or a reference-data file shipped with the project is unusable."""


class QueryError(PublisherError):
    """A SPARQL query file is missing, malformed or fails to run."""


class OutputError(PublisherError):
    """The output folder cannot be written."""


class ProcessLost(PublisherError):
    """A child process ended without an answer: killed, most often for want of memory."""


class ValidationFailed(PublisherError):
    """The graph does not conform to the shapes; nothing was published."""

    exit_code = 1
