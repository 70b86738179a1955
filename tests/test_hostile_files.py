"""Fact files as an attacker or a careless admin writes them: bounded cost, no server file read, safe names; and
a reload that frees the index it replaces."""

from __future__ import annotations

import gc
import os
import weakref
from pathlib import Path

import pytest

from bot.engine import teardown
from bot.engine.articlefiles import MAX_ARTICLE_BYTES
from bot.engine.composing import MAX_DEPTH, MAX_EVENTS
from bot.engine.knowledge import KnowledgeStore, build, fact_file_name
from bot.engine.loader import MAX_ID_CHARS
from bot.engine.model import FactBaseError
from tests import test_factbase
from tests.test_factbase import FACT

PLAIN = "must be the plain name of a file in the articles folder (letters, digits, '.', '_', '-')"
SOURCE = """\
sources:
  - id: other
    title: Other
    publisher: Nobody
    date: "2021"
    file: {file}
"""


facts_dir = test_factbase.facts_dir  # a writable copy of the mini fact base
problems = test_factbase.problems_of


def alias_bomb(levels: int = 9, width: int = 10) -> str:
    """The billion laughs: each level a list of `width` aliases of the level before (10**9 strings at 9 levels)."""
    lines = ['a0: &a0 ["lol"]']
    lines += [f"a{n}: &a{n} [{', '.join([f'*a{n - 1}'] * width)}]" for n in range(1, levels + 1)]
    return "\n".join(lines) + f"\nfacts:\n  - id: bomb\n    questions: *a{levels}\n"


def test_aliases_are_refused_before_they_expand(facts_dir: Path) -> None:
    found = problems(facts_dir, "bomb.yaml", alias_bomb())
    assert found == ["bomb.yaml:2: aliases (*name) are not allowed in fact files"]


def test_an_alias_of_a_whole_fact_is_refused_too(facts_dir: Path) -> None:
    text = FACT.replace("facts:\n  - id: extra", "facts:\n  - &one\n    id: extra") + "  - *one\n"
    assert any("aliases (*name) are not allowed" in p for p in problems(facts_dir, "extra.yaml", text))


def test_too_many_values_are_refused_before_composing(facts_dir: Path) -> None:
    text = "facts: [" + "1," * MAX_EVENTS + "1]\n"
    assert problems(facts_dir, "many.yaml", text) == [f"many.yaml:1: the file has more than {MAX_EVENTS // 2:,} values"]


def test_deep_nesting_is_refused(facts_dir: Path) -> None:
    depth = MAX_DEPTH + 1
    text = "facts: " + "[" * depth + "]" * depth + "\n"
    assert problems(facts_dir, "deep.yaml", text) == [
        f"deep.yaml:1: lists and mappings nest more than {MAX_DEPTH} deep"
    ]


@pytest.mark.parametrize(
    ("file", "reason"),
    [
        ("/etc/passwd", PLAIN),
        ("../../etc/passwd", PLAIN),
        ("..", PLAIN),
        ("missing.txt", "is not a file in the articles folder"),
    ],
)
def test_a_source_file_is_a_plain_name_inside_the_articles_folder(facts_dir: Path, file: str, reason: str) -> None:
    found = problems(facts_dir, "other.yaml", SOURCE.format(file=file))
    assert found == [f"other.yaml:6: article '{file}' {reason}"]


def test_a_source_file_is_a_regular_file_of_bounded_size(facts_dir: Path) -> None:
    articles = facts_dir / "articles"
    (articles / "zero").symlink_to("/dev/zero")
    (articles / "secrets.txt").symlink_to("/proc/self/environ")
    os.mkfifo(articles / "pipe")
    (articles / "huge.txt").write_bytes(b"x" * (MAX_ARTICLE_BYTES + 1))
    (articles / "binary.txt").write_bytes(b"\xff\xfe\x00")
    expected = {
        "zero": "is not a file in the articles folder",  # a link is not followed
        "secrets.txt": "is not a file in the articles folder",
        "pipe": "is not a regular file in the articles folder",  # and opening it does not block
        "huge.txt": "is larger than 1 MiB",
        "binary.txt": "is not UTF-8 text",
    }
    for file, reason in expected.items():
        assert problems(facts_dir, "other.yaml", SOURCE.format(file=file)) == [
            f"other.yaml:6: article '{file}' {reason}"
        ]


def test_an_id_too_long_for_a_button_is_refused(facts_dir: Path) -> None:
    long_id = "-".join(["word"] * 12)  # 59 characters: "f:" + id would still fit, "p:" + id + ":12" not
    assert len(long_id) > MAX_ID_CHARS
    found = problems(facts_dir, "extra.yaml", FACT.replace("id: extra", f"id: {long_id}"))
    assert f"extra.yaml:2: fact id '{long_id}' is longer than {MAX_ID_CHARS} characters" in found


@pytest.mark.parametrize(
    ("name", "safe"),
    [
        ("photo.yaml", "photo.yaml"),
        ("My Facts (2).YML", "my-facts-2.yaml"),
        ("../../etc/cron.d/x.yaml", "x.yaml"),
        ("C:\\facts\\dairy.yaml", "dairy.yaml"),
        ("nul\x00byte.yaml", "nul-byte.yaml"),
        (".hidden.yaml", "hidden.yaml"),
        ("x" * 300 + ".yaml", None),
        ("notes.txt", None),
        ("....yaml", None),
        ("", None),
    ],
)
def test_upload_names_become_safe_or_are_refused(name: str, safe: str | None) -> None:
    assert fact_file_name(name) == safe


def test_install_writes_only_under_the_safe_name(facts_dir: Path) -> None:
    store = KnowledgeStore(facts_dir)
    store.install("../Extra File.yml", FACT.encode())
    assert (facts_dir / "extra-file.yaml").read_text(encoding="utf-8") == FACT
    with pytest.raises(FactBaseError, match=r"needs a \.yaml name"):
        store.install("n" * 300 + ".yaml", FACT.encode())


def test_a_reload_frees_the_index_it_replaces(facts_dir: Path) -> None:
    """build() freezes the new index (gc.freeze), so a reference cycle in it would never be collected."""
    store = KnowledgeStore(facts_dir)
    old = store.current
    parts = [old, old.base, old.matcher, old.matcher.index, old.matcher.normaliser]
    old.matcher.normaliser.correct("hohot")  # the spelling cache holds entries
    references = [weakref.ref(part) for part in parts]
    del old, parts
    store.reload()
    gc.collect()
    assert [reference() for reference in references] == [None] * len(references)


def test_a_replaced_index_is_emptied_a_slice_at_a_time_once_nobody_else_holds_it(
    facts_dir: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    """Freeing a big index at once would hold the GIL for tens of milliseconds (bench: reload under load)."""
    monkeypatch.setattr(teardown, "WAIT", 0.05)
    monkeypatch.setattr(teardown, "STEP", 3)
    old = build(facts_dir)
    reader = old.matcher  # a question still being answered with the old index
    assert teardown.release(old) is False
    del reader
    index = old.matcher.index
    assert index.examples and index.postings
    shared = index.fact_ids  # the new index may hold some of the old one's values
    kept = list(shared)
    del index
    assert teardown.release(old) is True
    assert old.matcher.index.fact_ids == kept  # held elsewhere too: left alone
    assert not old.matcher.index.examples and not old.matcher.index.postings  # emptied, three items at a time
    del shared
