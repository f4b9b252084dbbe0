"""``prestatiegraaf serve``: a read-only SPARQL endpoint and linked-data pages for a built graph.

``app`` wires the routes, ``sparql_protocol`` reads and refuses requests, ``negotiation``
picks formats, ``query_runner`` and ``evaluate`` run queries within their limits, ``pages``,
``home`` and ``ontology_page`` render pages as pure functions of the graph and the ``site``,
``service`` loads what the server holds, ``server`` runs it on uvicorn. ``static_site`` writes
the same pages as files (``prestatiegraaf site``), with the rules of ``site_rules``.
"""
