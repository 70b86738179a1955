"""2. Load, validate and index time, and peak memory, each size in a fresh process.

The child does what `python -m bot run` does before polling: import the Telegram application, read the settings,
build the knowledge store (load + validate + index, through `KnowledgeStore` as `main()` does), open the question
log and build the production Application. Peak RSS is `ru_maxrss` of that child, so each size has its own.
`build()`'s three steps are timed by wrapping the names it calls (`load`, `Matcher`, `validate`: the collision check
and the curators' checks), so the breakdown follows whatever `build()` does without copying it.

Run as a child: python -m bench.loading FACTS_DIR  -> one JSON line on stdout.
"""

from __future__ import annotations

import json
import os
import resource
import subprocess
import sys
import tempfile
import time
from dataclasses import dataclass
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
TOKEN = "123456789:AAHbenchmark-token-not-a-real-one_x"


@dataclass
class LoadResult:
    label: str
    facts: int
    seconds: float  # build(): load + validate + index
    phases: dict[str, float]  # load, index (Matcher), collisions
    import_seconds: float
    rss_after_import_mb: float
    peak_rss_mb: float
    hwm_mb: float = float("nan")
    error: str = ""

    @classmethod
    def failed(cls, label: str, error: str) -> LoadResult:
        """A run that measured nothing, with why."""
        nan = float("nan")
        return cls(label, 0, nan, {}, nan, nan, nan, error=error)

    def as_dict(self) -> dict:
        return dict(self.__dict__)


def _rss_mb() -> float:
    return resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024  # KiB on Linux


def _hwm_mb() -> float:
    """VmHWM: the peak RSS of this process's own address space. Unlike ru_maxrss, which Linux carries over from
    the parent across fork and exec, it starts afresh at exec: the two agree when the parent is small."""
    try:
        for line in Path("/proc/self/status").read_text().splitlines():
            if line.startswith("VmHWM:"):
                return int(line.split()[1]) / 1024
    except (OSError, ValueError):
        pass
    return float("nan")


def child(path: str) -> dict:
    started = time.perf_counter()
    import bot.engine.knowledge as knowledge_module
    from bot.config import Settings
    from bot.curation.questionlog import QuestionLog
    from bot.engine.facade import Engine
    from bot.telegram.app import build_application

    import_seconds = time.perf_counter() - started
    rss_after_import = _rss_mb()

    phases: dict[str, float] = {}

    def timed(name: str, function):  # type: ignore[no-untyped-def]
        def wrapper(*args, **kwargs):  # type: ignore[no-untyped-def]
            begun = time.perf_counter()
            try:
                return function(*args, **kwargs)
            finally:
                phases[name] = phases.get(name, 0.0) + time.perf_counter() - begun

        return wrapper

    for name, label in (("load", "load"), ("Matcher", "index"), ("validate", "collisions")):
        if hasattr(knowledge_module, name):
            setattr(knowledge_module, name, timed(label, getattr(knowledge_module, name)))
    with tempfile.TemporaryDirectory() as data:
        settings = Settings.from_env(
            {
                "TELEGRAM_BOT_TOKEN": TOKEN,
                "TELEGRAM_BASE_URL": "http://127.0.0.1:9/bot",
                "FACTS_PATH": path,
                "DATA_DIR": data,
                "RATE_LIMIT": "on",
            }
        )
        begun = time.perf_counter()
        store = knowledge_module.KnowledgeStore(settings.engine.facts_path)
        seconds = time.perf_counter() - begun
        log = QuestionLog.open(Path(data) / "questions.sqlite3")
        build_application(settings, Engine(store), log)
        log.close()
    return {
        "facts": len(store.current.base.facts),
        "seconds": seconds,
        "phases": phases,
        "import_seconds": import_seconds,
        "rss_after_import_mb": rss_after_import,
        "peak_rss_mb": _rss_mb(),
        "hwm_mb": _hwm_mb(),
    }


def measure(label: str, path: Path, timeout: float) -> LoadResult:
    """Run the child on `path`; a child that fails or times out gives a result with `error` set."""
    try:
        done = subprocess.run(
            [sys.executable, "-m", "bench.loading", str(path)],
            cwd=ROOT,
            capture_output=True,
            text=True,
            timeout=timeout,
            env={**os.environ, "PYTHONPATH": str(ROOT)},
        )
    except subprocess.TimeoutExpired:
        return LoadResult.failed(label, f"did not finish within {timeout:.0f} s")
    if done.returncode != 0:
        return LoadResult.failed(label, (done.stderr.strip().splitlines() or ["failed"])[-1][:300])
    data = json.loads(done.stdout.strip().splitlines()[-1])
    return LoadResult(
        label,
        data["facts"],
        data["seconds"],
        data["phases"],
        data["import_seconds"],
        data["rss_after_import_mb"],
        data["peak_rss_mb"],
        data.get("hwm_mb", float("nan")),
    )


if __name__ == "__main__":
    print(json.dumps(child(sys.argv[1])))
