"""Commit each change curators make from Telegram when the facts folder is a git work tree.

git is the version history and the rollback the fact base needs, without a database of its own. Committing is
best effort: the change is already written and served when git runs, so a failing git is logged, never raised.
"""

from __future__ import annotations

import logging
import os
import subprocess
from collections.abc import Sequence
from pathlib import Path

logger = logging.getLogger(__name__)
GIT_TIMEOUT = 30.0  # seconds; a hook that hangs must not hold the edit lock for ever
# Used only when the repository has no identity of its own (a fresh server): git refuses to commit without one.
IDENTITY = ("-c", "user.name=Innovation bot", "-c", "user.email=innovation-bot@localhost")


def _git(folder: Path, *arguments: str) -> subprocess.CompletedProcess[str]:
    return subprocess.run(
        ["git", "-C", str(folder), *arguments],
        capture_output=True,
        text=True,
        timeout=GIT_TIMEOUT,
        env={**os.environ, "GIT_TERMINAL_PROMPT": "0"},
        check=False,
    )


def is_work_tree(folder: Path) -> bool:
    """Whether `folder` is inside a git work tree (False without git, too)."""
    try:
        found = _git(folder, "rev-parse", "--is-inside-work-tree")
    except (OSError, subprocess.SubprocessError):
        return False
    return found.returncode == 0 and found.stdout.strip() == "true"


def commit(folder: Path, files: Sequence[Path], message: str) -> str | None:
    """Commit these files (and only these) with `message`; the commit's short hash, or None when not committed.

    None without a work tree, and when git fails (logged with git's own words).
    """
    if not is_work_tree(folder):
        return None
    paths = [str(path) for path in files]
    try:
        identity = () if _git(folder, "config", "user.email").returncode == 0 else IDENTITY
        steps = (
            ("add", ("add", "--all", "--", *paths)),  # --all stages a removed file as removed
            ("commit", (*identity, "commit", "--quiet", "-m", message, "--", *paths)),
            ("rev-parse", ("rev-parse", "--short", "HEAD")),
        )
        for name, arguments in steps:
            done = _git(folder, *arguments)
            if done.returncode != 0:
                logger.warning("git %s failed in %s: %s", name, folder, (done.stderr or done.stdout).strip()[:500])
                return None
    except (OSError, subprocess.SubprocessError) as error:
        logger.warning("git failed in %s: %s", folder, error)
        return None
    return done.stdout.strip()
