"""Errors of the readers in conflictbook.io."""

from __future__ import annotations

__all__ = ["EventFileError"]


class EventFileError(ValueError):
    """An event file that cannot be read: the message names the file, the line (CSV; the header is
    line 1) or row (Parquet, DataFrame), the column and the value."""
