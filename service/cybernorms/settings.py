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
    cors_origins: list[str] = []
    base_iri: str = "https://w3id.org/cybernorms/"

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


@lru_cache
def get_settings() -> Settings:
    return Settings()
