"""Figures in English and Chinese fact texts: the same figure written differently agrees, a different one does not."""

from collections import Counter

import pytest
from hypothesis import given
from hypothesis import strategies as st

from bot.engine.figures import figure_mismatch, figures

# The same figures, written the English way and the Chinese way.
SAME_FIGURES = [
    ("Hohhot has 464 research and development institutions.", "呼和浩特拥有各类研发机构464家。"),
    ("12 million yuan", "1200万元"),
    ("12,000,000 yuan", "1200万元"),
    ("12 million yuan", "12,000,000元"),
    ("$1.9 million", "190万美元"),
    ("1.9 billion yuan", "19亿元"),
    ("190 million yuan", "1.9亿元"),
    ("Four companies have obtained 12 million yuan ($1.9 million).", "四家企业获得1200万元（190万美元）。"),
    ("Updated: 2024-03-25", "更新时间：2024年3月25日"),
    ("on March 23", "于3月23日"),
    ("on 23 March 2024", "2024年3月23日"),
    ("on the 23rd of March", "三月二十三日"),
    ("in March", "3月"),
    ("growth of 0.5%", "增长0.5%"),
    ("30% of firms", "百分之三十的企业"),
    ("30 percent", "30％"),
    ("six technology companies", "六家科技企业"),
    ("Six leading technology companies", "6家领军科技企业"),
    ("two cities", "两市"),
    ("approximately 12 innovation consortiums", "约12个创新联合体"),
    ("twenty-three projects", "二十三个项目"),
    ("two hundred and fifty companies", "250家企业"),
    ("3,500 enterprises", "三千五百家企业"),
    ("35,000 jobs", "三万五个岗位"),
    ("one million yuan", "100万元"),
    ("a hundred schools", "一百所学校"),
    ("founded in 1949", "成立于一九四九年"),
    ("１２ consortiums", "12个联合体"),
    # Ordinals, idioms and names state no figure in either language.
    ("The dairy industry is one of Hohhot's most competitive industries.", "乳业是呼和浩特最具竞争力的产业之一。"),
    ("Inner Mongolia First Machinery Group Co signed projects.", "内蒙古第一机械集团签署了项目。"),
    (
        "Yili and Mengniu won second place prize in the 2020 National Science and Technology Progress Awards.",
        "伊利和蒙牛获得2020年国家科学技术进步奖二等奖。",
    ),
    ("first-class universities and further integration", "一流大学，进一步一体化，统一市场，一些企业"),
    ("the Three Gorges and the 14th Five-Year Plan", "三峡和十四五规划"),
    ("It ranks 2nd, ahead of No. 5 Middle School.", "排名第2，领先于第五中学。"),
    ("hundreds of companies", "数百家企业"),
    # A figure repeated in one language and stated once in the other.
    ("464 institutions, 464 of them in Hohhot", "464家机构"),
]


@pytest.mark.parametrize(("english", "chinese"), SAME_FIGURES)
def test_same_figure_written_differently_agrees(english: str, chinese: str) -> None:
    assert figure_mismatch(english, chinese) is None
    assert figure_mismatch(chinese, english) is None


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        ("12 million", {12e6}),
        ("1200万", {12e6}),
        ("1.9亿", {1.9e8}),
        ("3千万", {3e7}),
        ("1万亿", {1e12}),
        ("2024-03-25", {2024, 3, 25}),
        ("2024/03/25", {2024, 3, 25}),
        ("2024年3月25日", {2024, 3, 25}),
        ("March 23", {3, 23}),
        ("23 March", {3, 23}),
        ("Mar. 23", {3, 23}),
        ("May 2024", {5, 2024}),
        ("3月23日", {3, 23}),
        ("2024年", {2024}),
        ("30%", {30}),
        ("0.5", {0.5}),
        ("$1.9 million", {1.9e6}),
        ("six companies", {6}),
        ("六家", {6}),
        ("两市", {2}),
        ("十二个", {12}),
        ("一百零五", {105}),
        ("两千五", {2500}),
        ("two and three", {2, 3}),
        ("1,2,3", {1, 2, 3}),
        ("twenty-one", {21}),
    ],
)
def test_figures_reads_values(text: str, expected: set[float]) -> None:
    assert set(figures(text)) == expected


@pytest.mark.parametrize(
    "text",
    [
        "one of the most competitive",
        "the first, second and third place",
        "2nd place",
        "No. 5",
        "hundreds of companies",
        "may rise in May",
        "Inner Mongolia First Machinery Group",
        "the Three Gorges",
        "一些",
        "一流",
        "之一",
        "统一",
        "进一步",
        "一体",
        "一家",
        "第一机械集团",
        "第2名",
        "二等奖",
        "三等奖",
        "十四五",
        "三峡",
        "三一重工",
        "九三学社",
        "万一",
        "千万不要",
        "百年老店",
        "十分重要",
    ],
)
def test_ordinals_idioms_and_names_are_no_figures(text: str) -> None:
    assert figures(text) == Counter()


def test_figures_counts_repeats() -> None:
    assert figures("464 and 464, or 四百六十四家") == Counter({464.0: 3})


def test_different_figures_are_reported_both_ways() -> None:
    assert figure_mismatch("Hohhot has 464 institutions.", "呼和浩特拥有446家机构。") == (
        "figures differ: 464 in text, 446 in text_zh"
    )
    assert figure_mismatch("12 million yuan", "120万元") == "figures differ: 12000000 in text, 1200000 in text_zh"
    assert figure_mismatch("March 23", "3月25日") == "figures differ: 23 in text, 25 in text_zh"


def test_missing_figures_are_reported() -> None:
    english = "Hohhot has 193 platforms and 464 institutions."
    assert figure_mismatch(english, "呼和浩特拥有464家机构。") == "figure 193 in text is missing from text_zh"
    assert figure_mismatch("Hohhot has 464 institutions.", "呼和浩特拥有193个平台和464家机构，增长1.5倍。") == (
        "figures 1.5, 193 in text_zh are missing from text"
    )
    assert figure_mismatch("six companies", "企业") == "figure 6 in text is missing from text_zh"


def _chinese_numeral(n: int) -> str:
    """n (1..9999) in Chinese numerals, the way a translator writes it: 十五, 一百零五, 一千零五十."""
    digits = "零一二三四五六七八九"
    parts: list[str] = []
    gap = False
    for place, name in ((1000, "千"), (100, "百"), (10, "十"), (1, "")):
        digit = n // place % 10
        if digit:
            parts.append(("零" if gap else "") + digits[digit] + name)
            gap = False
        else:
            gap = bool(parts)
    text = "".join(parts)
    return text[1:] if text.startswith("一十") else text


@given(st.integers(min_value=2, max_value=9999))
def test_chinese_numeral_counts_equal_digits(n: int) -> None:
    assert figures(f"{_chinese_numeral(n)}家企业") == Counter({float(n): 1})
    assert figure_mismatch(f"{n:,} companies", f"{_chinese_numeral(n)}家企业") is None


@given(st.integers(min_value=1, max_value=10**8), st.sampled_from(["万", "亿"]))
def test_chinese_scales_equal_thousands_separators(n: int, scale: str) -> None:
    value = n * (10**4 if scale == "万" else 10**8)
    assert figure_mismatch(f"{value:,} yuan", f"{n}{scale}元") is None


# Text made of the pieces the readers look for, so that the properties below exercise them, not just letters.
NUMBERISH = st.lists(
    st.sampled_from(
        [
            *"0123456789０１２,.-/% $¥第等年月日号家个两一二三四五六七八九十百千万亿零〇之",
            *"March |May |st |nd |one |two |hundred |million |and |No. |A |. ".split("|"),
        ]
    ),
    max_size=40,
).map("".join)


@given(st.one_of(st.text(), NUMBERISH))
def test_figures_never_raises(text: str) -> None:
    assert all(isinstance(value, float) for value in figures(text))


@given(st.one_of(st.text(alphabet=st.characters(max_codepoint=0x7F)), NUMBERISH))
def test_text_agrees_with_itself(text: str) -> None:
    assert figure_mismatch(text, text) is None
