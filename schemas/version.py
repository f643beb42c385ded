"""The version of the topic contract (semver), carried by every output record.

Rewritten by ``wirestream schemas --release X.Y.Z`` only; see docs/compatibility.md.
"""

SCHEMA_VERSION = "0.3.0"
