"""Check datapackage.json itself before any table is read, so a misspelt type, constraint or key
gets a message naming the descriptor, the resource and the field instead of a failure deep inside
the reader.

The checks follow the Frictionless Data Package and Table Schema specifications for what this
reader uses (field types, constraints, primaryKey, foreignKeys), plus the ``conflictbook:``
properties it understands."""

from __future__ import annotations

import difflib

__all__ = ["FIELD_TYPES", "CONSTRAINTS", "check_descriptor"]

FIELD_TYPES = ("string", "integer", "number", "date", "year", "boolean", "list")
CONSTRAINTS = (
    "required",
    "unique",
    "enum",
    "pattern",
    "minimum",
    "maximum",
    "minLength",
    "maxLength",
)
FIELD_KEYS = (
    "name",
    "type",
    "title",
    "description",
    "format",
    "constraints",
    "delimiter",
    "example",
    "rdfType",
    "missingValues",
    "itemType",
    "conflictbook:example",
)


def _hint(value: str, choices) -> str:
    match = difflib.get_close_matches(str(value), list(choices), n=1, cutoff=0.6)
    return f" (did you mean {match[0]!r}?)" if match else f"; use one of: {', '.join(choices)}"


def _check_field(spec, where: str, add) -> None:
    if not isinstance(spec, dict) or not isinstance(spec.get("name"), str) or not spec.get("name"):
        add(f'{where}: every field needs a "name" (a non-empty string)')
        return
    here = f'{where}, field "{spec["name"]}"'
    kind = spec.get("type", "string")
    if kind not in FIELD_TYPES:
        add(f"{here}: type {kind!r} is not a field type this book reads{_hint(kind, FIELD_TYPES)}")
    for key in spec:
        if key not in FIELD_KEYS and not key.startswith("conflictbook:"):
            add(f"{here}: unknown key {key!r}{_hint(key, FIELD_KEYS)}")
    constraints = spec.get("constraints", {})
    if not isinstance(constraints, dict):
        add(f'{here}: "constraints" must be an object such as {{"required": true}}')
        return
    for key, value in constraints.items():
        if key not in CONSTRAINTS:
            add(f"{here}: unknown constraint {key!r}{_hint(key, CONSTRAINTS)}")
        elif key in ("required", "unique") and not isinstance(value, bool):
            add(f"{here}: constraint {key!r} must be true or false, not {value!r}")
        elif key == "enum" and (not isinstance(value, list) or not value):
            add(f'{here}: constraint "enum" must be a non-empty list of allowed values')
        elif key == "pattern":
            import re

            try:
                re.compile(str(value))
            except re.error as exc:
                add(f'{here}: constraint "pattern" is not a valid regular expression ({exc})')
        elif key in ("minimum", "maximum", "minLength", "maxLength") and not isinstance(
            value, (int, float)
        ):
            add(f"{here}: constraint {key!r} must be a number, not {value!r}")


def _keys(value) -> list:
    return [value] if isinstance(value, str) else list(value) if isinstance(value, list) else []


def check_descriptor(descriptor, add) -> bool:
    """Call add(message) for each problem of the descriptor; True when the tables can be read
    with it."""
    before = []
    counted = lambda message: (before.append(message), add(message))  # noqa: E731
    if not isinstance(descriptor, dict) or not isinstance(descriptor.get("resources"), list):
        counted('the descriptor needs a "resources" list (one entry per CSV file)')
        return False
    names: dict[str, dict] = {}
    for i, resource in enumerate(descriptor["resources"], start=1):
        if not isinstance(resource, dict):
            counted(f"resource {i} is not an object")
            continue
        name = resource.get("name")
        where = f'resource "{name}"' if name else f"resource {i}"
        if not isinstance(name, str) or not name:
            counted(f'{where}: needs a "name"')
            continue
        if name in names:
            counted(f"{where}: the name is used twice; each resource needs its own")
        names[name] = resource
        if not isinstance(resource.get("path"), str) or not resource["path"].endswith(".csv"):
            counted(f'{where}: needs a "path" to its CSV file (e.g. "{name}.csv")')
        schema = resource.get("schema")
        if (
            not isinstance(schema, dict)
            or not isinstance(schema.get("fields"), list)
            or not schema["fields"]
        ):
            counted(f'{where}: needs a "schema" with a non-empty "fields" list')
            continue
        seen = set()
        for spec in schema["fields"]:
            _check_field(spec, where, counted)
            if isinstance(spec, dict) and spec.get("name") in seen:
                counted(f'{where}, field "{spec["name"]}": the field is declared twice')
            if isinstance(spec, dict):
                seen.add(spec.get("name"))
        for key in _keys(schema.get("primaryKey", [])):
            if key not in seen:
                counted(f'{where}: primaryKey names "{key}", which is not one of its fields')
    for name, resource in names.items():
        schema = resource.get("schema") if isinstance(resource.get("schema"), dict) else {}
        own = {f.get("name") for f in schema.get("fields", []) if isinstance(f, dict)}
        for fk in schema.get("foreignKeys", []) + resource.get("conflictbook:listForeignKeys", []):
            ref = fk.get("reference", {}) if isinstance(fk, dict) else {}
            target = ref.get("resource") or name
            local = fk.get("fields") if isinstance(fk, dict) else None
            where = f'resource "{name}", foreign key on "{local}"'
            if local not in own:
                counted(f'{where}: "{local}" is not one of its fields')
            if target not in names:
                counted(
                    f"{where}: refers to resource {target!r}, which is not in the "
                    f"package{_hint(target, names)}"
                )
                continue
            target_fields = {
                f.get("name")
                for f in names[target].get("schema", {}).get("fields", [])
                if isinstance(f, dict)
            }
            if ref.get("fields") not in target_fields:
                counted(
                    f"{where}: refers to field {ref.get('fields')!r} of {target!r}, which has no "
                    f"such field"
                )
    return not before
