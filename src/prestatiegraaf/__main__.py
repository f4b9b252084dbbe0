"""Run the command-line interface: ``python -m prestatiegraaf``."""

from prestatiegraaf.cli import app

app()
