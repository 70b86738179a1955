"""Data files of installed packages, found without importing the packages.

The engine uses only the data of pyspellchecker (an English word list), jieba (a Chinese dictionary) and zhconv (a
traditional-to-simplified table). Importing them costs what the bot never uses: jieba loads its statistical model,
zhconv imports pkg_resources (together about 45 MB of peak memory at start-up). `importlib.util.find_spec` locates a
top-level package without running its code.
"""

from __future__ import annotations

import importlib.util
from pathlib import Path


def package_file(package: str, *parts: str) -> Path:
    """The path of a data file inside an installed package; FileNotFoundError when it has no such file."""
    spec = importlib.util.find_spec(package)
    folders = spec.submodule_search_locations if spec is not None else None
    for folder in folders or ():
        path = Path(folder, *parts)
        if path.is_file():
            return path
    raise FileNotFoundError(f"{package} has no {'/'.join(parts)}")
