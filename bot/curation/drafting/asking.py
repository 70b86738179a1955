"""Example questions generated from a statement's structure, so that a draft can be checked like a finished fact.

Each figure gives a question about it: "how many X" for a count (X being the words it counts), "how much" for an
amount of money, "what percentage", "which year", "what date" — asked both up front ("How many innovative
platforms and carriers in Hohhot?") and in place of the figure in the statement's own words ("Hohhot currently
boasts how many innovative platforms ..."). Each organisation gives a "which company / bank / university", each
person a "who", each new place a "where"; then keyword queries, an informal one and a misspelled one.
"""

from __future__ import annotations

import re
from collections.abc import Callable, Sequence

from bot.curation.drafting.figurephrases import STOP_WORDS, Figure, find_figures
from bot.curation.drafting.names import Gazetteer, Mention, inside_quotes

_CLASSES = {
    "university": "university",
    "college": "college",
    "bank": "bank",
    "bureau": "bureau",
    "institute": "institute",
    "academy": "academy",
    "laboratory": "laboratory",
    "daily": "newspaper",
    "news": "news outlet",
    "network": "news outlet",
    "commission": "commission",
    "committee": "committee",
    "ministry": "ministry",
    "association": "association",
    "hospital": "hospital",
}
_SEGMENT_BREAK = re.compile(r",\s+|\s+[–—]\s+|;\s+")
_PREPOSITIONS = ("in", "at", "from", "of", "by", "with", "for")
# A clause that only describes what comes before it: skipped when a question needs the clause saying what it did.
_PREDICATE = re.compile(
    r"(?!(?:a|an|the|and|or|in|on|at|with|by|for|from|of|to|including|such|as|among|mainly|especially|according|"
    r"which|who|that|one|both|its|their)\b)[a-z]+\b"
)
_PARENTHETICAL = re.compile(r"(?:a|an|one of|including|such as|among them|mainly|especially)\s", re.IGNORECASE)
_LIST_GLUE = re.compile(r"\s*(?:,\s*(?:and\s+)?|and\s+)")
MIN_WORDS = 4  # a generated question shorter than this is too vague to keep


def questions(text: str, mentions: Sequence[Mention], gazetteer: Gazetteer, keywords: Sequence[str]) -> list[str]:
    """Example questions for a statement, best first (see the module docstring)."""
    subject = _subject(mentions, gazetteer)
    asked: list[str] = []
    for figure in find_figures(text):
        owner = _owner(text, figure, mentions, gazetteer)
        if figure.focus and (figure.kind == "count" or " of " in figure.focus):
            asked.append(f"How many {figure.focus}{_about(text, owner, gazetteer)}?")
        wh = _WH.get(figure.kind)
        if wh is not None:
            asked.append(_cloze(text, figure.start, figure.end, wh(text[: figure.start], text[figure.end :]), subject))
    listed = _lists(text, mentions, gazetteer)
    for run in listed:
        segment = next((s, e) for s, e in _segments(text) if s <= run[0].start <= e)
        if segment[0] < run[0].start and _PARENTHETICAL.match(text[segment[0] :]):
            continue
        asked.append(_cloze(text, run[0].start, run[-1].end, "which " + _plural(run, gazetteer), subject))
    for mention in mentions:
        if not any(mention in run for run in listed):
            asked.extend(_about_entity(text, mention, subject, gazetteer))
    name = gazetteer.names[subject.entity].lower() if subject else ""
    query = " ".join([name, *keywords[:3]]).strip()
    asked.append(query)
    if keywords:
        topic = sorted(keywords[:2], key=lambda word: text.lower().find(word))
        asked.append(f"tell me about {' '.join(topic)}" + (f" in {name}" if name else ""))
        asked.append(misspelled(query, name))
    named_first = bool(mentions) and mentions[0].start == 0
    opening = text if named_first or text[1:2].isupper() else text[0].lower() + text[1:]
    asked.append(f"Is it true that {opening}".rstrip(".!") + "?")
    others = [gazetteer.names[m.entity].lower() for m in mentions if subject is None or m.entity != subject.entity]
    asked.append(" ".join([*keywords[1:3], *others[:1]]) or " ".join(keywords[:1]))
    return list({question.lower(): question for question in asked if len(question.split()) >= MIN_WORDS}.values())


def _wh_year(before: str, after: str) -> str:
    """ "in which year", "since when", "by when"; "which year's" before a noun (the 2020 ... Awards)."""
    following = re.match(r"\s*([A-Za-z]+)", after)
    if following and following[1].lower() not in STOP_WORDS:
        return "which year's"
    preposition = re.search(r"\b(since|by|until)\s+$", before)
    return "when" if preposition else "which year"


_WH: dict[str, Callable[[str, str], str]] = {
    "count": lambda before, after: "how many",
    "measure": lambda before, after: "how many",
    "amount": lambda before, after: "how much",
    "percent": lambda before, after: "what percentage",
    "year": _wh_year,
    "date": lambda before, after: "what date",
}


def _subject(mentions: Sequence[Mention], gazetteer: Gazetteer) -> Mention | None:
    """The entity a statement is mostly about: the first one named that is not a region containing another."""
    regions = {region for mention in mentions for region in gazetteer.regions_of(mention.entity)}
    return next((mention for mention in mentions if mention.entity not in regions), None)


def _owner(text: str, figure: Figure, mentions: Sequence[Mention], gazetteer: Gazetteer) -> Mention | None:
    """Whose figure it is: the place or organisation named before it in its clause, else the one the sentence
    opens with ("Baotou ... attracted 37"; not Sinopec in "Seven companies, including Sinopec")."""
    segment = next((s, e) for s, e in _segments(text) if s <= figure.start <= e)
    owners = [m for m in mentions if gazetteer.kinds.get(m.entity) in ("place", "organisation")]
    regions = {region for mention in owners for region in gazetteer.regions_of(mention.entity)}
    in_clause = [m for m in owners if segment[0] <= m.start and m.end <= figure.start and m.entity not in regions]
    if in_clause:
        return in_clause[0]
    if re.match(r"(?:which|where|who)\b", text[segment[0] :]):  # "..., which produced 950,000 tons": what it follows
        before = [m for m in owners if m.end <= segment[0]]
        return before[-1] if before else None
    opening = [
        m for m in owners if m.start == 0 or not re.sub(r"^(?:the|a|an)\s+", "", text[: m.start].strip(), flags=re.I)
    ]
    return opening[0] if opening else None


def _about(text: str, subject: Mention | None, gazetteer: Gazetteer) -> str:
    """ " in Hohhot", " from Shanghai Pudong Development Bank": the subject with the preposition the text gives it."""
    if subject is None:
        return ""
    before = re.search(r"\b(\w+)\s+$", text[: subject.start])
    preposition = before[1].lower() if before and before[1].lower() in _PREPOSITIONS else ""
    if not preposition:
        preposition = "in" if gazetteer.kinds.get(subject.entity) == "place" else "at"
    return f" {preposition} {gazetteer.names[subject.entity]}"


def _segments(text: str) -> list[tuple[int, int]]:
    """The spans of a sentence between commas and dashes that are not inside quotation marks."""
    cuts = [m for m in _SEGMENT_BREAK.finditer(text) if not inside_quotes(text, m.start())]
    starts = [0, *(m.end() for m in cuts)]
    ends = [*(m.start() for m in cuts), len(text)]
    return list(zip(starts, ends, strict=True))


def _cloze(text: str, start: int, end: int, wh: str, subject: Mention | None) -> str:
    """The statement with a span replaced by a question word, cut to the clauses that carry the question.

    When the span is a clause of its own ("Baotou Tianhe Co, a producer in the zone, increased ..."), the
    appositive after it is skipped and the clause saying what it did is kept: "Which company increased ...".
    That clause opens with a verb: a word of its own that is not a preposition, article or conjunction.
    """
    segments = _segments(text)
    first = next(i for i, (s, e) in enumerate(segments) if s <= start <= e)
    last = next(i for i, (s, e) in enumerate(segments) if s <= end <= e)
    if subject is not None and subject.start < start:
        first = min(first, next(i for i, (s, e) in enumerate(segments) if s <= subject.start <= e))
    asked = text[segments[first][0] : start] + wh + text[end : segments[last][1]]
    if start == segments[first][0] and len(text[end : segments[last][1]].split()) < 3:
        following = [i for i in range(last + 1, len(segments)) if _PREDICATE.match(text[segments[i][0] :])]
        if following:
            asked += " " + text[segments[following[0]][0] : segments[following[0]][1]]
    asked = asked.strip().rstrip(".!?,;:")
    return asked[0].upper() + asked[1:] + "?"


def _plural(run: Sequence[Mention], gazetteer: Gazetteer) -> str:
    """What to call a list of organisations: "universities" when all are, else "companies" or "organisations"."""
    classes = {organisation_class(gazetteer.names[mention.entity]) for mention in run}
    kind = classes.pop() if len(classes) == 1 else "organisation"
    return {"company": "companies", "university": "universities", "academy": "academies"}.get(kind, kind + "s")


def _lists(text: str, mentions: Sequence[Mention], gazetteer: Gazetteer) -> list[list[Mention]]:
    """Runs of organisations named as a list ("Alibaba Group, Huawei and Apple"): asked about together."""
    runs: list[list[Mention]] = []
    for mention in mentions:
        if gazetteer.kinds.get(mention.entity) != "organisation":
            continue
        if runs and _LIST_GLUE.fullmatch(text[runs[-1][-1].end : mention.start]):
            runs[-1].append(mention)
        else:
            runs.append([mention])
    return [run for run in runs if len(run) > 1]


def _about_entity(text: str, mention: Mention, subject: Mention | None, gazetteer: Gazetteer) -> list[str]:
    """Who / which / where questions about one entity the statement names (not in a parenthetical clause)."""
    segment = next((s, e) for s, e in _segments(text) if s <= mention.start <= e)
    if inside_quotes(text, mention.start) or (segment[0] < mention.start and _PARENTHETICAL.match(text[segment[0] :])):
        return []
    kind = gazetteer.kinds.get(mention.entity)
    name = gazetteer.names[mention.entity]
    if kind == "organisation":
        the = re.search(r"\bthe\s+$", text[: mention.start], re.IGNORECASE)
        start = the.start() if the else mention.start
        return [_cloze(text, start, mention.end, "which " + organisation_class(name), subject)]
    if kind == "person":
        asked = [f"Who is {name}?"]
        if re.search(r"\bsa(?:id|ys)\b", text):
            asked.append(f"What did {name} say?")
        return asked
    before = re.search(r"\b(?:in|at)\s+$", text[: mention.start])
    ends_sentence = not text[mention.end :].strip(" .")
    if kind == "place" and mention is not subject and ends_sentence and before:
        return [_cloze(text, before.start(), mention.end, "where", subject)]
    return []


def organisation_class(name: str) -> str:
    """What to call an organisation in a "which ..." question: its kind of body, else a company."""
    words = name.lower().split()
    return next((_CLASSES[word] for word in words if word in _CLASSES), "company")


def misspelled(query: str, name: str) -> str:
    """The query with its longest word (not the name) misspelled as people do: two letters swapped."""
    words = [w for w in query.split() if w not in name.split() and w.isalpha() and len(w) >= 6]
    if not words:
        return query
    word = max(words, key=len)
    middle = len(word) // 2
    typo = word[: middle - 1] + word[middle] + word[middle - 1] + word[middle + 1 :]
    return query.replace(word, typo, 1)
