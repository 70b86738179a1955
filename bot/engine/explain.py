"""Why the matcher decided as it did, in words a curator can act on (`/why`, `eval`)."""

from __future__ import annotations

from bot.engine.decision import Match


def explain(match: Match) -> str:
    """The matcher's top candidates with their scores and the rule that decided: what a curator needs to act."""
    lines = [f"Question: {match.question}", f"Decision: {match.rule}", f"Asks for: {match.reading.describe()}"]
    if match.entities:
        lines.append(f"Names: {', '.join(match.entities)}")
    lines.append(f"Tokens: {' '.join(match.tokens) or '(none)'}")
    for candidate in (*match.candidates[:3], *match.excluded[:2]):
        lines.append(
            f"- {candidate.fact_id}: score {candidate.score} (coverage {round(candidate.coverage, 3)}, overlap "
            f"{round(candidate.overlap, 3)}, similarity {round(candidate.similarity, 3)}); closest example: "
            f"{candidate.example!r}"
            + (f"; EXCLUDED ({candidate.cause}): {candidate.excluded}" if candidate.excluded else "; consistent")
        )
    return "\n".join(lines)
