"""Which data files each notebook reads, so a data change re-executes exactly those notebooks.

Jupyter Book's execution cache keys on code cells only: a changed CSV would otherwise leave
stale outputs. A notebook reads the tables named in its literal ``load("name")`` calls, plus
the tables they point to through foreign keys, plus ``datapackage.json`` and
``references.bib`` (the loader validates against both). A notebook that calls ``load`` with
anything but a literal name depends on every table. A notebook that imports the project's
``scripts`` package also depends on its code and on CITATION.cff (the cite blocks), so a change
to a helper re-executes the notebooks that use it.
"""

from __future__ import annotations

import hashlib
import json
import re
from pathlib import Path

from scripts.paths import BIBLIOGRAPHY, CITATION, DATAPACKAGE, ROOT

LITERAL_LOAD = re.compile(r"""\bload\(\s*["'](\w+)["']""")
ANY_LOAD = re.compile(r"\bload\(")
IMPORTS_SCRIPTS = re.compile(r"^\s*(?:from|import) scripts\b", re.MULTILINE)
SCRIPTS = ROOT / "scripts"


def _code(notebook: Path) -> str:
    cells = json.loads(notebook.read_text(encoding="utf-8"))["cells"]
    return "\n".join("".join(c["source"]) for c in cells if c["cell_type"] == "code")


def tables_read(notebook: Path, package: Path = DATAPACKAGE) -> list[str]:
    """Names of the tables ``notebook`` reads (with foreign-key targets), sorted."""
    resources = {r["name"]: r for r in json.loads(package.read_text(encoding="utf-8"))["resources"]}
    code = _code(notebook)
    names = set(LITERAL_LOAD.findall(code))
    if len(ANY_LOAD.findall(code)) > len(LITERAL_LOAD.findall(code)):
        names = set(resources)
    pending = list(names)
    while pending:
        for fk in resources[pending.pop()]["schema"].get("foreignKeys", []):
            target = fk["reference"]["resource"]
            if target not in names:
                names.add(target)
                pending.append(target)
    return sorted(names)


def data_inputs(notebook: Path, package: Path = DATAPACKAGE) -> list[Path]:
    """Files whose change must re-execute ``notebook`` (empty if it reads no data)."""
    names = tables_read(notebook, package)
    if not names:
        return []
    resources = {r["name"]: r for r in json.loads(package.read_text(encoding="utf-8"))["resources"]}
    return [package, BIBLIOGRAPHY] + [package.parent / resources[n]["path"] for n in names]


def code_inputs(notebook: Path) -> list[Path]:
    """The project's own code and metadata a notebook runs (``scripts/*.py``, CITATION.cff), if it imports them."""
    if not IMPORTS_SCRIPTS.search(_code(notebook)):
        return []
    return sorted(SCRIPTS.glob("*.py")) + [CITATION]


def inputs(notebook: Path) -> list[Path]:
    """Every file whose change must re-execute ``notebook``."""
    return data_inputs(notebook) + code_inputs(notebook)


def data_hash(notebook: Path) -> str | None:
    """Digest of everything in :func:`inputs`, None if empty; the build re-executes a notebook when it changes."""
    paths = inputs(notebook)
    if not paths:
        return None
    digest = hashlib.sha256()
    for path in paths:
        digest.update(path.name.encode() + b"\0" + path.read_bytes())
    return digest.hexdigest()
