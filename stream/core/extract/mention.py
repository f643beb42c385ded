"""One entity mention in a story body (shared by the entity rules and the speakers)."""

from __future__ import annotations

import re
from dataclasses import dataclass

#: A possessive ending ("Okafor's", "Jones'"): the mention names an owner (its
#: ``possessive`` flag), never a clause's subject.
POSSESSIVE_END = re.compile(r"['’]s?$")


@dataclass
class Mention:
    """One entity mention in the body, with its resolved canonical."""

    start: int
    end: int
    text: str
    label: str
    canonical: str = ""
    possessive: bool = False
    titled: bool = False
    group_context: bool = False
