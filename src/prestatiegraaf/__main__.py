"""Run the command-line interface: ``python -m prestatiegraaf`` and the ``prestatiegraaf`` command.

An error the program does not expect (a bug) ends in one line and exit code 3, never in a
traceback, and never in 0 or 1, which CI reads as "conforms" and "does not conform".
"""

from __future__ import annotations

import sys

INTERNAL_ERROR = 3


def run() -> None:
    """The command line, with an unexpected error as one line and exit code 3.

    The command line is imported inside, so that Ctrl-C while it loads is handled as well.
    """
    try:
        from prestatiegraaf.cli import app

        app()
    except SystemExit:
        raise
    except KeyboardInterrupt:
        print("error: interrupted", file=sys.stderr)  # noqa: T201 - the command's own output
        sys.exit(130)
    except Exception as error:  # a bug: said in one line, with how to report it
        print(  # noqa: T201 - the command's own output
            f"error: internal error ({type(error).__name__}: {error}); this is a bug in "
            "prestatiegraaf: please report it with the command you ran (see SECURITY.md)",
            file=sys.stderr,
        )
        sys.exit(INTERNAL_ERROR)


if __name__ == "__main__":
    run()
