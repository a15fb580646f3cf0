"""Where regimes live: the shipped regime folders by importer, and a user's folder."""

from __future__ import annotations

from functools import lru_cache
from pathlib import Path

from tradedeal import tomlfile
from tradedeal.errors import QueryError

SHIPPED_DIR = Path(__file__).resolve().parent / "data"
HEADER_FILE = "regime.toml"


@lru_cache(maxsize=1)
def shipped_regimes() -> dict[str, Path]:
    """Importer ISO3 -> folder of the shipped regime."""
    out = {}
    for folder in sorted(SHIPPED_DIR.iterdir()):
        if (folder / HEADER_FILE).is_file():
            out[tomlfile.read(folder / HEADER_FILE)[1]["regime"]["importer"]] = folder
    return out


@lru_cache(maxsize=1)
def default_importer() -> str:
    """The importer of the shipped regime marked ``default = true`` in its header (data, so that no
    module names a country); commands use it when the user names no importer."""
    marked = [imp for imp, folder in shipped_regimes().items()
              if tomlfile.read(folder / HEADER_FILE)[1]["regime"].get("default")]
    if len(marked) != 1:
        raise QueryError(f"{len(marked)} shipped regimes are marked as the default", "give --importer ISO3")
    return marked[0]


def regime_folder(folder: str | Path | None, importer: str | None) -> Path:
    """``folder``, or the shipped regime folder of ``importer``."""
    if folder is None:
        regimes = shipped_regimes()
        if importer not in regimes:
            raise QueryError(f"no shipped tariff regime for importer {importer}",
                             f"shipped regimes: {', '.join(regimes)}; give your own with --regime FOLDER")
        folder = regimes[importer]
    return Path(folder)
