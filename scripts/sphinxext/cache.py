"""Re-execute exactly the notebooks whose inputs changed, which Jupyter Book's cache alone does not.

Jupyter Book's execution cache keys on a notebook's code cells only: a changed CSV would leave
stale outputs. Each notebook records, in its own outputs, the tables it read while it ran
(directly or through a helper; see ``scripts.chapter.facts.record_read``). Its inputs are those
tables' CSV files, ``datapackage.json`` and ``references.bib``, plus the code and settings every
chapter runs (``scripts/*.py``, ``scripts/chapter/*.py``, ``CITATION.cff``, ``_config.yml``).
The record is read from the build's executed copy when there is one (it reflects the code as
it is now), else from the stored notebook; a notebook with no record depends on every table.

myst-nb executes notebooks one after another, as Sphinx reads them. Before the read, the
notebooks that are about to be read and have no cached execution are executed side by side (one
kernel per core, with myst-nb's own settings) and cached, so myst-nb finds each one in the cache.
A notebook that fails here is left to myst-nb, which executes it again and reports the error.
"""

from __future__ import annotations

import hashlib
import json
import os
from concurrent.futures import ThreadPoolExecutor
from pathlib import Path

import nbformat
from jupyter_cache import get_cache
from jupyter_cache.base import CacheBundleIn
from jupyter_cache.executors.utils import single_nb_execution
from sphinx.util import logging

from scripts.chapter.facts import recorded_reads
from scripts.config import BIBLIOGRAPHY, CITATION, CONFIG, DATAPACKAGE, SCRIPTS
from scripts.data import read_descriptor

LOGGER = logging.getLogger(__name__)


def code_inputs() -> list[Path]:
    return sorted(SCRIPTS.glob("*.py")) + sorted((SCRIPTS / "chapter").glob("*.py")) + [CITATION, CONFIG]


def inputs(reads: list[str] | None, package: Path = DATAPACKAGE) -> list[Path]:
    """Every file whose change must re-execute a notebook that read ``reads`` (None: every table)."""
    resources = {r["name"]: r for r in read_descriptor(package)["resources"]}
    names = sorted(resources if reads is None else set(reads) & resources.keys())
    data = [package, BIBLIOGRAPHY, *(package.parent / resources[n]["path"] for n in names)]
    return data + code_inputs()


def digest(paths: list[Path]) -> str:
    """The files' contents, and the published address (chapters print it in their citations)."""
    h = hashlib.sha256(b"BOOK_URL\0" + os.environ.get("BOOK_URL", "").encode() + b"\0")
    for path in paths:
        h.update(path.name.encode() + b"\0" + (path.read_bytes() if path.exists() else b"(missing)") + b"\0")
    return h.hexdigest()


def _cache_dir(app) -> Path:
    # myst-nb's rule: the configured path, else .jupyter_cache beside the builder's output.
    configured = app.config.nb_execution_cache_path
    return Path(configured) if configured else Path(app.outdir).parent / ".jupyter_cache"


def _data_dependencies(app, env, docnames) -> None:
    """Re-read notebooks whose inputs changed, and drop their stale execution-cache entries."""
    cache_dir = _cache_dir(app)
    cache = get_cache(cache_dir) if cache_dir.exists() else None
    state_file = cache_dir / "input-hashes.json"
    state = json.loads(state_file.read_text()) if state_file.exists() else {}
    for docname in sorted(env.found_docs):
        source = Path(env.doc2path(docname))
        if source.suffix != ".ipynb":
            continue
        stored = nbformat.read(source, as_version=4)
        try:
            record = cache.match_cache_notebook(stored) if cache else None
        except KeyError:
            record = None
        executed = cache.get_cache_bundle(record.pk).nb if record else stored
        recorded = recorded_reads(executed)
        reads = None if recorded is None else sorted(recorded)
        # Compare on the basis of the last build (what the notebook had read then), then
        # move the basis to what it read in its latest execution.
        previous = state.get(docname)
        unchanged = previous is not None and digest(inputs(previous["reads"])) == previous["digest"]
        state[docname] = {"reads": reads, "digest": digest(inputs(reads))}
        if unchanged:
            continue
        if docname not in docnames:
            docnames.append(docname)
        if record is not None and previous is not None:
            cache.remove_cache(record.pk)
    cache_dir.mkdir(parents=True, exist_ok=True)
    state_file.write_text(json.dumps(state, indent=1, sort_keys=True))


def _execute_side_by_side(app, env, docnames) -> None:
    """Execute the uncached notebooks among ``docnames`` in parallel and cache them as myst-nb would."""
    if app.config.nb_execution_mode != "cache":
        return
    cache = get_cache(_cache_dir(app))
    pending = []
    for docname in docnames:
        path = Path(env.doc2path(docname))
        if path.suffix != ".ipynb":
            continue
        notebook = nbformat.read(path, as_version=4)
        try:
            cache.match_cache_notebook(notebook)
        except KeyError:
            pending.append((path, notebook))
    if len(pending) < 2:
        return  # nothing to share out: myst-nb executes it as usual

    def execute(item):
        path, notebook = item
        timeout, allow_errors = app.config.nb_execution_timeout, app.config.nb_execution_allow_errors
        return single_nb_execution(notebook, cwd=str(path.parent), timeout=timeout, allow_errors=allow_errors)

    for path, _ in pending:
        LOGGER.info(f"{path}: Executing notebook side by side")
    with ThreadPoolExecutor(max_workers=min(len(pending), os.cpu_count() or 1)) as pool:
        results = list(pool.map(execute, pending))
    for (path, notebook), result in zip(pending, results, strict=True):
        if result.err is None:
            bundle = CacheBundleIn(notebook, str(path), data={"execution_seconds": result.time})
            cache.cache_notebook_bundle(bundle, check_validity=False, overwrite=True)


def setup(app) -> None:
    app.connect("env-before-read-docs", _data_dependencies)
    app.connect("env-before-read-docs", _execute_side_by_side)
