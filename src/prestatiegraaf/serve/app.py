"""The web application: routes of the endpoint, the pages, the data files and the probes."""

from __future__ import annotations

import contextlib
from collections.abc import AsyncIterator

import pyoxigraph as ox
from starlette.applications import Starlette
from starlette.exceptions import HTTPException
from starlette.middleware import Middleware
from starlette.middleware.cors import CORSMiddleware
from starlette.requests import Request
from starlette.responses import FileResponse, HTMLResponse, JSONResponse, Response
from starlette.routing import Route

from prestatiegraaf.resources import ontology_file
from prestatiegraaf.serve.describe import exists
from prestatiegraaf.serve.home import DUMPS, render_query_page
from prestatiegraaf.serve.middleware import AccessLog, SecurityHeaders
from prestatiegraaf.serve.negotiation import (
    GRAPH_FORMATS,
    HTML,
    RESULT_FORMATS,
    Format,
    by_name,
    choose,
)
from prestatiegraaf.serve.pages import (
    RDF_SUFFIXES,
    render_error,
    render_index,
    render_resource,
    resource_rdf,
    result_table,
)
from prestatiegraaf.serve.service import Service
from prestatiegraaf.serve.sparql_protocol import (
    GRAPH_FORMS,
    MAX_QUERY_BYTES,
    ProtocolError,
    SparqlRequest,
    check_query,
    read_request,
)

TRUNCATED = "X-Prestatiegraaf-Truncated"
PLAIN = Format("text", "text/plain")
RESOURCE_FORMATS = (HTML, *GRAPH_FORMATS[:3])
_REASONS = {400: "Bad request", 403: "Refused", 404: "Not found", 405: "Method not allowed",
            406: "Not acceptable", 413: "Too large", 415: "Unsupported content type",
            500: "Query failed", 503: "Out of time"}  # fmt: skip


def _wants_html(request: Request) -> bool:
    accept = request.headers.get("accept", "")
    return "html" in accept and choose(accept, (PLAIN, HTML)) is HTML


def error_response(service: Service, request: Request, status: int, message: str) -> Response:
    """An error as one line of text, or as a page for a browser."""
    if _wants_html(request):
        heading = _REASONS.get(status, "Error")
        page = render_error(service.context, status, heading, message)
        return HTMLResponse(page, status)
    return Response(message + "\n", status, media_type="text/plain; charset=utf-8")


def create_app(service: Service) -> Starlette:
    """The application serving ``service``."""

    async def home(request: Request) -> Response:
        return HTMLResponse(service.home_page)

    async def health(request: Request) -> Response:
        return JSONResponse({"status": "ok", "triples": service.triples})

    async def static(request: Request) -> Response:
        found = service.static.get(request.path_params["name"])
        if found is None:
            raise HTTPException(404)
        return Response(found[0], media_type=found[1], headers={"Cache-Control": "max-age=3600"})

    async def dump(request: Request) -> Response:
        name = request.path_params["name"]
        if name not in service.dumps:
            raise HTTPException(404)
        path = service.settings.data / name  # by its top-level name: it may be a link
        if not path.is_file():
            raise HTTPException(404)
        return FileResponse(path, media_type=DUMPS[name][0])

    async def query_form(request: Request) -> Response:
        wanted = request.query_params.get("example", "")
        known = {example.name: example.text for example in service.examples}
        if wanted and wanted not in known:
            return error_response(service, request, 404, f"no example query named {wanted!r}")
        text = known.get(wanted) or request.query_params.get("query", "")
        return HTMLResponse(_query_page(query=text))

    def _query_page(**values: object) -> str:
        limits = service.settings.limits
        return render_query_page(
            service.context, examples=service.examples,
            limits=(limits.timeout, limits.rows), **values,  # type: ignore[arg-type]
        )  # fmt: skip

    async def sparql(request: Request) -> Response:
        body = await _body(request) if request.method == "POST" else b""
        content_type = request.headers.get("content-type", "")
        params = request.query_params.multi_items()
        try:
            asked = read_request(request.method, content_type, params, body)
        except ProtocolError as error:
            return error_response(service, request, error.status, error.message)
        if asked is None:
            if _wants_html(request):
                return HTMLResponse(_query_page(query=""))
            return error_response(
                service, request, 400, "no query given: send it as the query parameter"
            )
        return await _answer(request, asked)

    async def _answer(request: Request, asked: SparqlRequest) -> Response:
        accept = request.headers.get("accept")
        results = by_name(asked.formats, RESULT_FORMATS) or choose(accept, RESULT_FORMATS)
        graph = by_name(asked.formats, GRAPH_FORMATS) or choose(accept, GRAPH_FORMATS)
        form = None
        try:
            form = check_query(asked, service.graphs)
            wanted = graph if form in GRAPH_FORMS else results
            if form is not None and wanted is None:
                raise ProtocolError(406, _not_acceptable(form))
            answer = await service.runner.run(
                asked, results.key if results else None, graph.key if graph else None
            )
        except ProtocolError as error:
            if (graph if form in GRAPH_FORMS else results) is HTML:
                page = _query_page(query=asked.query, error=error.message)
                return HTMLResponse(page, error.status)
            return error_response(service, request, error.status, error.message)
        headers = {"Vary": "Accept"}
        if answer.cut is not None:
            unit = "triples" if answer.kind == "triples" else "rows"
            headers[TRUNCATED] = f"{unit}={answer.cut}"
        if answer.fmt == "html":
            table = result_table(answer, service.context)
            page = _query_page(query=asked.query, result=table)
            return HTMLResponse(page, headers=headers)
        offers = GRAPH_FORMATS if answer.kind == "triples" else RESULT_FORMATS
        chosen = next(offer for offer in offers if offer.key == answer.fmt)
        return Response(answer.body, media_type=chosen.content_type, headers=headers)

    async def ontology(request: Request) -> Response:
        fmt = {"/def.ttl": "turtle", "/def.jsonld": "jsonld"}.get(request.url.path)
        offers = (HTML, GRAPH_FORMATS[0], GRAPH_FORMATS[2])
        chosen = choose(request.headers.get("accept"), offers) if fmt is None else None
        if fmt is None and chosen is None:
            return error_response(service, request, 406, "the ontology is HTML, Turtle or JSON-LD")
        if chosen is HTML:
            return HTMLResponse(service.ontology_page, headers={"Vary": "Accept"})
        key = fmt or (chosen.key if chosen else "turtle")
        if key == "turtle":
            return Response(ontology_file().read_bytes(), media_type="text/turtle; charset=utf-8")
        data = ox.serialize(service.ontology.store, format=ox.RdfFormat.JSON_LD)
        return Response(data, media_type="application/ld+json")

    async def resource(request: Request) -> Response:
        raw = request.scope.get("raw_path") or request.url.path.encode()
        path = raw.decode("latin-1").split("?")[0].lstrip("/")
        forced = None
        iri = _known(path)
        for suffix, fmt in RDF_SUFFIXES.items():
            if iri is None and path.endswith(suffix):
                iri, forced = _known(path[: -len(suffix)]), fmt
        if iri is None:
            for candidate in service.site.iris_at(path):
                index = render_index(service.context, candidate)
                if index is not None:
                    if choose(request.headers.get("accept"), (HTML,)) is None:
                        return error_response(service, request, 406, "a listing is HTML only")
                    return HTMLResponse(index)
            return error_response(
                service, request, 404, f"no resource of the graph has the IRI of /{path}"
            )
        chosen = choose(request.headers.get("accept"), RESOURCE_FORMATS)
        key = forced or (chosen.key if chosen else None)
        if key is None:
            return error_response(
                service, request, 406, "a resource is HTML, Turtle, N-Triples or JSON-LD"
            )
        headers = {"Vary": "Accept"}
        if key == "html":
            page = render_resource(service.context, iri)
            return HTMLResponse(page or "", headers=headers)
        offer = next(f for f in GRAPH_FORMATS if f.key == key)
        data = resource_rdf(service.store, iri, key) or b""
        return Response(data, media_type=offer.content_type, headers=headers)

    def _known(path: str) -> str | None:
        for iri in service.site.iris_at(path):
            if exists(service.store, iri):
                return iri
        return None

    async def http_error(request: Request, exc: Exception) -> Response:
        status = getattr(exc, "status_code", 500)
        if status == 404:
            message = f"nothing at {request.url.path}"
        else:
            message = str(getattr(exc, "detail", "") or _REASONS.get(status, "error")).lower()
        return error_response(service, request, status, message)

    @contextlib.asynccontextmanager
    async def lifespan(app: Starlette) -> AsyncIterator[None]:
        yield
        service.runner.close()

    routes = [
        Route("/", home),
        Route("/health", health),
        Route("/sparql", sparql, methods=["GET", "POST"]),
        Route("/query", query_form),
        Route("/def", ontology),
        Route("/def.ttl", ontology),
        Route("/def.jsonld", ontology),
        Route("/static/{name}", static),
        Route("/id/{rest:path}", resource),
        Route("/{name}", dump),
    ]
    middleware = [
        Middleware(AccessLog, enabled=service.settings.access_log),
        Middleware(
            CORSMiddleware,
            allow_origins=["*"],
            allow_methods=["GET", "POST", "OPTIONS"],
            allow_headers=["Accept", "Content-Type"],
            expose_headers=[TRUNCATED],
            max_age=600,
        ),
        Middleware(SecurityHeaders),
    ]
    return Starlette(
        routes=routes,
        middleware=middleware,
        exception_handlers={HTTPException: http_error},
        lifespan=lifespan,
    )


def _not_acceptable(form: str | None) -> str:
    if form in GRAPH_FORMS:
        return f"a {form} query gives triples: accept Turtle, N-Triples, JSON-LD or HTML"
    return f"a {form} query gives results: accept JSON, XML, CSV, TSV or HTML"


async def _body(request: Request) -> bytes:
    """The request body, refused past :data:`MAX_QUERY_BYTES`."""
    chunks, size = [], 0
    async for chunk in request.stream():
        size += len(chunk)
        if size > MAX_QUERY_BYTES:
            raise HTTPException(413, f"the request is larger than {MAX_QUERY_BYTES} bytes")
        chunks.append(chunk)
    return b"".join(chunks)
