"""A value that starts with TODO is something a curator still has to write: reported as `path:line: TODO: ...`."""

from __future__ import annotations

import shutil
from pathlib import Path

import pytest

from bot.engine.knowledge import build
from bot.engine.model import FactBaseError

MINI = Path(__file__).parent / "fixtures" / "mini"

DRAFT = """\
facts:
  - id: extra
    text: Baotou has the most complete industrial system in the region.
    text_zh: "TODO: the text in Chinese"
    source: mini
    quote: Baotou has the most complete industrial system in the region.
    topics: ["TODO: choose topics"]
    entities: [baotou]
    questions: [where is baotou, baotou industry, baotou industrial system, most complete industry baotou]
    questions_zh:
      - "TODO: in Chinese: where is baotou"
      - TODO
"""


def problems(tmp_path: Path, text: str) -> list[str]:
    facts = tmp_path / "facts"
    shutil.copytree(MINI, facts)
    (facts / "draft.yaml").write_text(text, encoding="utf-8")
    with pytest.raises(FactBaseError) as raised:
        build(facts)
    return [f"{Path(p.path).name}:{p.line}: {p.message}" for p in raised.value.problems]


def test_each_todo_is_reported_at_its_line_and_nothing_else(tmp_path: Path) -> None:
    assert problems(tmp_path, DRAFT) == [
        "draft.yaml:4: TODO: the text in Chinese",
        "draft.yaml:7: TODO: choose topics",
        "draft.yaml:11: TODO: in Chinese: where is baotou",
        "draft.yaml:12: TODO",
    ]


def test_a_list_left_as_one_todo_is_one_problem(tmp_path: Path) -> None:
    text = DRAFT.replace('    topics: ["TODO: choose topics"]\n', "    topics: TODO pick some\n")
    assert "draft.yaml:7: TODO: pick some" in problems(tmp_path, text)


def test_a_text_that_merely_contains_todo_is_not_one(tmp_path: Path) -> None:
    text = DRAFT.replace('"TODO: the text in Chinese"', "Baotou 的 TODOs 清单").replace(
        "TODO: choose topics", "industry"
    )
    assert not any("the text in Chinese" in p or "TODOs" in p for p in problems(tmp_path, text))
