"""Settings for every command and the service, read from CYBERNORMS_* variables."""

from functools import lru_cache
from pathlib import Path

from pydantic_settings import BaseSettings, SettingsConfigDict


def _checkout_root() -> Path:
    """The folder holding ontology/ and data/: the checkout this package runs from."""
    root = Path(__file__).resolve().parents[2]
    return root if (root / "ontology").is_dir() else Path.cwd()


class Settings(BaseSettings):
    model_config = SettingsConfigDict(env_prefix="CYBERNORMS_")

    root: Path = _checkout_root()
    build_dir: Path | None = None
    host: str = "127.0.0.1"
    port: int = 8000
    query_threads: int = 4
    query_workers: int = 4
    query_timeout: float = 10.0
    max_waiting_queries: int = 64
    max_result_rows: int = 1_000_000
    max_result_bytes: int = 50_000_000
    max_query_length: int = 100_000
    max_body_bytes: int = 1_000_000
    answer_cache_bytes: int = 64_000_000  # answers kept for repeated queries (http/answer_cache.py); 0 keeps none
    cors_origins: list[str] = []
    base_iri: str = "https://w3id.org/cybernorms/"
    write_tokens: dict[str, str] = {}  # curator name -> bearer token; writes are off while it is empty
    contributions_file: Path | None = None
    endpoint: str | None = None  # an external SPARQL 1.1 store's query URL: answer from it (engine/remote_store.py)
    update_endpoint: str | None = None  # the external store's SPARQL Update URL: curators' writes go there
    store_user: str | None = None  # for the external store, if it asks for one
    store_password: str | None = None
    fetch_allow: list[str] = []  # IRI prefixes SERVICE, LOAD and remote JSON-LD contexts may fetch from (engine/outbound.py)

    @property
    def ontology_dir(self) -> Path:
        return self.root / "ontology"

    @property
    def data_dir(self) -> Path:
        return self.root / "data"

    @property
    def queries_dir(self) -> Path:
        return self.root / "queries"

    @property
    def artifact_dir(self) -> Path:
        return self.build_dir or self.root / "build"

    @property
    def contributions_path(self) -> Path:
        """The journal of curators' contributions: kept beside the compiled graph unless set."""
        return self.contributions_file or self.artifact_dir / "contributions.jsonl"


@lru_cache
def get_settings() -> Settings:
    return Settings()
