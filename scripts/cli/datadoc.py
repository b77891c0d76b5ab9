"""Write data/README.md, the human-readable guide to the data package, from datapackage.json.

``python -m scripts.cli.datadoc`` rewrites the file; a test fails when it is out of date, so the
guide always says what the loader validates.
"""

from __future__ import annotations

from scripts.config import DATA
from scripts.data import load_frame, read_descriptor

README = DATA / "README.md"


def _cell(text) -> str:
    return str(text).replace("|", "\\|").replace("\n", " ")


def render() -> str:
    descriptor = read_descriptor()
    out = [
        f"# {descriptor['title']}",
        "",
        descriptor["description"],
        "",
        "Generated from `datapackage.json` by `make data-readme`; do not edit by hand.",
        "Every table is validated on every load (`scripts/data.py`, with Frictionless); `make validate` checks all.",
        "Sources are keys of `../references.bib`.",
        "",
    ]
    for res in descriptor["resources"]:
        schema = res["schema"]
        origin = res.get("x-origin", {})
        key = schema.get("primaryKey", "—")
        required = {f["name"]: "yes" if f.get("constraints", {}).get("required") else "" for f in schema["fields"]}
        out += [
            f"## `{res['path']}` — {res['title']}",
            "",
            res["description"],
            "",
            f"- Rows: {len(load_frame(res['name']))}",
            f"- Primary key: {', '.join(key) if isinstance(key, list) else key}",
            f"- Producer: {origin.get('producer', '—')}; citation: {origin.get('citation', '—')}; "
            f"accessed {origin.get('accessed', '—')}; licence {origin.get('license', '—')}",
        ]
        for fk in schema.get("foreignKeys", []):
            out.append(f"- `{fk['fields']}` refers to `{fk['reference']['resource']}.{fk['reference']['fields']}`")
        out += ["", "| column | type | unit | required | description |", "|---|---|---|---|---|"]
        for f in schema["fields"]:
            constraints = f.get("constraints", {})
            kind = f["type"] + (" (source key)" if f.get("bibtexKey") else "")
            if "enum" in constraints:
                kind += ": " + ", ".join(map(str, constraints["enum"]))
            out.append(
                f"| `{f['name']}` | {_cell(kind)} | {f.get('unit', '')} | {required[f['name']]} "
                f"| {_cell(f.get('description', ''))} |"
            )
        out.append("")
    return "\n".join(out)


if __name__ == "__main__":
    README.write_text(render(), encoding="utf-8")
