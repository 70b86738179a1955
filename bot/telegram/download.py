"""Downloading what a person sends, capped while it streams: a declared `file_size` may be missing or wrong."""

from __future__ import annotations

import httpx
from telegram import Document

DOWNLOAD_TIMEOUT = 30.0


class DownloadError(Exception):
    """The file could not be fetched from Telegram. The message never holds the URL, which holds the token."""


async def download(document: Document, limit: int) -> bytes | None:
    """The document's bytes, or None when it is larger than `limit` bytes.

    The size Telegram declares is checked first, then the bytes are counted as they arrive and the download is
    abandoned past the limit, so a file that declares no size (or a false one) cannot fill the memory.
    """
    if document.file_size is not None and document.file_size > limit:
        return None
    file = await document.get_file()
    if file.file_size is not None and file.file_size > limit:
        return None
    url = file.file_path or ""
    if not url.startswith(("https://", "http://")):
        raise DownloadError("Telegram gave no download address for the file")
    received = bytearray()
    try:
        async with (
            httpx.AsyncClient(timeout=DOWNLOAD_TIMEOUT) as client,
            client.stream("GET", url) as response,
        ):
            if response.status_code != 200:
                raise DownloadError(f"Telegram answered {response.status_code} to the download")
            async for chunk in response.aiter_bytes():
                received += chunk
                if len(received) > limit:
                    return None
    except httpx.HTTPError as error:
        raise DownloadError(f"the download failed: {type(error).__name__}") from None
    return bytes(received)
