"""Claims put to the bot to check: "A blog says the four firms got their loans from Bank of China. Is that right?",
"Someone wrote that Hohhot has 464 platforms. Correct?", "有人说包头是内蒙古的首府，对吗？".

Read as a question, such a claim names what may be wrong (a figure, a year, a bank), and the checks then keep out the
very fact that would correct it. So the claim is asked again without its figures and years, and, if that is not
enough, without one of the things it names: the fact about the rest of it is what the articles say, and the reply
says that it gives what the articles say rather than a yes or a no.
"""

from __future__ import annotations

import re
from collections.abc import Iterator

from bot.engine.knowledge import Knowledge
from bot.engine.normalise import marked_entities
from bot.engine.referent import replace_name

# Who or what made the claim, before it: "Claim:", "a blog says", "someone wrote that", "I read that", "有人说"
_MADE = re.compile(
    r"^\W*(?:claim\s*:|(?:someone|somebody|people|a friend|a colleague|they) (?:wrote|said|says|claims?|claimed|"
    r"told me|tells me|insists?|insisted) (?:that )?|i (?:read|heard|saw) (?:somewhere )?that |is it true that "
    r"|(?:a|an|the|one|this|that|my|our|some) (?:[\w-]+ ){0,3}?[\w-]+ (?:says|say|said|claims?|claimed|describes?|"
    r"described|states?|stated|wrote|writes|dated|dates|lists?|listed|puts?|calls?|called|has it|have it|insists?|"
    r"insisted|mentions?|mentioned|reports?|reported) (?:that )?)"
    r"|^\W*(?:有人说|据说|听说|网上说|有报道说|有报道称|有文章说|朋友说)",
    re.IGNORECASE,
)
# The check asked for, after it: "Is that right?", "Correct?", "对吗？"
_CHECK = re.compile(
    r"[\s,.;:!?]*(?:(?:is|was) (?:that|this|it|the \w+) (?:right|correct|accurate|true|so)|(?:correct|right|true|"
    r"accurate)|(?:am i|are they) right|对吗|对不对|是真的吗|准确吗|是不是真的|没错吧)\W*$",
    re.IGNORECASE,
)
_VALUES = re.compile(
    r"\b(?:19|20)\d\d\b|\b\d[\d,.]*\b|\b(?:one|two|three|four|five|six|seven|eight|nine|ten|eleven|twelve|"
    r"a dozen|dozen|hundred|thousand|million|billion)\b|\d+(?:\.\d+)?\s*(?:万|亿)?"
    r"|[一二三四五六七八九十两]+(?=[个家所项名位])",
    re.IGNORECASE,
)


def claim(message: str) -> str:
    """The claim a message asks to check, without who made it and the check asked; "" when it asks none."""
    made, check = _MADE.search(message), _CHECK.search(message)
    if made is None or check is None or check.start() <= made.end():
        return ""
    return message[made.end() : check.start()].strip(" ,.;:，。")


def readings(knowledge: Knowledge, said: str) -> Iterator[str]:
    """The claim asked again: without its figures and years; without the terms of a group it names ("first prize":
    which prize); without each thing it names in turn, first with its figures and then without them."""
    bare = " ".join(_VALUES.sub(" ", said).split())
    yield bare
    terms = {term for group in knowledge.base.exclusive for term in group if term}  # "first prize", "the CEO"
    terms |= {variant for variant, canonical in knowledge.base.synonyms.items() if canonical in terms}
    named = [
        term
        for term in sorted(terms, key=len, reverse=True)
        if re.search(rf"(?<!\w){re.escape(term)}(?!\w)", bare, re.IGNORECASE)
    ]
    if named:
        yield " ".join(re.sub("|".join(map(re.escape, named)), " ", bare, flags=re.IGNORECASE).split())
    entities = knowledge.base.entities
    for text in (said, bare):
        for entity in dict.fromkeys(marked_entities(knowledge.matcher.tokens(text))):
            if entity in entities:
                yield " ".join(replace_name(text, entities[entity], " ").split())
