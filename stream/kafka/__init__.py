"""Kafka clients outside the worker: connection options, topic admin, replay and tail."""
