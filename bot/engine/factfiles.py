"""Fact files read into entries, each file once for as long as its text stays the same.

Composing YAML and reading its nodes is most of the time loading takes: a reload of 10,000 facts spent a second on
it. A file read for the knowledge being served is kept with it (`ReadFile`), and a reload reads again only the
files whose text changed. What spans files is checked afresh every time: here, that a variant of the lexicon means
one thing in all files; in bot.engine.loader, ids and references.
"""

from __future__ import annotations

import hashlib
from collections.abc import Iterable, Mapping
from dataclasses import dataclass
from pathlib import Path

import yaml

from bot.engine.composing import Refused, compose
from bot.engine.model import Fact, Problem
from bot.engine.schema import Item, Reader, Synonym


@dataclass(frozen=True)
class ReadFile:
    """A fact file as read, kept with the knowledge built from it: a reload reads again only the files whose text
    changed (composing YAML is most of loading), and keeps the facts built from the others."""

    digest: bytes  # of its text
    items: Mapping[str, tuple[Item, ...]]  # per section
    synonyms: tuple[Synonym, ...]
    exclusive: tuple[tuple[str, ...], ...]
    facts: tuple[Fact, ...] = ()  # built from its fact items, one each, once the whole fact base was valid


def read_files(
    texts: Mapping[Path, str], earlier: Mapping[str, ReadFile], problems: list[Problem]
) -> dict[str, ReadFile]:
    """Each file read, in path order; a file of `earlier` whose text has not changed is not read again."""
    files: dict[str, ReadFile] = {}
    for file, text in sorted(texts.items()):
        path = str(file)
        digest = hashlib.blake2b(text.encode("utf-8", "surrogatepass")).digest()
        found = earlier.get(path)
        if found is None or found.digest != digest:
            found = _read_file(path, text, digest, problems)
        if found is not None:
            files[path] = found
    return files


def _read_file(path: str, text: str, digest: bytes, problems: list[Problem]) -> ReadFile | None:
    """One file composed and read into entries; None (and a problem) when it cannot be composed."""
    try:
        root = compose(text)
    except Refused as refused:
        problems.append(Problem(path, refused.line, refused.reason))
        return None
    except RecursionError:  # PyYAML's pure-Python composer, without libyaml's own nesting limit
        problems.append(Problem(path, 1, "lists and mappings nest too deep"))
        return None
    except yaml.YAMLError as error:
        mark = getattr(error, "problem_mark", None) or getattr(error, "context_mark", None)
        line = mark.line + 1 if mark is not None else 1
        reason = getattr(error, "problem", None) or str(error)
        problems.append(Problem(path, line, f"YAML syntax error: {reason}"))
        return None
    reader = Reader(problems)
    if root is not None:
        reader.document(path, root)
    items = {section: tuple(found) for section, found in reader.items.items()}
    return ReadFile(digest, items, tuple(reader.synonyms), tuple(reader.exclusive))


def facts_by_item(files: Iterable[ReadFile]) -> dict[int, Fact]:
    """The facts built for the knowledge being served, by the id of the item each was built from: a file not read
    again keeps its items, and so its facts."""
    return {id(item): fact for found in files for item, fact in zip(found.items["facts"], found.facts, strict=True)}


def merged_synonyms(files: Iterable[ReadFile], problems: list[Problem]) -> dict[str, tuple[str, str, int]]:
    """Variant -> (canonical, path, line) over all files; a variant may mean only one thing in all of them."""
    merged: dict[str, tuple[str, str, int]] = {}
    for found in files:
        for synonym in found.synonyms:
            known = merged.get(synonym.key)
            if known is not None and known[0] != synonym.canonical:
                meaning, where, at = known
                problems.append(
                    Problem(
                        synonym.path,
                        synonym.line,
                        f"variant '{synonym.variant}' already means '{meaning}' ({where}:{at})",
                    )
                )
            else:
                merged[synonym.key] = (synonym.canonical, synonym.path, synonym.line)
    return merged
