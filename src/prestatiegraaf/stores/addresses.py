"""Where a store takes SPARQL queries, SPARQL updates and graphs (Graph Store Protocol).

``--endpoint`` names the store; the kind of store (``--store``) says where its three services
live relative to it. ``auto`` takes a bare server address (no path) for Oxigraph and anything
else for a SPARQL endpoint that takes queries and updates itself, with ``--graph-store``
given. Each address can also be given on its own. The layouts (query, update, graph store,
relative to ``--endpoint``; how credentials are sent):

- oxigraph (``http://host:7878``): ``/query``, ``/update``, ``/store``; basic;
- fuseki (``http://host:3030/ds``): ``/query``, ``/update``, ``/data``; basic;
- graphdb (``http://host:7200/repositories/ID``): itself, ``/statements``,
  ``/rdf-graphs/service``; basic;
- virtuoso (``http://host:8890``): ``/sparql-auth`` for both SPARQL services,
  ``/sparql-graph-crud-auth``; digest;
- qlever (``http://host:7001``): itself for all three; a bearer token; no ``MOVE``, so the
  graphs are swapped with ``DELETE``/``INSERT``.
"""

from __future__ import annotations

from dataclasses import dataclass
from enum import StrEnum
from urllib.parse import urlsplit

from prestatiegraaf.errors import PublisherError


class StoreError(PublisherError):
    """A store cannot be reached, refuses a request or does not hold what was sent."""


class StoreKind(StrEnum):
    """The kinds of store whose addresses are known."""

    auto = "auto"
    oxigraph = "oxigraph"
    fuseki = "fuseki"
    graphdb = "graphdb"
    virtuoso = "virtuoso"
    qlever = "qlever"
    generic = "generic"


class Swap(StrEnum):
    """How the temporary graphs replace the published ones, in one update request."""

    move = "move"  # MOVE GRAPH <tmp> TO <final>
    rewrite = "rewrite"  # DELETE WHERE / INSERT WHERE, for stores without MOVE


@dataclass(frozen=True)
class Addresses:
    """The three services of a store, how it wants credentials, and how to swap graphs."""

    query: str
    update: str
    graph_store: str
    auth: str = "basic"  # "basic", "digest" or "bearer"
    swap: Swap = Swap.move


_LAYOUT: dict[StoreKind, tuple[str, str, str, str, Swap]] = {
    StoreKind.oxigraph: ("/query", "/update", "/store", "basic", Swap.move),
    StoreKind.fuseki: ("/query", "/update", "/data", "basic", Swap.move),
    StoreKind.graphdb: ("", "/statements", "/rdf-graphs/service", "basic", Swap.move),
    StoreKind.virtuoso: (
        "/sparql-auth", "/sparql-auth", "/sparql-graph-crud-auth", "digest", Swap.move
    ),
    StoreKind.qlever: ("", "", "", "bearer", Swap.rewrite),
}  # fmt: skip


def check_url(url: str, what: str) -> str:
    """``url`` if it is an http(s) address without credentials in it.

    Raises:
        StoreError: it is not, named by ``what`` (the URL itself is not repeated: it may hold
            a password).

    """
    parts = urlsplit(url)
    if parts.scheme not in ("http", "https") or not parts.hostname:
        raise StoreError(f"{what} is not an http:// or https:// address")
    if parts.username is not None or parts.password is not None:
        raise StoreError(
            f"{what} holds a user or password; give --user and the name of an environment "
            "variable holding the password (--password-env) instead"
        )
    if parts.fragment:
        raise StoreError(f"{what} has a #fragment; give the address without it")
    return url


def store_addresses(
    endpoint: str,
    kind: StoreKind = StoreKind.auto,
    *,
    graph_store: str | None = None,
    update: str | None = None,
    query: str | None = None,
    auth: str | None = None,
    swap: Swap | None = None,
) -> Addresses:
    """The addresses of the store at ``endpoint``; those given override the kind's.

    Raises:
        StoreError: an address is not usable, or the graph store address is unknown.

    """
    check_url(endpoint, "--endpoint")
    for given, option in (
        (graph_store, "--graph-store"),
        (update, "--update-endpoint"),
        (query, "--query-endpoint"),
    ):
        if given is not None:
            check_url(given, option)
    root = endpoint.rstrip("/")
    if kind is StoreKind.auto:
        kind = StoreKind.oxigraph if urlsplit(endpoint).path in ("", "/") else StoreKind.generic
    if kind is StoreKind.generic:
        if graph_store is None:
            raise StoreError(
                "the Graph Store Protocol address of the store is not known: give --graph-store "
                "or --store (see docs/stores.md)"
            )
        layout = (endpoint, endpoint, graph_store, "basic", Swap.move)
    else:
        q, u, g, a, s = _LAYOUT[kind]
        layout = (root + q, root + u, root + g, a, s)
        if kind is StoreKind.qlever:
            layout = (endpoint, endpoint, endpoint, a, s)
    return Addresses(
        query=query or layout[0],
        update=update or layout[1],
        graph_store=graph_store or layout[2],
        auth=auth or layout[3],
        swap=swap or layout[4],
    )
