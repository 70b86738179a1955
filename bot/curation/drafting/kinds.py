"""Guess what a new name is: an organisation, a place or a person, and whether the guess is sure.

From its last word (Co, Group, University, Bank: an organisation; Park, Zone, District, Banner: a place), from
what follows it (Jining district), from who it is said to be (Zhang Wei, deputy general manager; a romanised
Chinese name with a common surname). Nothing else is a guess the curator confirms.
"""

from __future__ import annotations

import re

ORGANISATION_WORDS = frozenset(
    "co co. company corp corporation ltd limited inc group university college institute academy bank bureau "
    "administration commission committee ministry department association society federation alliance consortium "
    "center centre laboratory lab hospital school daily news network agency office government council fund exchange "
    "technologies holdings enterprise enterprises factory works press times post television radio".split()
)
PLACE_WORDS = frozenset(
    "park zone district county city province region league banner town township village port area base mountains "
    "mountain river lake desert grassland street road airport station prefecture".split()
)
NOT_ENTITIES = frozenset(
    "award awards prize prizes plan program programme project initiative festival expo conference forum summit games "
    "day week act law policy strategy standard".split()
)
PLACE_CUES = ("district", "county", "city", "province", "banner", "league", "town", "village", "prefecture")
_TITLES = frozenset(
    "director manager chairman chairwoman president head chief officer researcher professor engineer secretary mayor "
    "deputy vice general spokesperson spokesman spokeswoman founder ceo expert scientist governor leader".split()
)
_SURNAMES = frozenset(
    "wang li zhang liu chen yang zhao huang zhou wu xu sun hu zhu gao lin he guo ma luo liang song zheng xie han tang "
    "feng yu dong xiao cheng cao yuan deng fu shen zeng peng lu su jiang cai jia ding wei xue ye yan pan du dai xia "
    "zhong tian ren fan fang shi yao tan liao zou xiong jin hao kong bai cui kang mao qiu qin gu hou shao meng long "
    "wan duan lei qian yin yi chang qiao lai gong wen bao ba bu".split()
)
NOT_NAMES = frozenset(
    "january february march april may june july august september october november december monday tuesday wednesday "
    "thursday friday saturday sunday chinese mongolian english russian american european asian african japanese "
    "korean german french british international national r&d gdp ai it ceo cpc ipo phd ev".split()
)


def guess_kind(words: list[str], last: str, after: str, before: str) -> tuple[str, bool, str]:
    """The guessed kind, whether the guess is sure, and the reason a curator reads (first rule that applies)."""
    cue = next((c for c in PLACE_CUES if re.match(rf"{c}\b", after)), None)
    title = re.match(r",\s*(?:a |the )?(\w+)", after)
    spoke = re.search(r"\bsaid\s*$", before) or re.match(r"said\b", after)
    short = 2 <= len(words) <= 3
    rules = (
        (last in ORGANISATION_WORDS, ("organisation", True, f"its name ends in '{words[-1]}'")),
        (last in PLACE_WORDS, ("place", True, f"its name ends in '{words[-1]}'")),
        (cue is not None, ("place", True, f"the article calls it a {cue}")),
        (
            short and words[0].lower() in _SURNAMES and all(len(w) <= 8 and w.isalpha() for w in words),
            ("person", True, "a Chinese personal name"),
        ),
        (
            short and bool(spoke or (title and title[1].lower() in _TITLES)),
            ("person", True, "the article says what this person said or does"),
        ),
        (bool(re.search(r"\b(?:in|at|near)$", before)), ("place", False, "it follows 'in' or 'at'")),
    )
    return next(
        (kind for applies, kind in rules if applies), ("organisation", False, "nothing in the article tells what it is")
    )
