"""The one way into the engine: every front end asks `Engine` for complete replies and only renders them.

Telegram, the console and the command line all go through here, so a question, a browse or an inline query reads
the same everywhere. Each call works on the knowledge being served at that moment; a reload swaps it as a whole.
"""

from __future__ import annotations

from collections.abc import Hashable
from dataclasses import dataclass, replace
from pathlib import Path

from bot.engine.answers import Answer, answer, related_facts
from bot.engine.conversation import Conversations
from bot.engine.decision import RELATED_FLOOR, SUGGEST, Match
from bot.engine.dialogue import respond
from bot.engine.explain import explain
from bot.engine.knowledge import Knowledge, KnowledgeStore, Reloaded
from bot.engine.messages import pick, text
from bot.engine.model import Problem
from bot.engine.normalise import has_cjk
from bot.engine.question import read
from bot.engine.replies import (
    about_reply,
    fact_label,
    fact_reply,
    help_reply,
    language_reply,
    sources_reply,
    topic_page_reply,
    topics_reply,
    welcome_reply,
)
from bot.engine.reply import Reply, line, paragraph

INLINE_RESULTS = 10
SHOWN_PROBLEMS = 10
# Matching costs grow with the length of what is matched; real questions are under 200 characters. Past this, the
# rest of a message is not read, and the reply says so.
MAX_MATCHED_CHARS = 300
SHOWN_QUERY_CHARS = 60  # of a topic name that is not known, echoed back


@dataclass(frozen=True)
class InlineResult:
    """A fact offered in inline mode: its title and description in the list, and the message it sends."""

    id: str
    title: str
    description: str
    reply: Reply


class Engine:
    """Answers, browsing, inline results and curation replies over the knowledge a store serves."""

    def __init__(self, store: KnowledgeStore, conversations: Conversations | None = None) -> None:
        self.store = store
        self.conversations = conversations if conversations is not None else Conversations()

    @property
    def knowledge(self) -> Knowledge:
        """The knowledge being served right now (a reload swaps it between two calls, never during one)."""
        return self.store.current

    def ask(self, question: str, language: str | None = None, chat: Hashable | None = None) -> Answer:
        """The reply to a message, in its own language unless one is given.

        With a `chat`, the message is read in that chat's conversation (a follow-up of its last question), and
        becomes its context in turn; without one, it is read on its own. Only the first MAX_MATCHED_CHARS
        characters are read, so that no message costs more than a few milliseconds; the reply to a longer one
        opens by saying so.
        """
        current = self.knowledge
        question = question.strip()
        if not question:
            return answer(current, question, language)
        read = _beginning(question, MAX_MATCHED_CHARS)
        last = self.conversations.last(chat) if chat is not None else None
        # A matcher for this message alone: it reads each clause once, and only so many (bot.engine.budget).
        reply = respond(replace(current, matcher=current.matcher.for_message()), read, language, last)
        if chat is not None and reply.match is not None:
            understood = reply.understood or reply.question
            fact_id, entities = (reply.fact.id if reply.fact else None), reply.match.entities
            if fact_id is None and last is not None and (reply.understood or not entities):
                # a follow-up the facts cannot answer ("at which venue?") keeps the subject for the next one
                fact_id, entities = last.fact_id, entities or last.entities
            fact_id = fact_id or _subject(reply.match)
            self.conversations.remember(chat, understood, entities, reply.match.reading, fact_id)
        if read == question:
            return reply
        notice = paragraph(text(reply.language, "cut", limit=MAX_MATCHED_CHARS), style="italic")
        return replace(reply, reply=replace(reply.reply, paragraphs=(notice, *reply.reply.paragraphs)))

    def forget(self, chat: Hashable) -> None:
        """Start a chat's conversation afresh (/start)."""
        self.conversations.forget(chat)

    def fact(self, fact_id: str, language: str, chat: Hashable | None = None) -> Reply | None:
        """One fact with its related facts (a pressed button), or None when no fact has that id any more.

        With a `chat`, the opened fact becomes that chat's context, as if its question had been asked: "where is
        it?" after picking a suggestion is read with the fact picked.
        """
        current = self.knowledge
        fact = current.base.fact_by_id.get(fact_id)
        if fact is None:
            return None
        if chat is not None:
            label = fact_label(fact, language)
            self.conversations.remember(chat, label, fact.entities, read(label), fact.id)
        return fact_reply(fact, current.base, language, related_facts(current, fact))

    def topics(self, language: str) -> Reply:
        return topics_reply(self.knowledge.base, language)

    def browse(self, query: str, language: str) -> Reply:
        """`/facts [TOPIC]`: the topic list, or the first page of the topic a person means ("milk", "乳业")."""
        current = self.knowledge
        query = query.strip()[:MAX_MATCHED_CHARS]
        if not query:
            return topics_reply(current.base, language)
        topic_id = current.matcher.find_topic(query)
        if topic_id is None:
            shown = _beginning(query, SHOWN_QUERY_CHARS)
            return topics_reply(current.base, language, text(language, "unknown_topic", query=shown))
        return topic_page_reply(current.base, current.base.topics[topic_id], language, 0)

    def page(self, topic_id: str, page: int, language: str) -> Reply | None:
        """A page of a topic's facts, or None when the topic no longer exists."""
        base = self.knowledge.base
        topic = base.topics.get(topic_id)
        return None if topic is None else topic_page_reply(base, topic, language, page)

    def sources(self, language: str) -> Reply:
        return sources_reply(self.knowledge.base, language)

    def welcome(self, language: str) -> Reply:
        return welcome_reply(self.knowledge.base, language)

    def help(self, language: str, username: str, admin: bool) -> Reply:
        return help_reply(language, username, admin)

    @staticmethod
    def languages(language: str) -> Reply:
        return language_reply(language)

    @staticmethod
    def say(language: str, key: str, **values: object) -> Reply:
        """One of the bot's own messages (messages.py) as a reply: notices, confirmations, refusals."""
        return Reply(language, (paragraph(text(language, key, **values)),))

    def about(self, language: str) -> Reply:
        return about_reply(self.knowledge.base, language)

    def inline(self, query: str, language: str) -> tuple[InlineResult, ...]:
        """`@bot dairy` in any chat: the facts of a topic, or the facts that best match a question.

        A query with Chinese characters is answered in Chinese; otherwise in the person's language.
        """
        current = self.knowledge
        base = current.base
        query = query.strip()[:MAX_MATCHED_CHARS]
        language = "zh" if has_cjk(query) else language
        topic_id = current.matcher.find_topic(query) if query and len(query.split()) <= 2 else None
        if not query:
            facts = list(base.facts[:INLINE_RESULTS])
        elif topic_id is not None:
            facts = list(base.facts_of_topic(topic_id))
        else:
            match = current.matcher.match(query)
            ids = [match.fact_id] if match.fact_id else []
            ids += [c.fact_id for c in match.candidates if c.score >= RELATED_FLOOR and c.fact_id not in ids]
            facts = [base.fact_by_id[i] for i in ids]
        return tuple(
            InlineResult(
                fact.id,
                fact_label(fact, language),
                pick(language, fact.text, fact.text_zh),
                fact_reply(fact, base, language, ()),
            )
            for fact in facts[:INLINE_RESULTS]
        )

    def explain(self, question: str) -> Reply:
        """The matcher's candidates, scores and the rule that decided, for a curator (`/why`)."""
        match = self.knowledge.matcher.match(_beginning(question.strip(), MAX_MATCHED_CHARS))
        return Reply("en", (paragraph(explain(match), style="pre"),))

    # --- curating the knowledge ------------------------------------------------------------------------------------

    def reload(self) -> Reloaded:
        """Re-read the facts from disk; raises `FactBaseError` and keeps serving the old facts on any problem."""
        return self.store.reload()

    def install(self, file_name: str, content: bytes) -> Reloaded:
        """Validate an uploaded fact file with the others, then write it and serve the result (see the store)."""
        return self.store.install(file_name, content)

    @staticmethod
    def reload_summary(result: Reloaded, language: str, seconds: float, heading: str = "") -> Reply:
        """What a reload or an upload changed, by fact id."""
        changes = result.changes
        none = text(language, "none")
        lines = [heading] if heading else []
        lines.append(text(language, "reloaded", facts=len(result.knowledge.base.facts), ms=round(seconds * 1000)))
        if changes:
            added, removed, changed = (
                ", ".join(ids) or none for ids in (changes.added, changes.removed, changes.changed)
            )
            lines.append(text(language, "changes", added=added, removed=removed, changed=changed))
        else:
            lines.append(text(language, "no_changes"))
        return Reply(language, (paragraph(*lines),))

    @staticmethod
    def problems(problems: tuple[Problem, ...], heading: str, language: str) -> Reply:
        """A refused fact base: the heading, the first problems as `file:line: message`, then how many more.

        Files are named without their folder: the reply goes to a chat, and the server's paths are not its business.
        """
        lines = [line(heading)]
        lines.extend(
            line(str(replace(problem, path=Path(problem.path).name))[:300], "code")
            for problem in problems[:SHOWN_PROBLEMS]
        )
        if len(problems) > SHOWN_PROBLEMS:
            lines.append(line(text(language, "more_problems", count=len(problems) - SHOWN_PROBLEMS)))
        return Reply(language, (tuple(lines),))


def _beginning(text: str, limit: int) -> str:
    """The text, or its first `limit` characters, ending at a word's end when one is not too far back, and "…"."""
    if len(text) <= limit:
        return text
    cut = text[: limit - 1]
    space = cut.rfind(" ")
    return (cut[:space] if space > limit // 2 else cut).rstrip() + "\u2026"


def _subject(match: Match) -> str | None:
    """The fact a declined question was about, when it was declined only for not holding what was asked ("where
    exactly was the event held?": the event's fact gives no venue): "when was it, then?" asks it next."""
    if match.decision != "declined" or not match.excluded:
        return None
    best = match.excluded[0]
    ahead = not match.candidates or best.score > match.candidates[0].score
    return best.fact_id if best.cause in _NOT_HELD and best.score >= SUGGEST and ahead else None


_NOT_HELD = {"answer", "attribute"}  # excluded for what it lacks, not for being about something else
