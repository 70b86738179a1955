"""Score the engine on conversations in the format of ../shared/devset/conversations.yaml.

Each conversation is asked in its own chat, turn after turn, so follow-ups are read in context. The same turns are
also asked one by one without any context, to show that context never adds a wrong answer.
"""

from __future__ import annotations

from collections import Counter
from dataclasses import dataclass, field
from pathlib import Path

import yaml

from bot.curation.evaluation import OUTCOMES, Case, QuestionSetError, case_of, judge, load_list
from bot.engine.answers import Answer
from bot.engine.facade import Engine


@dataclass(frozen=True)
class Turn:
    case: Case
    reply: Answer
    outcome: str
    alone: str  # the outcome of the same question asked without context


@dataclass(frozen=True)
class Conversation:
    category: str
    turns: tuple[Turn, ...]

    @property
    def right(self) -> bool:
        return all(turn.outcome == "ok" for turn in self.turns)


@dataclass
class DialogueReport:
    conversations: list[Conversation] = field(default_factory=list)

    @property
    def all_right(self) -> float:
        """Share of conversations right in every turn."""
        return sum(c.right for c in self.conversations) / len(self.conversations) if self.conversations else 1.0

    @property
    def follow_ups(self) -> list[Turn]:
        return [turn for conversation in self.conversations for turn in conversation.turns[1:]]

    @property
    def follow_ups_right(self) -> float:
        """Share of turns after the first of their conversation answered or declined as expected."""
        turns = self.follow_ups
        return sum(turn.outcome == "ok" for turn in turns) / len(turns) if turns else 1.0

    @property
    def wrong(self) -> int:
        """Wrong answers with context."""
        return sum(turn.outcome in ("wrong answer", "false answer") for c in self.conversations for turn in c.turns)

    @property
    def wrong_alone(self) -> int:
        """Wrong answers when every turn is asked without context."""
        return sum(turn.alone in ("wrong answer", "false answer") for c in self.conversations for turn in c.turns)


def is_conversation_set(path: Path) -> bool:
    """Whether a question file holds conversations (entries with `turns`) rather than single questions."""
    try:
        entries = yaml.safe_load(path.read_text(encoding="utf-8"))
    except (OSError, yaml.YAMLError):
        return False
    return isinstance(entries, list) and bool(entries) and isinstance(entries[0], dict) and "turns" in entries[0]


def read_conversations(path: Path) -> list[tuple[str, list[Case]]]:
    conversations = []
    for number, entry in enumerate(load_list(path), 1):
        turns = entry.get("turns") if isinstance(entry, dict) else None
        if not isinstance(turns, list) or not turns:
            raise QuestionSetError(f"{path}: conversation {number} needs a list of 'turns'")
        category = str(entry.get("cat", "other")) if isinstance(entry, dict) else "other"
        conversations.append((category, [case_of(turn, f"{path}: conversation {number}", category) for turn in turns]))
    return conversations


def evaluate_conversations(engine: Engine, conversations: list[tuple[str, list[Case]]]) -> DialogueReport:
    """Ask each conversation in a chat of its own; each turn also alone, without context."""
    report = DialogueReport()
    for number, (category, cases) in enumerate(conversations):
        chat = f"evaluation-{number}"
        engine.forget(chat)
        turns = []
        for case in cases:
            reply = engine.ask(case.question, chat=chat)
            alone = judge(case, engine.ask(case.question))
            turns.append(Turn(case, reply, judge(case, reply), alone))
        report.conversations.append(Conversation(category, tuple(turns)))
    return report


def format_dialogues(report: DialogueReport) -> str:
    """A table per category, the bars, then every conversation that went wrong, turn by turn."""
    lines = [f"{'category':<24}{'conversations':>14}{'all right':>10}", "-" * 48]
    for category, counts in sorted(_by_category(report).items()):
        lines.append(f"{category:<24}{counts['total']:>14}{counts['right']:>10}")
    turns = Counter(turn.outcome for conversation in report.conversations for turn in conversation.turns)
    lines += [
        "",
        f"conversations right in every turn: {sum(c.right for c in report.conversations)}/{len(report.conversations)}"
        f" ({report.all_right:.1%}); follow-up turns right: "
        f"{sum(t.outcome == 'ok' for t in report.follow_ups)}/{len(report.follow_ups)} ({report.follow_ups_right:.1%})",
        "turns: " + ", ".join(f"{outcome} {turns[outcome]}" for outcome in OUTCOMES),
        f"wrong answers: {report.wrong} with context, {report.wrong_alone} with every turn asked alone",
    ]
    failed = [conversation for conversation in report.conversations if not conversation.right]
    if failed:
        lines += ["", "Conversations with a turn that went wrong:"]
    for conversation in failed:
        lines.append(f"- [{conversation.category}]")
        for turn in conversation.turns:
            got = f"{turn.reply.decision} {' '.join(f.id for f in turn.reply.facts)}".strip()
            understood = f" (understood: {turn.reply.understood!r})" if turn.reply.understood else ""
            mark = "  " if turn.outcome == "ok" else "x "
            lines.append(f"    {mark}{turn.case.question!r}: expected {turn.case.expect}; got {got}{understood}")
    return "\n".join(lines)


def _by_category(report: DialogueReport) -> dict[str, Counter[str]]:
    counts: dict[str, Counter[str]] = {}
    for conversation in report.conversations:
        counted = counts.setdefault(conversation.category, Counter())
        counted["total"] += 1
        counted["right"] += conversation.right
    return counts
