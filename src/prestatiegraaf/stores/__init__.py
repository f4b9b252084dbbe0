"""Publish a build to a SPARQL store and query remote stores.

- :mod:`.graphs`: which named graph each triple of a build goes to;
- :mod:`.fingerprint`: triple counts and RDFC-1.0 canonical hashes of graphs;
- :mod:`.addresses`: where a store takes queries, updates and graphs;
- :mod:`.client`: the HTTP client (Graph Store Protocol, SPARQL Update, SPARQL Query);
- :mod:`.push`: the push itself, under temporary names and swapped in at once;
- :mod:`.remote_query`: the query files against a remote endpoint.
"""
