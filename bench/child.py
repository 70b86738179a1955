"""Run one measurement in a fresh process: python -m bench.child SECTION 'JSON arguments' -> one JSON line.

A fresh process per measurement keeps them independent: no index of another size in memory (the garbage
collector would scan it), no warm caches from an earlier section, no what-if patch leaking into the next run.
Generating the synthetic fact bases in a child too keeps the runner small, which matters for peak RSS: Linux
carries a process's ru_maxrss over to the children it starts.
"""

from __future__ import annotations

import json
import os
import subprocess
import sys
from pathlib import Path
from typing import Any

ROOT = Path(__file__).resolve().parent.parent


def _as_the_bot_runs() -> None:
    """The interpreter settings `python -m bot run` applies in main() before serving (the GIL switch interval)."""
    from bot.telegram import app

    interval = getattr(app, "SWITCH_INTERVAL", None)
    if interval:
        sys.setswitchinterval(interval)


def _latency(args: dict[str, Any]) -> dict[str, Any]:
    from bench import matching
    from bench.samples import Question
    from bot.engine.knowledge import build

    knowledge = build(args["path"])
    questions = None
    if args.get("devset"):
        questions = [Question(q, "dev", None) for q in args["devset"]]
    result = matching.measure(
        args["label"], knowledge, args["per_kind"], questions, baseline_limit=args.get("baseline_limit")
    )
    return result.as_dict()


def _reload(args: dict[str, Any]) -> dict[str, Any]:
    _as_the_bot_runs()
    from bench import reloading, whatif

    whatif.apply(args.get("whatif", []))
    return reloading.measure(Path(args["path"])).as_dict()


def _e2e(args: dict[str, Any]) -> dict[str, Any]:
    _as_the_bot_runs()
    from bench import endtoend, whatif

    whatif.apply(args.get("whatif", []))
    return endtoend.measure(
        args["label"],
        args["questions"],
        args["chats"],
        args.get("latency", 0.05),
        args.get("rate_limit", False),
        args.get("fake_in", "child process"),
        args.get("timeout", 120.0),
        echo="echo_handler" in args.get("whatif", []),
    ).as_dict()


def _flood(args: dict[str, Any]) -> dict[str, Any]:
    _as_the_bot_runs()
    from bench import endtoend, whatif

    whatif.apply(args.get("whatif", []))
    return endtoend.measure_flood(args["label"], args["flood"], args["others"], args.get("timeout", 120.0)).as_dict()


def _hostile(args: dict[str, Any]) -> dict[str, Any]:
    import tempfile

    from bench import hostile

    if args["label"] == "time":
        return hostile.measure_time(Path(args["path"]), args["per_kind"])
    with tempfile.TemporaryDirectory() as data:
        return hostile.measure_memory(Path(args["path"]), args["messages"], Path(data))


def _conversation(args: dict[str, Any]) -> dict[str, Any]:
    from bench import conversing

    return conversing.measure(Path(args["path"]), Path(args["devset"]), args["made"])


def _generate(args: dict[str, Any]) -> dict[str, Any]:
    from bench.synthetic import generate

    generated = generate(args["size"], Path(args["path"]), args.get("seed", 1))
    return {"path": str(generated.path), "facts": len(generated.facts)}


SECTIONS = {
    "latency": _latency,
    "reload": _reload,
    "e2e": _e2e,
    "generate": _generate,
    "flood": _flood,
    "hostile": _hostile,
    "conversation": _conversation,
}


def run(section: str, args: dict[str, Any], timeout: float) -> dict[str, Any]:
    """The section's result, or {"error": ...} when the child fails or runs out of time."""
    try:
        done = subprocess.run(
            [sys.executable, "-m", "bench.child", section, json.dumps(args)],
            cwd=ROOT,
            capture_output=True,
            text=True,
            timeout=timeout,
            env={**os.environ, "PYTHONPATH": str(ROOT)},
        )
    except subprocess.TimeoutExpired:
        return {"error": f"did not finish within {timeout:.0f} s"}
    lines = done.stdout.strip().splitlines()
    if done.returncode != 0 or not lines:
        return {"error": (done.stderr.strip().splitlines() or ["failed"])[-1][:300]}
    return json.loads(lines[-1])


if __name__ == "__main__":
    print(json.dumps(SECTIONS[sys.argv[1]](json.loads(sys.argv[2]))))
