"""Edits to the fact files: round-trip YAML that keeps every other line, validation through the store, undo, git."""

from __future__ import annotations

import difflib
import logging
import shutil
import subprocess
import threading
from datetime import datetime, timezone
from pathlib import Path

import pytest
import yaml

from bot.curation import versions
from bot.curation.edits import Editor
from bot.curation.yamledit import CHECKS_HEADER, EditRefused, add_check, add_question
from bot.engine.knowledge import KnowledgeStore, build
from bot.engine.model import FactBaseError

FACTS = Path(__file__).resolve().parent.parent / "facts"
RD_FACT = "hohhot-rd-institutions"
MISSED = "How many zorblaxes does Hohhot have?"  # a made-up word: declined whatever the lexicon learns
ADMIN = "0123456789ab"


def changed_lines(before: str, after: str) -> list[str]:
    """The lines added or removed, ignoring trailing spaces (a round trip drops them)."""
    old = [line.rstrip() for line in before.splitlines()]
    new = [line.rstrip() for line in after.splitlines()]
    return [line for line in difflib.ndiff(old, new) if line[:1] in "+-"]


@pytest.mark.parametrize("language", ["en", "zh"])
def test_adding_a_question_to_any_fact_adds_exactly_one_line(language: str) -> None:
    question = "全新的问题：是吗？" if language == "zh" else "brand new: #question?"  # ": " and " #" need quotes
    for fact in build(FACTS).base.facts:
        text = Path(fact.path).read_text(encoding="utf-8")
        edited = add_question(text, fact.path, fact.id, question, language)
        (added,) = changed_lines(text, edited)
        assert added.startswith("+ ") and question in added, (fact.id, added)
        key = "questions_zh" if language == "zh" else "questions"
        entry = next(e for e in yaml.safe_load(edited)["facts"] if e["id"] == fact.id)
        assert entry[key][-1] == question  # quoted as YAML needs it, and in the right list


def test_a_flow_list_and_a_missing_chinese_list() -> None:
    text = "# header\nfacts:\n  - id: a-fact  # note\n    questions: [one, two]\n    topics: [x]\n"
    edited = add_question(text, "f.yaml", "a-fact", "three: 3", "en")
    assert yaml.safe_load(edited)["facts"][0]["questions"] == ["one", "two", "three: 3"]
    assert edited.startswith("# header\n") and "# note" in edited
    chinese = add_question(text, "f.yaml", "a-fact", "三个问题", "zh")
    assert list(yaml.safe_load(chinese)["facts"][0]) == ["id", "questions", "questions_zh", "topics"]


def test_edits_that_make_no_sense_are_refused() -> None:
    text = "facts:\n  - id: a-fact\n    questions: [How many?]\n"
    with pytest.raises(EditRefused) as raised:
        add_question(text, "f.yaml", "a-fact", "how   MANY?", "en")
    assert raised.value.key == "edit_duplicate"
    with pytest.raises(EditRefused, match="edit_no_fact"):
        add_question(text, "f.yaml", "other-fact", "why?", "en")
    with pytest.raises(FactBaseError, match=r"f\.yaml:4: YAML syntax error: expected ',' or ']'"):
        add_question("facts:\n  - id: a-fact\n    questions: [a b\n  - id: x\n", "f.yaml", "a-fact", "why?", "en")
    with pytest.raises(EditRefused, match="edit_duplicate_check"):
        add_check("checks:\n  - {question: Why?, answer: decline}\n", "c.yaml", "why?")


def test_a_check_is_appended_after_trailing_comments_or_starts_a_new_file() -> None:
    text = "checks:\n  - question: one\n    answer: decline\n  # the end\n"
    edited = add_check(text, "c.yaml", "two words")
    appended = "  - question: two words\n    answer: decline\n"
    assert edited == "checks:\n  - question: one\n    answer: decline\n" + appended + "  # the end\n"
    fresh = add_check(None, "c.yaml", "What's 3+3?")
    assert fresh.startswith(CHECKS_HEADER)
    assert yaml.safe_load(fresh) == {"checks": [{"question": "What's 3+3?", "answer": "decline"}]}


@pytest.fixture
def facts(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> Path:
    """A copy of the facts; git as on a fresh machine, with no identity configured anywhere."""
    monkeypatch.setenv("GIT_CONFIG_GLOBAL", str(tmp_path / "no-gitconfig"))
    monkeypatch.setenv("GIT_CONFIG_NOSYSTEM", "1")
    copy = tmp_path / "facts"
    shutil.copytree(FACTS, copy)
    return copy


def git(folder: Path, *arguments: str) -> str:
    done = subprocess.run(["git", "-C", str(folder), *arguments], capture_output=True, text=True)
    assert done.returncode == 0, done.stderr
    return done.stdout


def init(folder: Path) -> None:
    git(folder, "init", "--quiet")
    git(folder, "add", "--all")
    git(folder, "-c", "user.name=C", "-c", "user.email=c@example.org", "commit", "--quiet", "-m", "Facts")


def test_an_edit_is_validated_written_served_and_undone(facts: Path) -> None:
    store = KnowledgeStore(facts)
    editor = Editor(store)
    assert store.current.matcher.match(MISSED).fact_id is None
    path = facts / "hohhot-sci-tech.yaml"
    original = path.read_text(encoding="utf-8")
    done = editor.add_question(RD_FACT, f"  {MISSED}\n", ADMIN)
    assert done.commit is None  # not a git work tree: the edit stands without a commit
    assert done.edit.path == path and done.edit.before == original and done.edit.after == path.read_text("utf-8")
    assert done.reloaded.changes.changed == (RD_FACT,) and store.current is done.reloaded.knowledge
    assert store.current.matcher.match(MISSED).fact_id == RD_FACT
    assert not list(facts.glob(".*.writing"))  # the temporary file was renamed over the target

    undone = editor.undo(done.edit, ADMIN)
    assert path.read_text(encoding="utf-8") == original
    assert undone.reloaded.changes.changed == (RD_FACT,)
    assert store.current.matcher.match(MISSED).fact_id is None
    with pytest.raises(EditRefused, match="edit_file_changed"):
        editor.undo(done.edit, ADMIN)  # the file is no longer what that edit wrote


def test_a_refused_edit_changes_nothing(facts: Path) -> None:
    store = KnowledgeStore(facts)
    served = store.current
    files = {path: path.read_text(encoding="utf-8") for path in facts.iterdir() if path.is_file()}
    editor = Editor(store)
    with pytest.raises(FactBaseError) as raised:  # a question naming another city breaks the collision check
        editor.add_question(RD_FACT, "How many R&D institutions does Ordos have?", ADMIN)
    assert "which fact hohhot-rd-institutions is not about" in str(raised.value)
    with pytest.raises(FactBaseError, match="check failed: 'How many R&D institutions does Hohhot have"):
        editor.add_decline_check("How many R&D institutions does Hohhot have?", ADMIN)  # it is answered
    with pytest.raises(EditRefused, match="edit_question_length"):
        editor.add_question(RD_FACT, "x" * 301, ADMIN)
    assert store.current is served
    assert {path: path.read_text(encoding="utf-8") for path in facts.iterdir() if path.is_file()} == files


def test_each_edit_and_undo_is_a_commit_naming_the_fact_and_the_admin(facts: Path) -> None:
    init(facts)
    editor = Editor(KnowledgeStore(facts))
    done = editor.add_question(RD_FACT, MISSED, ADMIN)
    assert done.commit == git(facts, "rev-parse", "--short", "HEAD").strip()
    assert git(facts, "log", "-1", "--format=%an <%ae>%n%s%n%b").splitlines()[:4] == [
        "Innovation bot <innovation-bot@localhost>",
        f"Add an example question to {RD_FACT}",
        f"Question: {MISSED}",
        f"By admin {ADMIN} from Telegram.",
    ]
    assert git(facts, "show", "--name-only", "--format=", "HEAD").split() == ["hohhot-sci-tech.yaml"]
    editor.undo(done.edit, ADMIN)
    assert git(facts, "log", "-1", "--format=%s").strip() == f"Undo: Add an example question to {RD_FACT}"
    assert git(facts, "status", "--porcelain") == ""


def test_a_new_checks_file_is_committed_and_its_undo_removes_it(facts: Path) -> None:
    (facts / "checks.yaml").unlink()
    init(facts)
    editor = Editor(KnowledgeStore(facts))
    done = editor.add_decline_check("How many zorblaxes does Ordos have?", ADMIN)
    assert done.edit.before is None and (facts / "checks.yaml").exists()
    assert git(facts, "log", "-1", "--format=%s").strip() == "Add a decline check"
    editor.undo(done.edit, ADMIN)
    assert not (facts / "checks.yaml").exists()
    assert git(facts, "status", "--porcelain") == "" and "checks.yaml" not in git(facts, "ls-files")


def test_a_failing_git_is_logged_and_the_edit_stands(facts: Path, caplog: pytest.LogCaptureFixture) -> None:
    init(facts)
    (facts / ".git" / "index.lock").write_text("", encoding="utf-8")  # another git is "running"
    store = KnowledgeStore(facts)
    done = Editor(store).add_question(RD_FACT, MISSED, ADMIN)
    assert done.commit is None
    assert store.current.matcher.match(MISSED).fact_id == RD_FACT
    assert MISSED in (facts / "hohhot-sci-tech.yaml").read_text(encoding="utf-8")
    assert any(
        "git add failed" in record.getMessage() and "index.lock" in record.getMessage() for record in caplog.records
    )
    assert caplog.records[-1].levelno == logging.WARNING


def test_only_a_work_tree_gets_commits(tmp_path: Path) -> None:
    assert not versions.is_work_tree(tmp_path)
    assert versions.commit(tmp_path, [tmp_path / "x.yaml"], "nothing") is None


def test_edits_at_the_same_time_both_land(facts: Path) -> None:
    editor = Editor(KnowledgeStore(facts))
    questions = [f"How many zorblaxes of kind {n} does Hohhot have?" for n in ("alpha", "beta", "gamma")]
    threads = [threading.Thread(target=editor.add_question, args=(RD_FACT, q, ADMIN)) for q in questions]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join()
    text = (facts / "hohhot-sci-tech.yaml").read_text(encoding="utf-8")
    assert all(question in text for question in questions)
    assert all(editor.store.current.matcher.match(q).fact_id == RD_FACT for q in questions)


def test_a_draft_fact_is_saved_beside_the_facts_and_never_loaded(facts: Path) -> None:
    init(facts)
    store = KnowledgeStore(facts)
    editor = Editor(store)
    now = datetime(2024, 5, 10, tzinfo=timezone.utc)
    first = editor.save_draft("Who is the mayor of Hohhot?", "Not in the articles; see the city's site.", ADMIN, now)
    second = editor.save_draft("Who is the mayor of Hohhot?", "Another answer.", ADMIN, now)
    assert (first.id, second.id) == ("draft-who-is-the-mayor-of-hohhot", "draft-who-is-the-mayor-of-hohhot-2")
    draft = yaml.safe_load(first.path.read_text(encoding="utf-8"))["facts"][0]
    assert draft["text"] == "Not in the articles; see the city's site." and draft["quote"] == "TODO"
    assert draft["questions"][0] == "Who is the mayor of Hohhot?" and draft["entities"] == ["hohhot"]
    assert first.path.parent == facts / "drafts" and first.path.read_text(encoding="utf-8").startswith("# Draft fact")
    assert first.commit is not None and git(facts, "log", "-1", "--format=%s").startswith("Add draft fact draft-who")
    assert len(store.reload().knowledge.base.facts) == len(build(FACTS).base.facts)  # drafts/ is not read
