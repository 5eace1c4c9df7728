"""Reference pages generated from the data: data dictionary, gazetteer, glossary of actors."""

from __future__ import annotations

import pandas as pd

from ..data.loaders import load_descriptor_for, load_package, load_table

__all__ = [
    "resources_overview",
    "field_table",
    "download_links",
    "spellings_by_id",
    "gazetteer",
    "glossary",
]


def resources_overview(data_dir=None) -> pd.DataFrame:
    """One row per table: what it is, its rows, its key and a link to download the CSV."""
    descriptor = load_descriptor_for(data_dir)
    tables = load_package(data_dir)
    rows = []
    for resource in descriptor["resources"]:
        pk = resource["schema"].get("primaryKey")
        rows.append(
            {
                "table": resource["name"],
                "kind": resource.get("conflictbook:kind", "fact"),
                "rows": len(tables[resource["name"]]),
                "primary key": ", ".join(pk) if isinstance(pk, list) else pk,
                "description": resource["description"],
            }
        )
    return pd.DataFrame(rows)


def field_table(resource_name: str, data_dir=None) -> pd.DataFrame:
    """The fields of one table: name, type, required, constraints, references, description."""
    descriptor = load_descriptor_for(data_dir)
    resource = next(r for r in descriptor["resources"] if r["name"] == resource_name)
    references = {}
    for fk in resource["schema"].get("foreignKeys", []) + resource.get(
        "conflictbook:listForeignKeys", []
    ):
        target = fk["reference"]["resource"] or resource_name
        references[fk["fields"]] = f"{target}.{fk['reference']['fields']}"
    rows = []
    for spec in resource["schema"]["fields"]:
        cons = dict(spec.get("constraints", {}))
        required = cons.pop("required", False)
        text = []
        if "enum" in cons:
            text.append("one of: " + ", ".join(str(e) for e in cons.pop("enum")))
        for key, value in sorted(cons.items()):
            text.append(f"{key}: {value}")
        kind = spec["type"] + (
            f" ({spec.get('delimiter', '|')}-separated)" if spec["type"] == "list" else ""
        )
        rows.append(
            {
                "field": spec["name"],
                "type": kind,
                "required": "yes" if required else "",
                "constraints": "; ".join(text),
                "references": references.get(spec["name"], ""),
                "description": spec.get("description", ""),
            }
        )
    return pd.DataFrame(rows)


def download_links(prefix: str = "../csv/") -> str:
    """Markdown-free HTML list of links to every CSV (the files are copied beside the site by the
    build)."""
    descriptor = load_descriptor_for()
    items = [f'<a href="{prefix}{r["path"]}">{r["path"]}</a>' for r in descriptor["resources"]]
    return " · ".join(items + [f'<a href="{prefix}datapackage.json">datapackage.json</a>'])


def spellings_by_id(aliases: pd.DataFrame, key: str) -> dict[str, str]:
    """Entity id -> 'spelling [source] (garbled); ...', every spelling sorted, for the reference
    tables."""
    out: dict[str, list[str]] = {}
    for entity, alias, source, garbled in sorted(
        zip(aliases[key], aliases["alias"], aliases["source_id"], aliases["garbled"])
    ):
        out.setdefault(entity, []).append(f"{alias} [{source}]{' (garbled)' if garbled else ''}")
    return {entity: "; ".join(items) for entity, items in out.items()}


def gazetteer(data_dir=None) -> pd.DataFrame:
    """Every place with its coordinates and every spelling the sources use."""
    places = load_table("places", data_dir)  # two tables, not the package: an edit elsewhere
    frame = places.assign(  # does not re-execute the gazetteer
        spellings=places["place_id"]
        .map(spellings_by_id(load_table("place_aliases", data_dir), "place_id"))
        .fillna("")
    )
    return (
        frame[
            ["place_id", "name", "kind", "parent_id", "lat", "lon", "coord_precision", "spellings"]
        ]
        .sort_values("name")
        .reset_index(drop=True)
    )


def glossary(data_dir=None) -> pd.DataFrame:
    """Every actor with its kind, parent and every spelling the sources use."""
    actors = load_table("actors", data_dir)
    frame = actors.assign(
        spellings=actors["actor_id"]
        .map(spellings_by_id(load_table("actor_aliases", data_dir), "actor_id"))
        .fillna("")
    )
    return (
        frame[["actor_id", "name", "kind", "parent_id", "spellings", "note"]]
        .sort_values("name")
        .reset_index(drop=True)
    )
