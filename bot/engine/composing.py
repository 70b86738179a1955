"""Compose a fact file into YAML nodes, refusing first what would cost too much to read.

A fact file may come from an upload, so it is hostile until read: its size, its number of values, its nesting and
its aliases are capped before anything is built from it (see `compose`).
"""

from __future__ import annotations

from collections import deque
from typing import Any

import yaml

# libyaml's parser when the wheel has it (it gives the same nodes and line marks, many times faster).
YAML_LOADER = getattr(yaml, "CSafeLoader", yaml.SafeLoader)
MAX_FILE_CHARS = 4 << 20  # a fact file of 1,000 facts is under 1 MB
MAX_EVENTS = 400_000  # parser events: one or two per value, ~40 per kB of real fact files
MAX_DEPTH = 10  # fact files nest five deep (file, section, entry, list, text)


class Refused(Exception):
    """A fact file refused before it is read: too big, too many values, aliases, too deep."""

    def __init__(self, line: int, reason: str) -> None:
        super().__init__(reason)
        self.line = line
        self.reason = reason


def compose(text: str) -> yaml.Node | None:
    """The root node of a fact file, refusing (`Refused`) what would cost too much to read; raises yaml.YAMLError.

    The parser's events are counted first, in constant memory, so that a file of a million tiny values is refused
    before its nodes exist. Composing never expands an alias (the composer shares the anchored node), so shared
    nodes are refused on a walk of the composed tree, before the reader would copy them once per reference: that
    is what lets 600 KiB of nested aliases become gigabytes.
    """
    if len(text) > MAX_FILE_CHARS:
        raise Refused(1, f"the file is larger than {MAX_FILE_CHARS >> 20} MiB")
    if _events(text) > MAX_EVENTS:
        raise Refused(1, f"the file has more than {MAX_EVENTS // 2:,} values")
    root: yaml.Node | None = yaml.compose(text, Loader=YAML_LOADER)
    seen: set[int] = set()
    # Breadth first, so that a shared node is met again at the level of its second reference, before descending.
    # An alias has no line of its own (it is the anchored node): it is reported at its key's line, or its list's.
    waiting = deque([(root, 1, 1)] if root is not None else [])
    while waiting:
        node, depth, line = waiting.popleft()
        if id(node) in seen:
            raise Refused(line, "aliases (*name) are not allowed in fact files")
        if depth > MAX_DEPTH:
            raise Refused(line, f"lists and mappings nest more than {MAX_DEPTH} deep")
        seen.add(id(node))
        if isinstance(node, yaml.MappingNode):
            for key, value in node.value:
                at = key.start_mark.line + 1
                waiting.extend(((key, depth + 1, at), (value, depth + 1, at)))
        elif isinstance(node, yaml.SequenceNode):
            waiting.extend((child, depth + 1, node.start_mark.line + 1) for child in node.value)
    return root


def _events(text: str) -> int:
    """How many events parsing the text gives; libyaml counts them without creating a Python object each."""
    if not hasattr(YAML_LOADER, "raw_parse"):
        return sum(1 for _ in yaml.parse(text, Loader=YAML_LOADER))
    parser: Any = YAML_LOADER(text)
    try:
        return int(parser.raw_parse())
    finally:
        parser.dispose()
