"""The markdown report: targets first (met / not met), then each section's table."""

from __future__ import annotations

import itertools
import math
from typing import Any

from bench import conversing, hostile

GROWTH_LIMIT = math.sqrt(10)  # "clearly slower than the facts": at most square-root growth per 10x facts


def _f(value: Any, digits: int = 2, unit: str = "") -> str:
    if value is None or (isinstance(value, float) and math.isnan(value)):
        return "n/a"
    if isinstance(value, float):
        return f"{value:,.{digits}f}{unit}"
    return f"{value:,}{unit}"


def _ms(value: Any) -> str:
    if value is None or (isinstance(value, float) and math.isnan(value)):
        return "n/a"
    return (
        f"{value:.3f}"
        if value < 1
        else f"{value:.2f}"
        if value < 10
        else f"{value:.1f}"
        if value < 100
        else f"{value:,.0f}"
    )


def _pct(value: Any) -> str:
    return "n/a" if value is None or (isinstance(value, float) and math.isnan(value)) else f"{100 * value:.0f}%"


def _status(ok: bool | None) -> str:
    return "not measured" if ok is None else ("**met**" if ok else "**not met**")


def _find(rows: list[dict], label: str) -> dict | None:
    return next((row for row in rows if row.get("label") == label and not row.get("error")), None)


def targets(results: dict) -> list[tuple[str, str, str]]:
    """(target, measured, status) for each target of the issue."""
    rows: list[tuple[str, str, str]] = []
    latency = results["latency"]
    real = _find(latency, "real")
    rows.append(
        (
            "Real fact base: matcher p99 <= 1 ms",
            f"{_ms(real['matcher']['p99_ms'])} ms" if real else "n/a",
            _status(real["matcher"]["p99_ms"] <= 1.0 if real else None),
        )
    )
    big = _find(latency, "100,000")
    rows.append(
        (
            "100,000 facts: matcher p50 <= 20 ms",
            f"{_ms(big['matcher']['p50_ms'])} ms" if big else "quick mode: run BENCH_FULL=1",
            _status(big["matcher"]["p50_ms"] <= 20.0 if big else None),
        )
    )
    synthetic = [row for row in latency if row["label"].replace(",", "").isdigit() and not row.get("error")]
    steps = []
    for low, high in itertools.pairwise(synthetic):
        ratio = high["matcher"]["p50_ms"] / low["matcher"]["p50_ms"]
        steps.append((f"{low['label']}->{high['label']}: x{ratio:.2f}", ratio <= GROWTH_LIMIT))
    rows.append(
        (
            f"Matcher p50 grows clearly slower than the facts (x{GROWTH_LIMIT:.2f} or less per 10x facts)",
            "; ".join(text for text, _ in steps) or "n/a",
            _status(all(ok for _, ok in steps) if steps else None),
        )
    )
    compared = [row for row in latency if not row.get("error") and row.get("baseline_questions")]
    slower = [
        f"{row['label']} (p50 x{row['ratio_p50']:.2f}, p99 x{row['ratio_p99']:.2f})"
        for row in compared
        if row["ratio_p50"] > 1 or row["ratio_p99"] > 1
    ]
    worst = max((max(row["ratio_p50"], row["ratio_p99"]) for row in compared), default=float("nan"))
    rows.append(
        (
            "Matcher never slower than the naive baseline (p50 and p99, every size)",
            ("slower on " + ", ".join(slower)) if slower else f"worst matcher/baseline ratio x{worst:.2f}",
            _status(not slower if compared else None),
        )
    )
    reload = next((row for row in results["reload"] if not row.get("error")), None)
    rows.append(
        (
            "Reload of 10,000 facts within 2 s (while answering)",
            f"{_f(reload['reload_seconds'])} s (the same build with nothing else running: "
            f"{_f(reload['idle_build_seconds'])} s)"
            if reload
            else "n/a",
            _status(reload["reload_seconds"] <= 2.0 if reload else None),
        )
    )
    rows.append(
        (
            "No pause longer than 50 ms in answering during the reload",
            f"longest {_ms(reload['max_gap'] * 1000)} ms, {reload['gaps_over_50ms']} pauses > 50 ms"
            if reload
            else "n/a",
            _status(reload["max_gap"] <= 0.050 if reload else None),
        )
    )
    plain = [
        row
        for row in results["e2e"]
        if not row.get("rate_limit")
        and not row.get("whatif")
        and row.get("fake_in") == "child process"
        and "per_second" in row
    ]
    if plain:
        worst_rate = min(row["per_second"] for row in plain)
        rows.append(
            (
                "End to end >= 300 questions/s (50 ms API latency, rate limiter off)",
                ", ".join(f"{row['label']}: {_f(row['per_second'], 0)}/s" for row in plain),
                _status(worst_rate >= 300 and not any(row.get("error") for row in plain)),
            )
        )
    else:
        rows.append(("End to end >= 300 questions/s (50 ms API latency, rate limiter off)", "n/a", _status(None)))
    e2e = [row for row in results["e2e"] if "questions" in row]
    lost = sum(row.get("lost", 0) for row in e2e)
    duplicated = sum(row.get("duplicated", 0) for row in e2e)
    disordered = sum(row.get("out_of_order_chats", 0) for row in e2e)
    unrecognised = sum(row.get("unrecognised", 0) for row in e2e)
    rows.append(
        (
            "End to end: none lost, none duplicated, order kept in every chat (all runs)",
            f"{lost} lost, {duplicated} duplicated, {disordered} chats out of order, {unrecognised} unrecognised",
            _status((lost + duplicated + disordered + unrecognised) == 0 if e2e else None),
        )
    )
    limited = next((row for row in e2e if row.get("rate_limit")), None)
    rows.append(
        (
            "Rate limiter on: no 429, at most 30 sendMessage in any 1-second window",
            f"{limited['too_many_requests']} x 429, peak {limited['max_per_second']} in 1 s, "
            f"{_f(limited['per_second'], 1)}/s overall, at most {limited['max_per_chat_second']} per chat "
            "in 1 s"
            if limited
            else "n/a",
            _status(limited["too_many_requests"] == 0 and limited["max_per_second"] <= 30 if limited else None),
        )
    )
    flood = next((row for row in results.get("flood", []) if "others_max" in row), None)
    rows.append(
        (
            "(not an issue target) Other chats are not held up by one chat sending 300 questions at once",
            f"the others waited up to {_f(flood['others_max'], 2)} s" if flood else "n/a",
            _status(flood["others_max"] <= 1.0 and not flood.get("error") if flood else None),
        )
    )
    load = _find(results["load"], "real")
    rows.append(
        (
            "Peak RSS with the real fact base and the Telegram application <= 100 MB",
            f"{_f(load['peak_rss_mb'], 0)} MB" if load else "n/a",
            _status(load["peak_rss_mb"] <= 100 if load else None),
        )
    )
    rows += [(target, measured, _status(met)) for target, measured, met in hostile.targets(results.get("hostile", []))]
    rows += [
        (target, measured, _status(met))
        for target, measured, met in conversing.targets(results.get("conversation", []))
    ]
    return rows


def render(results: dict) -> str:
    m = results["machine"]
    out = [
        "# Benchmark results",
        "",
        f"Generated by `python -m bench` ({results['mode']} mode"
        f"{'' if results['mode'] == 'full' else '; BENCH_FULL=1 for the full sizes'}) "
        f"in {results['seconds']:.0f} s on {m['date']}.",
        "",
        f"Machine: {m['cpu']}, {m['cores']} cores, {m['memory']} RAM, {m['platform']}, Python {m['python']}; "
        f"commit {m['commit']}.",
        "",
        "## Targets",
        "",
        "| Target | Measured | Status |",
        "| --- | --- | --- |",
        *[f"| {target} | {measured} | {status} |" for target, measured, status in targets(results)],
        "",
    ]
    out += _latency(results)
    out += _load(results)
    out += _reload(results)
    out += _e2e(results)
    out += _flood(results)
    out += hostile.section(results.get("hostile", []))
    out += conversing.section(results.get("conversation", []))
    return "\n".join(out) + "\n"


def _flood(results: dict) -> list[str]:
    rows = results.get("flood", [])
    if not rows:
        return []
    out = [
        "## 5. One chat floods, the others wait?",
        "",
        "One chat sends its questions all at once, then five other chats ask one question each (fake in a child "
        "process, 50 ms latency, rate limiter off). Answers within a chat are serial (order is kept), so the flood "
        "takes its time; the other chats should not have to wait for it.",
        "",
        "| Run | Flooding chat's questions | Other chats | Other chats' wait p50 s | Longest s "
        "| Flooding chat's answers by then |",
        "| --- | ---: | ---: | ---: | ---: | ---: |",
    ]
    for row in rows:
        if row.get("error") and "others_p50" not in row:
            out.append(f"| {row['label']} | failed: {row['error']} |" + " |" * 4)
            continue
        label = row["label"] + (f" ({row['error']})" if row.get("error") else "")
        out.append(
            f"| {label} | {row['flood']} | {row['others']} | {_f(row['others_p50'], 3)} "
            f"| {_f(row['others_max'], 3)} | {row['flood_answered']} |"
        )
    return [*out, ""]


def _latency(results: dict) -> list[str]:
    generated = results.get("generated", {})
    out = [
        "## 1. Matcher latency per question, and the naive baseline",
        "",
        "Baseline: `rapidfuzz.process.extractOne(question, all_example_questions, scorer=fuzz.WRatio, "
        "processor=utils.default_process)` on the same questions and fact base. Questions: equal shares of direct "
        "(an example question reworded), keyword, typo (1-2 random character edits) and out-of-scope (unrelated "
        "words, unknown names), drawn from each fact base's own example questions; each question is timed once. "
        "Accuracy: share of direct/keyword/typo questions answered with their own fact, and of out-of-scope "
        "questions not answered; for the baseline, share whose best example belongs to the right fact.",
        "",
        "| Fact base | Facts | Example questions | Questions (baseline) | Matcher p50 ms | Matcher p99 ms "
        "| Baseline p50 ms | Baseline p99 ms | Matcher/baseline p50 | Matcher/baseline p99 "
        "| Matcher p50 x per 10x facts "
        "| Matcher right: direct/keyword/typo/out-of-scope | Baseline right: direct/keyword/typo |",
        "| --- | ---: | ---: | ---: | ---: | ---: | ---: | ---: | ---: | ---: | ---: | --- | --- |",
    ]
    previous = None
    for row in results["latency"]:
        if row.get("error"):
            out.append(f"| {row['label']} | failed: {row['error']} |" + " |" * 11)
            continue
        growth = ""
        if row["label"].replace(",", "").isdigit():
            if previous is not None:
                growth = f"x{row['matcher']['p50_ms'] / previous['matcher']['p50_ms']:.2f}"
            previous = row
        accuracy = (
            "/".join(_pct(row["accuracy"].get(k)) for k in ("direct", "keyword", "typo", "out_of_scope"))
            if row["accuracy"]
            else "-"
        )
        baseline = (
            "/".join(_pct(row["baseline_accuracy"].get(k)) for k in ("direct", "keyword", "typo"))
            if row["baseline_accuracy"]
            else "-"
        )
        out.append(
            f"| {row['label']} | {row['facts']:,} | {row['examples']:,} | {row['questions']:,} "
            f"({row['baseline_questions']:,}) | {_ms(row['matcher']['p50_ms'])} | {_ms(row['matcher']['p99_ms'])} "
            f"| {_ms(row['baseline']['p50_ms'])} | {_ms(row['baseline']['p99_ms'])} | x{row['ratio_p50']:.3f} "
            f"| x{row['ratio_p99']:.3f} | {growth} | {accuracy} | {baseline} |"
        )
    out += [
        "",
        "Matcher p50 by kind of question (ms):",
        "",
        "| Fact base | direct | keyword | typo | out-of-scope |",
        "| --- | ---: | ---: | ---: | ---: |",
    ]
    for row in results["latency"]:
        if not row.get("error") and "direct" in row["matcher"]["by_kind_p50_ms"]:
            kinds = row["matcher"]["by_kind_p50_ms"]
            out.append(
                f"| {row['label']} | "
                + " | ".join(_ms(kinds.get(k)) for k in ("direct", "keyword", "typo", "out_of_scope"))
                + " |"
            )
    if generated:
        out += [
            "",
            "Synthetic fact bases (bench/synthetic.py): "
            + "; ".join(
                f"{label}: {info['files']} files, {info['megabytes']} MB"
                for label, info in generated.items()
                if label != "real"
            )
            + ".",
        ]
    return [*out, ""]


def _load(results: dict) -> list[str]:
    out = [
        "## 2. Load, validate and index; peak memory",
        "",
        "Each size in a fresh process doing what `python -m bot run` does before polling: import the Telegram "
        "application, build the KnowledgeStore (load + validate + index), open the question log, build the "
        "Application. Peak RSS is that process's `ru_maxrss` (the runner that starts it stays small: Linux carries "
        "ru_maxrss over from parent to child); VmHWM from /proc/self/status is the same peak for the child's own "
        "address space, as a cross-check.",
        "",
        "| Fact base | Facts | Build s | load s | index s | collisions s | Imports s | RSS after imports MB "
        "| Peak RSS MB (ru_maxrss) | VmHWM MB |",
        "| --- | ---: | ---: | ---: | ---: | ---: | ---: | ---: | ---: | ---: |",
    ]
    for row in results["load"]:
        if row.get("error"):
            out.append(f"| {row['label']} | failed: {row['error']} |" + " |" * 7)
            continue
        phases = row["phases"]
        out.append(
            f"| {row['label']} | {row['facts']:,} | {_f(row['seconds'])} | {_f(phases.get('load'))} "
            f"| {_f(phases.get('index'))} | {_f(phases.get('collisions'))} | {_f(row['import_seconds'])} "
            f"| {_f(row['rss_after_import_mb'], 0)} | {_f(row['peak_rss_mb'], 0)} "
            f"| {_f(row.get('hwm_mb', float('nan')), 0)} |"
        )
    return [*out, ""]


def _reload(results: dict) -> list[str]:
    out = [
        "## 3. Reload under load",
        "",
        "A KnowledgeStore on the 10,000-fact base; `store.reload()` runs in a thread (`asyncio.to_thread`, as "
        "/reload does) while the event loop answers questions with `store.current.matcher.match`, one per loop "
        "iteration, with the GIL switch interval `python -m bot run` sets. Gap: time between two consecutive "
        "answers, including the half second after the reload. 'Loop alone' is the same loop without a reload.",
        "",
        "| Run | Facts | Idle build s | Reload s | Answers during reload | Longest gap ms | p99 gap ms "
        "| Gaps > 50 ms | Loop alone: longest gap ms | GIL switch interval ms | Swapped |",
        "| --- | ---: | ---: | ---: | ---: | ---: | ---: | ---: | ---: | ---: | --- |",
    ]
    for row in results["reload"]:
        if row.get("error"):
            out.append(f"| {row['label']} | failed: {row['error']} |" + " |" * 9)
            continue
        out.append(
            f"| {row['label']} | {row['facts']:,} | {_f(row['idle_build_seconds'])} "
            f"| {_f(row['reload_seconds'])} | {row['answers_during']:,} | {_ms(row['max_gap'] * 1000)} "
            f"| {_ms(row['p99_gap'] * 1000)} | {row['gaps_over_50ms']} | {_ms(row['baseline_max_gap'] * 1000)} "
            f"| {row['switch_interval'] * 1000:g} | {'yes' if row['swapped'] else 'no'} |"
        )
    return [*out, ""]


def _e2e(results: dict) -> list[str]:
    out = [
        "## 4. End to end",
        "",
        "The production Application (`build_application`, real polling loop, question log on) against the fake Bot "
        "API (tests/fakebotapi.py) answering every call after 50 ms. All questions are queued at once, so the "
        "latency (update queued -> sendMessage received by the fake) includes queueing behind the burst. The fake "
        "runs in a child process (its own core, like Telegram's servers) unless noted. Bot CPU: CPU time of the "
        "bot process per question; busy: bot CPU time / run time (100% = one core saturated). In flight: most "
        "calls the fake held at once. The control row replaces the text handler by an echo (bench/whatif.py), "
        "leaving python-telegram-bot and its HTTP client alone: the ceiling of this stack on this machine.",
        "",
        "| Run | Questions/s | p50 s | p99 s | Lost | Duplicated | Chats out of order | 429s | Max sendMessage "
        "in 1 s | Max per chat in 1 s | In flight max | Bot CPU ms/question | Bot busy |",
        "| --- | ---: | ---: | ---: | ---: | ---: | ---: | ---: | ---: | ---: | ---: | ---: | ---: |",
    ]
    for row in results["e2e"]:
        if row.get("error") and "per_second" not in row:
            out.append(f"| {row['label']} | failed: {row['error']} |" + " |" * 11)
            continue
        cpu = row["bot_cpu_seconds"] / row["questions"] * 1000 if row["questions"] else float("nan")
        busy = row["bot_cpu_seconds"] / row["seconds"] if row["seconds"] else float("nan")
        label = row["label"] + (f" ({row['error']})" if row.get("error") else "")
        out.append(
            f"| {label} | {_f(row['per_second'], 0)} | {_f(row['p50'], 3)} | {_f(row['p99'], 3)} "
            f"| {row['lost']} | {row['duplicated']} | {row['out_of_order_chats']} | {row['too_many_requests']} "
            f"| {row['max_per_second']} | {row['max_per_chat_second']} | {row['in_flight_max']} "
            f"| {_f(cpu, 1)} | {_pct(busy)} |"
        )
    out += ["", *_bottleneck(results["e2e"])]
    return [*out, ""]


def _bottleneck(rows: list[dict]) -> list[str]:
    """Whether the bot process or the client's connection pool limited the unthrottled runs."""
    lines = []
    for row in rows:
        if row.get("rate_limit") or row.get("whatif") or "seconds" not in row or not row["seconds"]:
            continue
        busy = row["bot_cpu_seconds"] / row["seconds"]
        capacity = row["in_flight_max"] / row["latency"] if row["latency"] else float("inf")
        if busy >= 0.9:
            verdict = "the bot process: one core saturated by Python work"
        elif row["per_second"] >= 0.8 * capacity:
            verdict = (
                f"the calls in flight: {row['in_flight_max']} at a time with {row['latency'] * 1000:.0f} ms "
                f"latency carry at most {capacity:.0f} calls a second"
            )
        else:
            verdict = "neither the bot's CPU nor the calls in flight: the API latency and per-chat order"
        lines.append(
            f"Bottleneck in '{row['label']}': bot busy {_pct(busy)} of the run, at most "
            f"{row['in_flight_max']} calls in flight: {verdict}."
        )
    return lines
