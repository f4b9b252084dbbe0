"""Locates the project's data folders (ontology/, shapes/, queries/, examples/).

Installed, they ship inside the package (``prestatiegraaf/_data``); in a source checkout they are
read from the repository root. No other module knows where they live.
"""

from __future__ import annotations

from functools import cache
from pathlib import Path

_PACKAGE_DIR = Path(__file__).resolve().parent


@cache
def data_root() -> Path:
    """The folder holding ``ontology/``, ``shapes/``, ``queries/`` and ``examples/``."""
    bundled = _PACKAGE_DIR / "_data"
    if (bundled / "ontology").is_dir():
        return bundled
    checkout = _PACKAGE_DIR.parent.parent
    if (checkout / "ontology").is_dir():
        return checkout
    raise FileNotFoundError("the ontology/ folder is neither bundled nor in a source checkout")


def ontology_dir() -> Path:
    """Folder of the OWL ontology and the reference data (code lists, actor register)."""
    return data_root() / "ontology"


def ontology_file() -> Path:
    """The ontology in Turtle."""
    return ontology_dir() / "prestatiegraaf.ttl"


def actor_register_file() -> Path:
    """The register of known actors with their spelling variants."""
    return ontology_dir() / "actoren.ttl"


def code_lists_file() -> Path:
    """The SKOS code lists (document kinds, roles, colours, ...)."""
    return ontology_dir() / "begrippen.ttl"


def shapes_dir() -> Path:
    """Folder of the SHACL shapes."""
    return data_root() / "shapes"


def queries_dir() -> Path:
    """Folder of the competency-question SPARQL files."""
    return data_root() / "queries"


def links_dir() -> Path:
    """Folder of the versioned linksets (links to other datasets, with their provenance)."""
    return data_root() / "links"


def example_manifest() -> Path:
    """Manifest of the bundled example corpus."""
    return data_root() / "examples" / "manifest.csv"
