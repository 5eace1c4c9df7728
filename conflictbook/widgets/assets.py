"""One loader for the widgets' HTML and JavaScript, kept as package data files (not Python
strings)."""

from __future__ import annotations

import html
import json
from importlib import resources
from string import Template

__all__ = ["render", "safe_json"]


def safe_json(value) -> str:
    """JSON safe to embed in a <script> element: <, > and & escaped, so data can never close the
    element."""
    text = json.dumps(value, ensure_ascii=False, sort_keys=True, separators=(",", ":"))
    return text.replace("<", "\\u003c").replace(">", "\\u003e").replace("&", "\\u0026")


def _asset(name: str) -> str:
    return resources.files(__package__).joinpath("assets", name).read_text(encoding="utf-8")


def render(widget: str, uid: str, data, **text: str) -> str:
    """The widget's HTML fragment with its script inlined: `uid` and `text` escaped, `data` as
    safe JSON."""
    values = {
        "uid": html.escape(uid),
        "data": safe_json(data),
        **{k: html.escape(v) for k, v in text.items()},
    }
    script = Template(_asset(f"{widget}.js")).substitute(uid=values["uid"])
    return Template(_asset(f"{widget}.html")).substitute(values, script=script)
