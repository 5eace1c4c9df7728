"""Keys across a data package: unique ids, primary keys, foreign keys (with a spelling hint), and
self-references that must not loop."""

from __future__ import annotations

from .schema import Report, key_fields

__all__ = ["check_hierarchies", "check_keys"]


def check_keys(report: Report, descriptor: dict) -> None:
    tables = report.tables
    for resource in descriptor["resources"]:
        table = tables.get(resource["name"])
        if table is None or not table.ok:
            continue
        rel = f"{report.data_dir.name}/{resource['path']}"
        schema = resource["schema"]
        for spec in schema["fields"]:
            if spec.get("constraints", {}).get("unique"):
                first_seen = {}
                for row, row_no in zip(table.rows, table.row_numbers):
                    value = row[spec["name"]]
                    if value is None:
                        continue
                    if value in first_seen:
                        report.add(
                            rel,
                            row_no,
                            spec["name"],
                            f"{value!r} is a duplicate (first used in row {first_seen[value]}); "
                            f"ids must be unique: "
                            "choose a new id, never renumber existing ones",
                        )
                    else:
                        first_seen[value] = row_no
        pk = key_fields(schema.get("primaryKey", []))
        if len(pk) > 1:
            first_seen = {}
            for row, row_no in zip(table.rows, table.row_numbers):
                key = tuple(row[k] for k in pk)
                if key in first_seen:
                    report.add(
                        rel,
                        row_no,
                        None,
                        f"duplicate row for ({', '.join(pk)}) = {key} (first in row "
                        f"{first_seen[key]}); remove one",
                    )
                else:
                    first_seen[key] = row_no
        for fk in schema.get("foreignKeys", []) + resource.get("conflictbook:listForeignKeys", []):
            local = fk["fields"]
            target_name = fk["reference"]["resource"] or resource["name"]
            target_field = fk["reference"]["fields"]
            target = tables.get(target_name)
            if target is None or not target.ok:
                continue
            known = {r[target_field] for r in target.rows}
            if (
                target.schema["fields"][0]["name"] == target_field
            ):  # rows that could not be read still define ids
                known |= {
                    raw
                    for no, raw in target.raw_ids.items()
                    if (target.name, no) in report.unreadable
                }
            for row, row_no in zip(table.rows, table.row_numbers):
                value = row.get(local)
                if value is None:
                    continue
                for item in value if isinstance(value, tuple) else (value,):
                    if item not in known:
                        hint = _closest(item, known)
                        allowed = (
                            f" (known values: {', '.join(sorted(map(str, known)))})"
                            if len(known) <= 40 and not hint
                            else ""
                        )
                        report.add(
                            rel,
                            row_no,
                            local,
                            f"{item!r} is not a known {target_field} in {target_name}.csv"
                            + (f" (did you mean {hint!r}?)" if hint else allowed)
                            + f"; add it to {target_name}.csv first or fix the spelling",
                        )


def check_hierarchies(report: Report, descriptor: dict) -> None:
    """A foreign key into its own table (parent_id) must not loop: a row cannot be its own
    ancestor."""
    for resource in descriptor["resources"]:
        table = report.tables.get(resource["name"])
        if table is None or not table.ok:
            continue
        rel = f"{report.data_dir.name}/{resource['path']}"
        pk = key_fields(resource["schema"].get("primaryKey", []))
        for fk in resource["schema"].get("foreignKeys", []):
            if (fk["reference"]["resource"] or resource["name"]) != resource["name"] or len(
                pk
            ) != 1:
                continue
            parent = {row[pk[0]]: row.get(fk["fields"]) for row in table.rows}
            rows = dict(zip((row[pk[0]] for row in table.rows), table.row_numbers))
            reported = set()
            for start in sorted(parent, key=str):
                seen, node = [], start
                while node is not None and node not in seen:
                    seen.append(node)
                    node = parent.get(node)
                if node is not None and node == start and start not in reported:
                    loop = seen[seen.index(node) :]
                    reported |= set(loop)
                    report.add(
                        rel,
                        rows[start],
                        fk["fields"],
                        f"the {fk['fields']} chain loops back to itself "
                        f"({' -> '.join(map(str, loop + [node]))}); "
                        f"one of these rows needs another {fk['fields']} (or none)",
                    )


def _closest(value: str, known: set) -> str | None:
    import difflib

    matches = difflib.get_close_matches(str(value), [str(k) for k in known], n=1, cutoff=0.75)
    return matches[0] if matches else None
