"""The analysis layer: pure functions from loaded tables to tables and graphs.

It imports only from ``conflictbook.data`` and from itself; never from figures, widgets, io or
publish."""
