"""The version of the installed package (``0.0.0`` in a source tree that is not installed)."""

from importlib.metadata import PackageNotFoundError, version

try:
    __version__ = version("prestatiegraaf")
except PackageNotFoundError:  # running from a source tree that is not installed
    __version__ = "0.0.0"
