"""Traditional to simplified Chinese, so that 研發機構 matches 研发机构."""

import re

import zhconv

_CJK_CHAR = re.compile("[\u3400-\u9fff\uf900-\ufaff]")


def to_simplified(text: str) -> str:
    """Map traditional characters to simplified ones; text without Chinese characters is returned as is."""
    if _CJK_CHAR.search(text) is None:
        return text
    return zhconv.convert(text, "zh-hans")
