"""Stage 2, extract: the actor register ``ontology/actoren.ttl``, and its actors found in text.

The register lists every known organisation, collaboration, programme and network with its
preferred label and spelling variants. :func:`find_actors` matches all of them at once with one
compiled alternation, longest label first, so "landelijke Techniekpact 2020" is one mention and
the "Techniekpact" inside "regionale Techniekpacten" is none.

Matching rules:

* Names match on word boundaries. Letters (accented too), digits and apostrophes between letters
  are word characters, so "ROC's" is one token and "Techniekpactafspraken" contains no name.
* Curly and straight apostrophes and quotes are equal; so are a hyphen and a space between the
  words of a name, and any run of whitespace (line breaks included) between them.
* Labels of four or more characters that contain a lower-case letter match case-insensitively.
  Shorter labels and all-capital abbreviations (UT, EFO, RVO, CoE, ANWB, B'OOST) match only with
  their exact capitals.
"""

from __future__ import annotations

import logging
import re
import time
from collections import defaultdict
from dataclasses import dataclass
from functools import cache
from pathlib import Path

import pyoxigraph
from rdflib.namespace import DCTERMS, RDF, SKOS

from prestatiegraaf.errors import OntologyError
from prestatiegraaf.model import ActorMention
from prestatiegraaf.namespaces import PG_IRI
from prestatiegraaf.resources import actor_register_file

__all__ = [
    "ActorMatch",
    "RegisteredActor",
    "find_actor_matches",
    "find_actors",
    "load_register",
    "register",
]

logger = logging.getLogger(__name__)

_RDF_TYPE = str(RDF.type)
_PREF_LABEL = str(SKOS.prefLabel)
_ALT_LABEL = str(SKOS.altLabel)
_NOTATION = str(SKOS.notation)
_DESCRIPTION = str(DCTERMS.description)
_PG_ACTOR = PG_IRI + "Actor"
_ACTOR_NAMESPACE = "https://w3id.org/prestatiegraaf/id/organisatie/"

_KEY = re.compile(r"[a-z0-9]+(?:-[a-z0-9]+)*")
_APOSTROPHES = "'’‘`´ʼ"
_QUOTES = '"“”„'
_SEPARATOR_CHARS = r"\s\-‐‑"
_SEPARATOR = f"[{_SEPARATOR_CHARS}]+"
_SPLIT = re.compile(_SEPARATOR)
_LEFT_BOUNDARY = rf"(?<!\w)(?<!\w[{_APOSTROPHES}])"
_RIGHT_BOUNDARY = rf"(?!\w)(?![{_APOSTROPHES}]\w)"
_MIN_CASELESS_LENGTH = 4

_Term = pyoxigraph.NamedNode | pyoxigraph.BlankNode | pyoxigraph.Literal
_Properties = dict[str, list[_Term]]


@dataclass(frozen=True)
class RegisteredActor:
    """One actor of the register, as the graph stage needs it to type and label the actor.

    Attributes:
        key: Stable slug, also the last segment of the IRI, e.g. ``oost-nl``.
        label: The preferred label (``skos:prefLabel``), e.g. ``Oost NL``.
        types: The ``rdf:type`` IRIs, sorted, ``pg:Actor`` included.
        alt_labels: The spelling variants (``skos:altLabel``), sorted.
        iri: The actor's IRI in the ``actor:`` namespace.
        description: The ``dcterms:description``, if any.

    """

    key: str
    label: str
    types: tuple[str, ...]
    alt_labels: tuple[str, ...]
    iri: str
    description: str | None = None


@dataclass(frozen=True)
class ActorMatch:
    """One occurrence of a registered actor in a text.

    Attributes:
        key: The actor's key.
        label: The actor's preferred label.
        text: The name exactly as found, ``text[start:end]`` of the searched text.
        start: Offset of the first character of the name in the searched text.
        end: Offset just past the last character of the name.

    """

    key: str
    label: str
    text: str
    start: int
    end: int


@dataclass(frozen=True)
class _Variant:
    """One label pattern, its length, the characters it can start with and its actor."""

    pattern: str
    length: int
    initials: frozenset[str]
    actor: RegisteredActor


@dataclass(frozen=True)
class _Matcher:
    """The compiled alternation; capturing group ``i`` belongs to ``actors[i - 1]``."""

    pattern: re.Pattern[str]
    actors: tuple[RegisteredActor, ...]


def find_actors(text: str) -> list[ActorMention]:
    """Find every registered actor named in ``text``, once each, in order of first appearance.

    Args:
        text: Section text, preferably normalised (NFC, mojibake repaired).

    Returns:
        One mention per actor key. ``text`` holds the form found at the first occurrence,
        ``label`` the preferred label; ``span`` is left for the caller to fill.

    Raises:
        OntologyError: If the actor register cannot be read.

    """
    mentions: dict[str, ActorMention] = {}
    for match in find_actor_matches(text):
        if match.key not in mentions:
            mentions[match.key] = ActorMention(key=match.key, label=match.label, text=match.text)
    return list(mentions.values())


def find_actor_matches(text: str) -> list[ActorMatch]:
    """Find every occurrence of a registered actor in ``text``, in order, without de-duplication.

    Args:
        text: Section text; offsets in the result refer to this string.

    Returns:
        Non-overlapping matches, the longest label winning where several start at one place.

    Raises:
        OntologyError: If the actor register cannot be read.

    """
    matcher = _default_matcher()
    matches: list[ActorMatch] = []
    for found in matcher.pattern.finditer(text):
        actor = matcher.actors[(found.lastindex or 1) - 1]
        matches.append(ActorMatch(actor.key, actor.label, found.group(), *found.span()))
    return matches


def register() -> list[RegisteredActor]:
    """Return the actors of the project's register, sorted by key (read once, then cached).

    Returns:
        A new list on every call; the actors themselves are immutable.

    Raises:
        OntologyError: If the actor register cannot be read or is inconsistent.

    """
    return list(_default_register())


def load_register(path: Path) -> list[RegisteredActor]:
    """Read and check an actor register in Turtle.

    Args:
        path: The Turtle file.

    Returns:
        The actors, sorted by key.

    Raises:
        OntologyError: If the file cannot be read or parsed, an actor lacks its preferred label
            or notation, a key is malformed, or one label belongs to two actors.

    """
    subjects = _read_subjects(path)
    actors = [
        _build_actor(iri, properties, path)
        for iri, properties in subjects.items()
        if _PG_ACTOR in _iris(properties.get(_RDF_TYPE, []))
    ]
    if not actors:
        raise OntologyError("the actor register defines no pg:Actor", path=path)
    _check_unique_labels(actors, path)
    return sorted(actors, key=lambda actor: actor.key)


@cache
def _default_register() -> tuple[RegisteredActor, ...]:
    """Read the project's register once per process."""
    path = actor_register_file()
    started = time.perf_counter()
    actors = tuple(load_register(path))
    elapsed = (time.perf_counter() - started) * 1000
    logger.debug("loaded %d actors from %s in %.1f ms", len(actors), path.name, elapsed)
    return actors


@cache
def _default_matcher() -> _Matcher:
    """Compile the matcher over the project's register once per process."""
    return _compile_matcher(_default_register())


def _read_subjects(path: Path) -> dict[str, _Properties]:
    """Group the triples of a Turtle file by subject IRI, then by predicate IRI."""
    subjects: dict[str, _Properties] = defaultdict(lambda: defaultdict(list))
    try:
        for quad in pyoxigraph.parse(path=path, format=pyoxigraph.RdfFormat.TURTLE):
            if isinstance(quad.subject, pyoxigraph.NamedNode):
                subjects[quad.subject.value][quad.predicate.value].append(quad.object)
    except (OSError, SyntaxError, ValueError) as error:
        raise OntologyError(
            f"cannot read the actor register ({error}); fix the Turtle syntax or restore the file",
            path=path,
        ) from error
    return subjects


def _build_actor(iri: str, properties: _Properties, path: Path) -> RegisteredActor:
    """Turn one subject's properties into a checked :class:`RegisteredActor`."""
    labels = _strings(properties.get(_PREF_LABEL, []))
    notations = _strings(properties.get(_NOTATION, []))
    if len(labels) != 1:
        raise OntologyError(f"actor <{iri}> needs exactly one skos:prefLabel", path=path)
    if len(notations) != 1 or not _KEY.fullmatch(notations[0]):
        raise OntologyError(
            f"actor <{iri}> needs one skos:notation that is a lower-case slug", path=path
        )
    key = notations[0]
    if iri != _ACTOR_NAMESPACE + key:
        raise OntologyError(
            f"actor <{iri}> must be named actor:{key} after its notation", path=path
        )
    descriptions = _strings(properties.get(_DESCRIPTION, []))
    return RegisteredActor(
        key=key,
        label=labels[0],
        types=tuple(sorted(_iris(properties.get(_RDF_TYPE, [])))),
        alt_labels=tuple(sorted(set(_strings(properties.get(_ALT_LABEL, []))))),
        iri=iri,
        description=descriptions[0] if descriptions else None,
    )


def _strings(terms: list[_Term]) -> list[str]:
    """Return the lexical forms of the literals among ``terms``."""
    return [term.value for term in terms if isinstance(term, pyoxigraph.Literal)]


def _iris(terms: list[_Term]) -> set[str]:
    """Return the IRIs among ``terms``."""
    return {term.value for term in terms if isinstance(term, pyoxigraph.NamedNode)}


def _check_unique_labels(actors: list[RegisteredActor], path: Path) -> None:
    """Raise if two actors share a label once apostrophes, separators and case are ignored."""
    owners: dict[str, str] = {}
    for actor in actors:
        for label in (actor.label, *actor.alt_labels):
            normalised = _normalise(label).casefold()
            owner = owners.setdefault(normalised, actor.key)
            if owner != actor.key:
                raise OntologyError(
                    f"label {label!r} belongs to both actor:{owner} and actor:{actor.key}; "
                    "keep it on one of them",
                    path=path,
                )


def _normalise(label: str) -> str:
    """Straighten apostrophes and quotes and put single spaces between the words of a label."""
    label = label.translate({ord(c): "'" for c in _APOSTROPHES})
    label = label.translate({ord(c): '"' for c in _QUOTES})
    return " ".join(_SPLIT.split(label.strip()))


def _is_case_sensitive(label: str) -> bool:
    """Tell whether a label must match with its exact capitals (short or all-capital labels)."""
    return len(label) < _MIN_CASELESS_LENGTH or not any(char.islower() for char in label)


def _label_pattern(label: str) -> str:
    """Build the pattern of one label, tolerant to apostrophe, quote and separator forms."""
    words = ["".join(map(_char_pattern, word)) for word in _normalise(label).split(" ")]
    pattern = _SEPARATOR.join(words)
    return pattern if _is_case_sensitive(label) else f"(?i:{pattern})"


def _char_pattern(char: str) -> str:
    """Return the pattern of one character of a normalised label."""
    if char == "'":
        return f"[{_APOSTROPHES}]"
    if char == '"':
        return f"[{_QUOTES}]"
    return re.escape(char)


def _compile_matcher(actors: tuple[RegisteredActor, ...]) -> _Matcher:
    """Compile one alternation over all labels, longest first so the longest name wins.

    The labels are grouped by their first letter behind a look-ahead, so at each word start only
    the labels that can begin there are tried. The groups exclude one another, so ordering each
    group longest first orders the whole alternation longest first.
    """
    buckets: dict[str, list[_Variant]] = defaultdict(list)
    for variant in _variants(actors):
        buckets[min(variant.initials).lower()].append(variant)
    branches: list[str] = []
    owners: list[RegisteredActor] = []
    for key in sorted(buckets):
        bucket = sorted(buckets[key], key=lambda variant: (-variant.length, variant.pattern))
        initials = "".join(sorted(frozenset[str]().union(*(v.initials for v in bucket))))
        alternation = "|".join(f"({variant.pattern})" for variant in bucket)
        branches.append(f"(?=[{re.escape(initials)}])(?:{alternation})")
        owners.extend(variant.actor for variant in bucket)
    pattern = re.compile(f"{_LEFT_BOUNDARY}(?:{'|'.join(branches)}){_RIGHT_BOUNDARY}")
    return _Matcher(pattern, tuple(owners))


def _variants(actors: tuple[RegisteredActor, ...]) -> list[_Variant]:
    """List every distinct label pattern of ``actors`` with the actor it names."""
    variants: dict[str, _Variant] = {}
    for actor in actors:
        for label in (actor.label, *actor.alt_labels):
            normalised = _normalise(label)
            same = normalised if _is_case_sensitive(label) else f"(?i){normalised.casefold()}"
            if same not in variants:
                pattern = _label_pattern(label)
                variants[same] = _Variant(pattern, len(normalised), _initials(label), actor)
    return list(variants.values())


def _initials(label: str) -> frozenset[str]:
    """Return the characters a match of ``label`` can start with."""
    first = _normalise(label)[0]
    if first == "'":
        return frozenset(_APOSTROPHES)
    if first == '"':
        return frozenset(_QUOTES)
    if _is_case_sensitive(label):
        return frozenset(first)
    return frozenset({first.lower(), first.upper()})
