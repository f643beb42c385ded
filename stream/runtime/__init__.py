"""The faust runtime: the app, its topics, the thin agents that call the pipeline core,
consumer lag, metrics and the dashboard pages the worker serves.
"""
