"""The machine-readable form of an answer, for `ask --json`: exactly what the person reads, plus the decision."""

from __future__ import annotations

from dataclasses import asdict

from bot.engine.answers import Answer
from bot.engine.messages import pick
from bot.engine.model import FactBase
from bot.engine.reply import plain_text


def answer_json(answer: Answer) -> dict[str, object]:
    """One JSON object per question: the text shown, the decision, the fact, its score and rule, and the source."""
    source = answer.source
    text = plain_text(answer.reply)
    return {
        "question": answer.question,
        "answered": answer.answered,
        "decision": answer.decision,
        "language": answer.language,
        "text": text,
        "fact_id": answer.fact.id if answer.fact else None,
        "score": answer.match.score if answer.match else 0.0,
        "rule": answer.match.rule if answer.match else text,
        "suggestions": [
            {"fact_id": fact.id, "text": pick(answer.language, fact.text, fact.text_zh)} for fact in answer.suggestions
        ],
        "source": (
            {"id": source.id, "title": source.title, "publisher": source.publisher, "date": source.date}
            if source
            else None
        ),
        "asks_for": asdict(answer.match.reading) if answer.match else None,
        "candidates": [
            {"fact_id": c.fact_id, "score": c.score, "accepted": not c.excluded, "why": c.excluded or "consistent"}
            for c in (*answer.match.candidates, *answer.match.excluded)
        ]
        if answer.match
        else [],
        "facts": [fact.id for fact in answer.facts],
    }


def fact_base_json(base: FactBase) -> dict[str, object]:
    """The whole fact base, section by section: what `export` prints, and what a round trip must preserve.

    Each fact keeps the fields `export` has always had (its source spelled out); the lexicon lists each canonical
    form with its variants as the matcher reads them.
    """
    synonyms: dict[str, list[str]] = {}
    for variant, canonical in base.synonyms.items():
        synonyms.setdefault(canonical, []).append(variant)
    facts = [
        {
            "id": fact.id,
            "text": fact.text,
            "text_zh": fact.text_zh,
            "topics": list(fact.topics),
            "entities": list(fact.entities),
            "gives": list(fact.gives),
            "questions": [e.text for e in fact.examples if e.language == "en"],
            "questions_zh": [e.text for e in fact.examples if e.language == "zh"],
            "quote": fact.quote,
            "source": asdict(base.sources[fact.source]),
        }
        for fact in base.facts
    ]
    return {
        "sources": [asdict(source) for source in base.sources.values()],
        "topics": [asdict(topic) for topic in base.topics.values()],
        "entities": [asdict(entity) for entity in base.entities.values()],
        "lexicon": {"synonyms": synonyms, "exclusive": [list(group) for group in base.exclusive]},
        "facts": facts,
        "checks": [{"question": check.question, "answer": check.answer} for check in base.checks],
    }
