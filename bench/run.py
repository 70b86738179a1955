"""`python -m bench` (make bench): every section, quick by default, BENCH_FULL=1 for the full sizes.

Prints the markdown report and writes it to bench/RESULTS.md (and the raw figures to bench/out/results.json).
Each measurement runs in a fresh child process (bench/child.py, bench/loading.py); the synthetic fact bases are
generated once per run into a temporary directory and removed afterwards.
"""

from __future__ import annotations

import json
import os
import shutil
import sys
import tempfile
import time
from dataclasses import dataclass, field
from pathlib import Path

from bench import child, loading, machine, markdown

ROOT = Path(__file__).resolve().parent.parent
REAL = ROOT / "facts"
DEVSET = ROOT.parent / "shared" / "devset" / "questions.yaml"
CONVERSATIONS = DEVSET.with_name("conversations.yaml")


@dataclass
class Config:
    name: str
    sizes: list[int]  # synthetic fact bases, besides the real one
    real_per_kind: int  # questions of each kind on the real fact base
    per_kind: int  # questions of each kind on the synthetic ones
    baseline_limit: dict[int, int] = field(default_factory=dict)  # size -> questions the baseline is timed on
    reload_size: int = 10_000
    e2e: list[tuple[int, int]] = field(default_factory=list)  # (questions, chats), rate limiter off
    same_loop: bool = False  # also run the fake in the bot's loop, as the tests do
    rate: tuple[int, int] = (60, 30)  # (questions, chats) with the rate limiter on
    flood: int = 300  # questions one chat sends at once before five other chats ask one each
    hostile_per_kind: int = 30  # distinct messages of each kind and length, timed
    hostile_messages: int = 3_000  # distinct 4 KB messages answered in one process, for its peak RSS
    conversations: int = 2_000  # two-turn conversations made from the real fact base, besides the devset's
    timeout: float = 300.0  # per child process


QUICK = Config("quick", [1_000, 10_000], real_per_kind=250, per_kind=100, e2e=[(600, 60)])
FULL = Config(
    "full",
    [1_000, 10_000, 100_000],
    real_per_kind=250,
    per_kind=250,
    baseline_limit={100_000: 100},
    e2e=[(600, 60), (3_000, 300)],
    same_loop=True,
    timeout=900.0,
)


def _log(message: str) -> None:
    print(message, file=sys.stderr, flush=True)


def _devset() -> list[str]:
    try:
        import yaml

        return [str(entry["q"]) for entry in yaml.safe_load(DEVSET.read_text(encoding="utf-8")) if "q" in entry]
    except (OSError, ValueError, TypeError, KeyError):
        return []


def main() -> int:
    config = FULL if os.environ.get("BENCH_FULL", "").strip() not in ("", "0") else QUICK
    started = time.perf_counter()
    results: dict = {
        "mode": config.name,
        "machine": machine.describe(),
        "latency": [],
        "load": [],
        "reload": [],
        "e2e": [],
        "flood": [],
        "hostile": [],
        "conversation": [],
    }
    _log(f"bench: {config.name} mode on {results['machine']['cpu']} ({results['machine']['cores']} cores)")
    scratch = Path(tempfile.mkdtemp(prefix="bench-facts-"))
    try:
        bases: dict[str, Path] = {"real": REAL}
        for size in config.sizes:
            begun = time.perf_counter()
            made = child.run("generate", {"size": size, "path": str(scratch / f"facts-{size}")}, config.timeout)
            if "error" in made:
                raise SystemExit(f"bench: generating {size:,} facts failed: {made['error']}")
            bases[f"{size:,}"] = Path(made["path"])
            _log(f"  generated {size:,} facts in {time.perf_counter() - begun:.1f} s")
        results["generated"] = {label: _size_of(path) for label, path in bases.items()}

        # 1. matcher latency, side by side with the baseline
        sizes = {"real": None, **{f"{s:,}": s for s in config.sizes}}
        devset = _devset()
        if devset:
            _section(
                results["latency"],
                "latency",
                {"path": str(REAL), "label": "real (dev set questions)", "per_kind": 0, "devset": devset},
                config,
            )
        for label, size in sizes.items():
            per_kind = config.real_per_kind if size is None else config.per_kind
            _section(
                results["latency"],
                "latency",
                {
                    "path": str(bases[label]),
                    "label": label,
                    "per_kind": per_kind,
                    "baseline_limit": config.baseline_limit.get(size or 0),
                },
                config,
            )

        # 2. load, validate, index and peak RSS, a fresh process per size
        for label in sizes:
            begun = time.perf_counter()
            measured = loading.measure(label, bases[label], config.timeout).as_dict()
            results["load"].append(measured)
            _log(
                f"  load {label}: {measured['seconds']:.2f} s, peak RSS {measured['peak_rss_mb']:.0f} MB "
                f"({time.perf_counter() - begun:.0f} s) {measured['error']}"
            )

        # 3. reload under load
        reload_path = bases.get(f"{config.reload_size:,}")
        if reload_path is not None:
            _section(
                results["reload"],
                "reload",
                {"path": str(reload_path), "label": f"{config.reload_size:,} facts"},
                config,
            )

        # 4. end to end, and a control with no bot work
        runs = []
        for q, c in config.e2e:
            runs.append({"label": f"{q:,} from {c}", "questions": q, "chats": c})
        q, c = config.e2e[0]
        if config.same_loop:
            runs.append(
                {"label": f"{q:,} from {c}, fake in the bot's loop", "questions": q, "chats": c, "fake_in": "same loop"}
            )
        runs.append(
            {
                "label": f"{q:,} from {c}, control: echo_handler (no matching, rendering or log)",
                "questions": q,
                "chats": c,
                "whatif": ["echo_handler"],
            }
        )
        q, c = config.rate
        runs.append({"label": f"{q} from {c}, rate limiter on", "questions": q, "chats": c, "rate_limit": True})
        for run in runs:
            _section(results["e2e"], "e2e", run, config)
        _section(
            results["flood"],
            "flood",
            {"label": f"{config.flood} from one chat", "flood": config.flood, "others": 5},
            config,
        )

        # 6. hostile messages: time per message, and memory after thousands of them
        _section(
            results["hostile"],
            "hostile",
            {"label": "time", "path": str(REAL), "per_kind": config.hostile_per_kind},
            config,
        )
        _section(
            results["hostile"],
            "hostile",
            {"label": "memory", "path": str(REAL), "messages": config.hostile_messages},
            config,
        )

        # 7. answers with context: each turn of a conversation, follow-ups included
        _section(
            results["conversation"],
            "conversation",
            {"label": "real", "path": str(REAL), "devset": str(CONVERSATIONS), "made": config.conversations},
            config,
        )
    finally:
        shutil.rmtree(scratch, ignore_errors=True)

    results["seconds"] = time.perf_counter() - started
    finished = machine.describe()["commit"]
    if finished != results["machine"]["commit"]:  # someone committed while the benchmark ran
        results["machine"]["commit"] += f" at the start, {finished} at the end: sections may mix the two"
    text = markdown.render(results)
    print(text)
    out = ROOT / "bench" / "out"
    out.mkdir(exist_ok=True)
    (out / f"results-{config.name}.json").write_text(json.dumps(results, indent=1, default=str), encoding="utf-8")
    other = out / f"results-{'quick' if config.name == 'full' else 'full'}.json"
    if other.exists():  # keep the latest run of the other mode in RESULTS.md too, clearly dated
        try:
            earlier = json.loads(other.read_text(encoding="utf-8"))
            text += "\n---\n\n" + markdown.render(earlier).replace(
                "# Benchmark results", f"# Earlier {earlier['mode']} run", 1
            )
        except (OSError, ValueError, KeyError):
            pass
    (ROOT / "bench" / "RESULTS.md").write_text(text, encoding="utf-8")
    _log(f"bench: done in {results['seconds']:.0f} s; wrote bench/RESULTS.md")
    return 0


def _size_of(path: Path) -> dict:
    files = [p for p in path.rglob("*") if p.is_file() and p.suffix in (".yaml", ".txt")]
    return {"files": len(files), "megabytes": round(sum(p.stat().st_size for p in files) / 1e6, 1)}


def _section(into: list, section: str, args: dict, config: Config) -> None:
    begun = time.perf_counter()
    result = child.run(section, args, config.timeout)
    result.setdefault("label", args.get("label", section))
    result.setdefault("whatif", args.get("whatif", []))
    into.append(result)
    _log(f"  {section} {args.get('label', '')}: {time.perf_counter() - begun:.0f} s {result.get('error', '')}")
