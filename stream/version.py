"""Version stamped on every output record."""

PIPELINE_VERSION = "0.1.0"
