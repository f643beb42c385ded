"""The error tree: everything wirestream raises on purpose derives from WirestreamError.

WirestreamError
├── StageError            a story cannot pass a stage; it becomes a DeadLetter
│   ├── DecodeError       bytes are not UTF-8 JSON (or text) of a story
│   ├── InvalidStory      the JSON does not satisfy the RawStory contract
│   ├── BodyTooLarge      the body exceeds ``max_body_bytes``
│   └── EmptyStory        nothing is left of the body after cleaning
├── ContractError         a contract release is refused (``wirestream schemas --release``)
├── SettingsError         settings that cannot work together (stream.settings)
├── BrokerError           the embedded local broker cannot start or stop (stream.local.broker)
├── BrokerConnectionError a client cannot reach the broker or is refused (stream.kafka.connection)
├── TopicSetupError       the topics cannot be created or have a wrong layout
│                         (stream.kafka.admin)
└── WorkerNotReady        a worker child process died or never got ready (stream.local.supervise)

Catch ``WirestreamError`` for "anything this package meant to tell you". The errors of
the drivers stay in their modules (and also derive from ``RuntimeError``, as before);
the dead-letter codes a ``StageError`` carries are defined once, in
``schemas.DeadLetterCode``.
"""

from __future__ import annotations

from schemas import DeadLetterCode, Stage


class WirestreamError(Exception):
    """Base of every error this package raises on purpose."""


class StageError(WirestreamError):
    """A story failed a stage; ``str(err)`` is the sentence put on the dead letter.

    ``code`` is the stable reason; ``stage`` defaults to the subclass's stage.
    """

    stage: Stage = "validate"

    def __init__(
        self,
        message: str,
        *,
        code: DeadLetterCode,
        stage: Stage | None = None,
        story_id: str | None = None,
    ) -> None:
        super().__init__(message)
        self.code = DeadLetterCode(code)
        if stage is not None:
            self.stage = stage
        self.story_id = story_id


class DecodeError(StageError):
    stage: Stage = "decode"


class InvalidStory(StageError):
    stage: Stage = "validate"


class BodyTooLarge(StageError):
    stage: Stage = "validate"


class EmptyStory(StageError):
    stage: Stage = "normalize"


class ContractError(WirestreamError, ValueError):
    """A contract release was refused: not newer, or breaking without a major bump."""
