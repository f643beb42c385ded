"""Errors of the pipeline core.

WirestreamError
└── StageError          a story cannot pass a stage; it becomes a DeadLetter
    ├── DecodeError     bytes are not UTF-8 JSON (or text) of a story
    ├── InvalidStory    the JSON does not satisfy the RawStory contract
    ├── BodyTooLarge    the body exceeds ``max_body_bytes``
    └── EmptyStory      nothing is left of the body after cleaning
"""

from __future__ import annotations

from schemas import Stage


class WirestreamError(Exception):
    """Base of every error this package raises on purpose."""


class StageError(WirestreamError):
    """A story failed a stage; ``str(err)`` is the sentence put on the dead letter."""

    stage: Stage = "validate"

    def __init__(self, message: str, *, story_id: str | None = None) -> None:
        super().__init__(message)
        self.story_id = story_id


class DecodeError(StageError):
    stage: Stage = "decode"


class InvalidStory(StageError):
    stage: Stage = "validate"


class BodyTooLarge(StageError):
    stage: Stage = "validate"


class EmptyStory(StageError):
    stage: Stage = "normalize"
