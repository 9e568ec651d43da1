"""The FastAPI application, made by a factory from settings."""

import logging
from contextlib import asynccontextmanager

import anyio
from fastapi import FastAPI
from fastapi.middleware.cors import CORSMiddleware
from fastapi.staticfiles import StaticFiles
from swagger_ui_bundle import swagger_ui_path

from .. import __version__
from ..coalitions.answers import Answers
from ..contributions.changes import Contributions
from ..engine.named_queries import load_named_queries
from ..engine.remote_store import StoreFailed
from ..engine.store import GraphStore, ResultLimits
from ..engine.workers import QueryWorkers
from ..publishing.dumps import DUMPS, dumps_dir, export
from ..publishing.framing import current_context, published_contexts
from ..publishing.ontology_page import page_path, write_page
from ..publishing.site import STATIC
from ..settings import Settings, get_settings
from . import api, graph_store, meta, ontology, pages, resources, sparql, writes
from .answer_cache import AnswerCache
from .errors import install_error_handlers
from .head_requests import HeadAsGet
from .limits import BodyLimit
from .request_ids import RequestIds

log = logging.getLogger("cybernorms.service")
STORE_POLL_SECONDS = 1.0
ROUTERS = (sparql.router, graph_store.router, writes.router, resources.router, ontology.router,
           api.router, meta.router, pages.router)


@asynccontextmanager
async def _lifespan(app: FastAPI):
    await app.state.query_workers.start()
    async with anyio.create_task_group() as background:
        # The stance timeline every coalition answer reads, compiled while the service already answers,
        # so that neither the start nor the first coalition answer waits for it.
        background.start_soon(anyio.to_thread.run_sync, _compile_timeline, app.state.answers)
        if app.state.contributions.shared:
            background.start_soon(_follow_store, app.state.contributions)
        yield
        background.cancel_scope.cancel()
    await app.state.query_workers.stop()


async def _follow_store(contributions: Contributions) -> None:
    """With an external store, take up the other replicas' changes: it is read every STORE_POLL_SECONDS."""
    while True:
        await anyio.sleep(STORE_POLL_SECONDS)
        try:
            await contributions.follow_store()
        except StoreFailed:
            log.exception("the contributions in the external store could not be read; trying again")


def _compile_timeline(answers: Answers) -> None:
    try:
        answers.snapshot(None)  # today's, the most asked for, and the timeline it is read from
    except Exception:  # the first coalition answer tries again, and its error goes to its asker
        log.exception("the stance timeline could not be compiled at start")


def create_app(settings: Settings | None = None, graph: GraphStore | None = None) -> FastAPI:
    """An app serving the compiled graph named by the settings (built beforehand)."""
    settings = settings or get_settings()
    app = FastAPI(
        lifespan=_lifespan,
        title="Cyber norms knowledge graph",
        version=__version__,
        description="International cyber norms and state positions, with their sources, over SPARQL 1.1.",
        license_info={"name": "CC BY 4.0 (data), MIT (code)"},
        docs_url=None,  # served by pages.py with Swagger UI's files from this service, not from a CDN
        redoc_url=None,
    )
    app.state.settings = settings
    app.state.answer_cache = AnswerCache(settings.answer_cache_bytes)
    if settings.endpoint and settings.write_tokens and not settings.update_endpoint:
        raise ValueError("Curators' writes to an external store need its SPARQL Update URL: set "
                         "CYBERNORMS_UPDATE_ENDPOINT, or leave CYBERNORMS_WRITE_TOKENS empty.")
    app.state.graph = graph or GraphStore.open(settings)

    def contributions_changed() -> None:
        app.state.answers.forget()
        app.state.answer_cache.clear()
        app.state.contributions_version = app.state.contributions.version

    # Replays the journal (and brings the inferences about it up to date) before anything is served.
    app.state.contributions = Contributions(settings, app.state.graph, contributions_changed)
    app.state.contributions_version = app.state.contributions.version
    if not all((dumps_dir(settings) / name).is_file() for name in DUMPS):
        export(settings, app.state.graph)
    if not page_path(settings).is_file():
        write_page(settings)
    app.state.ontology = ontology.load_document(settings)
    app.state.published_contexts = published_contexts(settings.ontology_dir)
    app.state.context = current_context(app.state.published_contexts, settings.ontology_dir,
                                        app.state.graph.manifest["version"])
    app.state.query_limiter = anyio.CapacityLimiter(settings.query_threads)
    app.state.query_workers = QueryWorkers(settings, ResultLimits(settings.max_result_rows, settings.max_result_bytes))
    app.state.answers = Answers(app.state.graph, load_named_queries(settings.queries_dir))
    install_error_handlers(app)
    app.add_middleware(HeadAsGet)
    app.add_middleware(BodyLimit, max_bytes=settings.max_body_bytes)
    if settings.cors_origins:
        # Opt-in: only the origins named in the settings, without credentials.
        app.add_middleware(CORSMiddleware, allow_origins=settings.cors_origins, allow_methods=["GET", "POST"],
                           allow_headers=["Accept", "Content-Type"], expose_headers=["X-Request-ID"])
    app.add_middleware(RequestIds)  # added last, so outermost: every answer carries the id, even a refused body's
    for router in ROUTERS:
        app.include_router(router)
    app.mount("/static/swagger", StaticFiles(directory=swagger_ui_path), name="swagger")
    app.mount("/static", StaticFiles(directory=STATIC), name="static")
    return app
