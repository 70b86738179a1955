"""The nouns that name a kind of answer rather than a subject: "which bank", "哪个城市", "how much was it worth".

question.py reads them to tell what a question asks for; the matcher leaves them out of scoring, since a fact that
gives the answer need not contain the word that asked for it.
"""

from __future__ import annotations

import re

# Kinds of organisation a question can ask for, by the noun it uses ("which bank", "哪家银行").
ORGANISATION_NOUNS = {
    "bank": "bank banks lender lenders",
    "company": "company companies firm firms enterprise enterprises business businesses corporation corporations "
    "maker makers manufacturer manufacturers producer producers startup startups",
    "university": "university universities college colleges school schools institute institutes academic academics "
    "uni unis univs varsity varsities",
    "media": "newspaper newspapers paper papers outlet outlets media publication publications",
    "consortium": "consortium consortia consortiums",
    "organisation": "organisation organisations organization organizations institution institutions partner partners "
    "body bodies group groups team teams department departments agency agencies office offices authority authorities",
}
ZH_ORGANISATION_NOUNS = {
    "bank": "银行",
    "company": "企业|公司|厂商|乳企|厂家",
    "university": "大学|高校|院校|学校",
    "media": "媒体|报纸|报社",
    "consortium": "联合体",
    "organisation": "单位|机构",
}
# Words that name the kind of place asked for ("which city", "哪个城市"): a fact saying where something is need not
# contain them. "Area" and "place" still make a place question but stay scored: "which area" is as often a field,
# and the lexicon reads "ranking" as "place".
PLACE_NOUNS = "city cities town towns province provinces region regions country county district location"
# The nouns naming a kind of organisation ("which schools"): what a question asks for, never what it is about.
ORGANISATION_WORDS = " ".join(ORGANISATION_NOUNS.values()) + " " + " ".join(ZH_ORGANISATION_NOUNS.values())
# Per kind of answer, the words that only name that kind ("how much was it worth", "on what date"): a fact giving
# the answer need not contain them, so a question asking for that kind is scored without them.
ANSWER_NOUNS: dict[str, str] = {
    "place": PLACE_NOUNS + " part corner 城市 省份 地区 地方 位置",
    "amount": "worth value cost price euro euros pound pounds sterling yen rupee rupees rouble roubles ruble rubles "
    "franc francs peso pesos 价值 价格 欧元 英镑 日元 卢布",  # a currency no fact uses: detail.py declines it
    "date": "date day month time year years edition 日期 时间 月份 几号 哪天",
    "reason": "end purpose aim goal reason point motive 目的 原因",
    "measure": "size scale share percentage proportion area length weight height 规模 大小 面积",
    "organisation": "name names called 名字 名称",  # "name the Beijing institution that ...": the answer is a name
    "who": "name names called 名字",
}
# A role only a person holds: "who was the reporter?" is not answered by the newspaper it wrote for.
EN_PERSON = re.compile(
    r"\b(?:reporters?|journalists?|authors?|writers?|editors?|photographers?|mayors?|governors?|chairm[ae]n|"
    r"chairwom[ae]n|chairpersons?|ceos?|founders?|spokes(?:man|men|woman|women|person|people)|ministers?|"
    r"secretar(?:y|ies)|professors?|scientists?|researchers?|engineers?|presidents?|directors?|bosses|boss|"
    r"executive|quoted|speaker|spoke for|speaks for|speaking for|spoke on behalf|speaks on behalf|guy|guys|man|"
    r"woman|person|bloke|chap|lady|gentleman|fellow)\b"
)
ZH_PERSON = re.compile("记者|作者|编辑|摄影|市长|省长|董事长|总经理|局长|主任|创始人|校长|书记|教授|科学家|总裁")
# What only the media do: "who took the photos?" may be answered by a newspaper; "who leads it?" may not.
ASKS_MEDIA = re.compile(
    r"\b(?:photos?|pictures?|images?|photographs?|pics?|report|reported|reporting|article|story|coverage|covered|"
    r"published|wrote)\b|照片|图片|报道|新闻|拍"
)


# Who did something to the thing asked about ("who handed out the awards?"): the one the facts say did it, not the
# winners. The forms a fact would use, by the verb asked.
_DOERS = {
    "hand": "handed|hands|hand", "give": "gave|gives|give|given", "present": "presented|presents|present",
    "confer": "conferred|confers", "award": "awarded|awards", "grant": "granted|grants", "bestow": "bestowed",
    "organise": "organi[sz]ed|organi[sz]es", "host": "hosted|hosts", "hold": "held|holds", "fund": "funded|funds",
    "sponsor": "sponsored|sponsors", "run": "ran|runs|run", "chair": "chaired|chairs",
}  # fmt: skip
_ASKS_DOER = re.compile(rf"\bwho\s+(?:{'|'.join(_DOERS.values())})\b")


# The one at the other end ("from whom?" after the financing): who may be one the conversation has just named
_COUNTERPART = re.compile(r"^\W*(?:and\s+)?(?:from|by|with|to|for) whom\b|从谁|向谁")


# Whom something was done with ("who were they urged to team up with?"): a partner, which a fact may name only by its
# kind ("universities and research institutes")
_PARTNER = re.compile(
    r"\bwho(?:m)?\b.{0,80}?\b(?:team(?:ed)? up|partner(?:ed)?|cooperat\w*|collaborat\w*|work(?:ed)?|join(?:ed)?|"
    r"pair(?:ed)? up)\s+with\b|\b(?:team up|partner|cooperate|collaborate|work) with whom\b"
    r"|(?:跟|和|与)谁(?:合作|联合|组建)",
    re.IGNORECASE,
)


def who_kind(text: str) -> str:
    """Who is asked for: a person ("who was the reporter?"), the media ("who took the photos?"), the one who did
    something ("who handed out the awards?": "did handed|hands|hand"), the other party ("from whom?"), a partner ("who
    were they urged to team up with?"), or anyone ("")."""
    if _COUNTERPART.search(text):
        return "counterpart"
    if _PARTNER.search(text):
        return "partner"
    if EN_PERSON.search(text) or ZH_PERSON.search(text):
        return "person"
    if ASKS_MEDIA.search(text):
        return "media"
    found = _ASKS_DOER.search(text)
    if found:
        return "did " + next(forms for forms in _DOERS.values() if re.fullmatch(forms, found[0].split()[-1]))
    return ""


def names_doer(kind: str, text: str) -> bool:
    """Whether a fact's text says someone did what a "who did it" question asks: in the active voice ("the bureau
    organised ..."), not only that it was done ("were awarded titles")."""
    forms = kind.removeprefix("did ")
    return (
        re.search(rf"(?<!\bwas )(?<!\bwere )(?<!\bare )(?<!\bis )(?<!\bbeen )\b(?:{forms})\b", text.lower()) is not None
    )
