"""Reading a source's article, for the quote check: only a plain name of a regular file in the articles folder.

A source's `file:` comes from a fact file, which may come from an upload: the quote check must not become a way to
read other files of the server.
"""

from __future__ import annotations

import os
import re
import stat
from pathlib import Path

_ARTICLE_NAME = re.compile(r"[A-Za-z0-9][A-Za-z0-9._-]{0,99}")
MAX_ARTICLE_BYTES = 1 << 20


def read_article(articles: Path, name: str) -> str:
    """The text of the article file `name`; ValueError saying why not.

    Only a plain name of a regular file directly inside the articles folder is read (no path, no link, no device or
    pipe), and at most MAX_ARTICLE_BYTES of it: the quote check must not become a way to read other server files.
    """
    if not _ARTICLE_NAME.fullmatch(name):
        raise ValueError("must be the plain name of a file in the articles folder (letters, digits, '.', '_', '-')")
    flags = os.O_RDONLY | getattr(os, "O_NOFOLLOW", 0) | getattr(os, "O_NONBLOCK", 0)
    try:
        descriptor = os.open(articles / name, flags)
    except OSError as error:
        raise ValueError("is not a file in the articles folder") from error
    with os.fdopen(descriptor, "rb") as opened:
        status = os.fstat(opened.fileno())
        if not stat.S_ISREG(status.st_mode):
            raise ValueError("is not a regular file in the articles folder")
        content = opened.read(MAX_ARTICLE_BYTES + 1)
    if len(content) > MAX_ARTICLE_BYTES:
        raise ValueError(f"is larger than {MAX_ARTICLE_BYTES >> 20} MiB")
    try:
        return content.decode("utf-8")
    except UnicodeDecodeError as error:
        raise ValueError("is not UTF-8 text") from error


def squash(text: str) -> str:
    """Collapse white space, so that a quote spanning a line break still matches."""
    return " ".join(text.split())
