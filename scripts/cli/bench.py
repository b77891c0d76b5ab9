"""Benchmark the build and the tests on this machine: ``make bench`` (``python -m scripts.cli.bench [--runs N]``).

The builds are measured on a temporary copy of the project (so the work tree is never touched);
``make test`` and ``make check`` are measured in the work tree, after ``make book``. Writes
``_build/bench.json`` plus a table. Measured (median of the runs where there are several):
- floor: every notebook executed with plain ``jupyter nbconvert --execute``, one after another;
- clean build (execute + HTML), no-change rebuild, rebuild after one notebook changes,
  rebuild after one CSV changes (and which notebooks that re-executed); once: the PDF build;
- ``make check``; ``make test`` by phase (its two pytest tiers as pytest reports them, the rest),
  the slowest tests, whether it ran a Sphinx build or LaTeX, and how many times each notebook
  was executed, counted by an audit hook in every kernel (not by the book's own records);
- the transfer size of every HTML page (the page and the local files it loads), first chart drawn.
Budgets are listed at the end of :func:`main`.
"""

from __future__ import annotations

import argparse
import csv
import io
import json
import os
import re
import shutil
import statistics
import subprocess
import sys
import tempfile
import time
from pathlib import Path

from scripts.config import BUILD, ROOT

BIN = Path(sys.executable).parent
CSV_PROBE = "figures"  # the table the CSV-change run edits
# The oracle for "which notebooks read a CSV" is independent of the book's own records: an
# audit hook in each kernel (sitecustomize.py on PYTHONPATH) logs every file it opens.
# The same hook counts executions: each kernel logs the first cell it compiles, which names its notebook.
AUDIT_HOOK = """
import os, sys
_log = os.environ.get("BENCH_OPENED_LOG")
if _log:
    _fd = os.open(_log, os.O_WRONLY | os.O_APPEND | os.O_CREAT)
    def _hook(event, args):
        if event == "open" and isinstance(args[0], str) and args[0].endswith(".csv"):
            os.write(_fd, (os.path.abspath(args[0]) + "\\n").encode())
    sys.addaudithook(_hook)
_kernels = os.environ.get("BENCH_KERNEL_LOG")
if _kernels:  # only kernels compile cells from files named /tmp/ipykernel_<pid>/...
    _first = []
    def _cell(event, args):
        if _first or event != "compile":
            return
        source = args[0].decode("utf-8", "replace") if isinstance(args[0], bytes) else args[0]
        if isinstance(source, str) and "ipykernel" in str(args[1]):
            _first.append(1)  # IPython compiles a cell's source as bytes, from a file named /tmp/ipykernel_<pid>/...
            with open(_kernels, "a", encoding="utf-8") as f:
                f.write(repr(source.strip()) + "\\n")
    sys.addaudithook(_cell)
"""


def run(cmd: list[str], cwd: Path, env: dict | None = None) -> tuple[float, str]:
    start = time.perf_counter()
    result = subprocess.run(cmd, cwd=cwd, env=env, capture_output=True, text=True)
    elapsed = time.perf_counter() - start
    if result.returncode != 0:
        raise SystemExit(f"bench: {' '.join(cmd)} failed:\n{result.stdout[-2000:]}\n{result.stderr[-2000:]}")
    return elapsed, result.stdout + result.stderr


def copy_project(dest: Path) -> Path:
    files = subprocess.run(["git", "ls-files"], cwd=ROOT, capture_output=True, text=True, check=True).stdout.split()
    for name in files:
        (dest / name).parent.mkdir(parents=True, exist_ok=True)
        shutil.copy2(ROOT / name, dest / name)
    return dest


def toggle_note(path: Path) -> None:
    """A data change that keeps the table valid: add or remove a trailing "." in the last row's note."""
    rows = list(csv.reader(io.StringIO(path.read_text(encoding="utf-8"))))
    note = rows[0].index("note")
    rows[-1][note] = rows[-1][note][:-1] if rows[-1][note].endswith(".") else rows[-1][note] + "."
    out = io.StringIO()
    csv.writer(out, lineterminator="\n").writerows(rows)
    path.write_text(out.getvalue(), encoding="utf-8")


def build(project: Path, env: dict, builder: str = "html") -> tuple[float, str]:
    cmd = [str(BIN / "jupyter-book"), "build", ".", "--builder", builder, "-W", "-n", "--keep-going"]
    return run(cmd, project, env)


def executed(log: str) -> list[str]:
    return sorted(set(re.findall(r"chapters/([\w.]+\.ipynb): Executing notebook", log)))


LOADED = (".js", ".css", ".png", ".svg", ".jpg", ".jpeg", ".gif", ".webp", ".ico", ".woff2", ".woff", ".ttf", ".otf")
CSS_COMMENT = re.compile(r"/\*.*?\*/", re.S)
CSS_IMPORT = re.compile(r"""@import\s+(?:url\(\s*)?["']?([^"')\s]+)""")
CSS_FONT_FACE = re.compile(r"@font-face\s*{([^}]*)}")
CSS_URL = re.compile(r"""url\(\s*["']?([^"')]+?)["']?\s*\)""")


def _css_loads(sheet: Path, seen: set[Path]) -> set[Path]:
    """Files a stylesheet may make the browser fetch: its @imports (recursively), the first source of
    each @font-face (the woff2, where a browser stops) and every other local url() (images)."""
    text = CSS_COMMENT.sub("", sheet.read_text(encoding="utf-8", errors="replace"))
    refs = CSS_IMPORT.findall(text)
    for face in CSS_FONT_FACE.findall(text):
        refs += CSS_URL.findall(face)[:1]
    refs += CSS_URL.findall(CSS_FONT_FACE.sub("", CSS_IMPORT.sub("", text)))
    found = set()
    for ref in refs:
        if ref.startswith(("data:", "http:", "https:", "//", "#")):
            continue
        target = (sheet.parent / ref.split("?")[0].split("#")[0]).resolve()
        if target.is_file() and target not in seen:
            seen.add(target)
            found.add(target)
            if target.suffix == ".css":
                found |= _css_loads(target, seen)
    return found


def page_weights(html: Path) -> dict[str, int]:
    """Bytes each page transfers: the page plus every local script, stylesheet and image it loads,
    and the fonts, images and stylesheets those stylesheets load (each file counted once a page)."""
    weights = {}
    for page in sorted(html.rglob("*.html")):
        text = page.read_text(encoding="utf-8")
        refs = set(re.findall(r'<(?:script|link|img)[^>]+(?:src|href)="([^"#?]+)', text))
        files: set[Path] = set()
        for ref in refs:
            target = (page.parent / ref).resolve()
            if target.is_file() and target.suffix in LOADED:
                files.add(target)
        for sheet in [f for f in files if f.suffix == ".css"]:
            files |= _css_loads(sheet, set(files))
        weights[str(page.relative_to(html))] = page.stat().st_size + sum(f.stat().st_size for f in files)
    return weights


CHART_PAGE_BYTES, PAGE_BYTES, FIRST_CHART_MS = 1_200_000, 800_000, 1000


def first_chart_ms(html: Path) -> dict[str, float]:
    """Milliseconds from navigation to the first chart drawn, per page with charts (headless Chromium, file://)."""
    from playwright.sync_api import sync_playwright

    pages = [p for p in sorted((html / "chapters").glob("*.html")) if 'class="vega-chart"' in p.read_text()]
    times = {}
    with sync_playwright() as pw:
        browser = pw.chromium.launch(executable_path="/usr/bin/chromium", args=["--no-sandbox"])
        for page_path in pages:
            runs = []
            for _ in range(3):
                page = browser.new_page(viewport={"width": 1280, "height": 900})
                page.goto(page_path.as_uri(), wait_until="commit")
                page.wait_for_selector(".vega-chart svg.marks", state="attached")
                runs.append(page.evaluate("performance.now()"))
                page.close()
            times[page_path.name] = round(statistics.median(runs))
        browser.close()
    return times


def median(values: list[float]) -> float:
    return round(statistics.median(values), 2)


def main(argv: list[str]) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--runs", type=int, default=3)
    parser.add_argument("--skip-test", action="store_true", help="do not time `make test` (slow)")
    args = parser.parse_args(argv)
    results: dict = {"runs": args.runs, "machine": {"cpus": os.cpu_count()}}
    with tempfile.TemporaryDirectory(prefix="bench-") as tmp:
        project = copy_project(Path(tmp) / "book")
        env = {**os.environ, "BOOK_DATA_DIR": str(project / "data")}
        notebooks = sorted((project / "chapters").glob("*.ipynb"))

        hook_dir = Path(tmp) / "hook"
        hook_dir.mkdir()
        (hook_dir / "sitecustomize.py").write_text(AUDIT_HOOK)
        opened: dict[str, set[str]] = {}
        floor = []
        for _ in range(args.runs):
            out = Path(tmp) / "floor"
            start = time.perf_counter()
            for nb in notebooks:
                log = Path(tmp) / f"opened-{nb.stem}.log"
                nb_env = {**env, "PYTHONPATH": str(hook_dir), "BENCH_OPENED_LOG": str(log)}
                cmd = [
                    str(BIN / "jupyter"),
                    "nbconvert",
                    "--to",
                    "notebook",
                    "--execute",
                    "--output-dir",
                    str(out),
                    str(nb),
                ]
                run(cmd, nb.parent, nb_env)
                opened[nb.name] = set(log.read_text().split()) if log.exists() else set()
            floor.append(time.perf_counter() - start)
        results["nbconvert_floor_s"] = median(floor)

        clean, nochange, nb_change, csv_change, csv_executed = [], [], [], [], []
        probe_nb = notebooks[0]
        probe_csv = project / "data" / f"{CSV_PROBE}.csv"
        for i in range(args.runs):
            shutil.rmtree(project / "_build", ignore_errors=True)
            clean.append(build(project, env)[0])
            nochange.append(build(project, env)[0])
            nb = json.loads(probe_nb.read_text())
            code = next(c for c in nb["cells"] if c["cell_type"] == "code")
            code["source"] = "".join(code["source"]) + f"\n# bench run {i}"
            probe_nb.write_text(json.dumps(nb))
            nb_change.append(build(project, env)[0])
            toggle_note(probe_csv)
            elapsed, log = build(project, env)
            csv_change.append(elapsed)
            csv_executed = executed(log)
        readers = sorted(name for name, files in opened.items() if str(probe_csv.resolve()) in files)
        results.update(
            clean_build_s=median(clean),
            no_change_rebuild_s=median(nochange),
            one_notebook_change_rebuild_s=median(nb_change),
            one_csv_change_rebuild_s=median(csv_change),
            csv_change_reexecuted=csv_executed,
            csv_change_readers=readers,
        )
        results["pdf_build_s"] = round(build(project, env, "pdflatex")[0], 2)
        results["page_bytes"] = page_weights(project / "_build" / "html")
        results["first_chart_ms"] = first_chart_ms(project / "_build" / "html")
        first_cells = {first_code_cell(nb): nb.name for nb in notebooks}
        results["make_check_s"] = round(run(["make", "-s", "check"], ROOT)[0], 2)
        if not args.skip_test:
            kernel_log = Path(tmp) / "kernels.log"
            test_env = {**os.environ, "PYTHONPATH": str(hook_dir), "BENCH_KERNEL_LOG": str(kernel_log)}
            elapsed, log = run(["make", "test"], ROOT, test_env)
            results.update(make_test_phases(elapsed, log))
            logged = kernel_log.read_text().splitlines() if kernel_log.exists() else []
            launched = [first_cells.get(line, "(not a book notebook)") for line in logged if line]
            results["make_test_executions"] = {name: launched.count(name) for name in sorted(set(launched))}

    floor_s = results["nbconvert_floor_s"]
    results["clean_build_over_floor"] = round(results["clean_build_s"] / floor_s, 2)
    results["budgets"] = {
        "no_change_rebuild <= 5 s": results["no_change_rebuild_s"] <= 5,
        "clean_build <= 0.65 x floor": results["clean_build_over_floor"] <= 0.65,
        "csv change re-executes only its readers": results["csv_change_reexecuted"] == results["csv_change_readers"],
        "chart pages <= 1.2 MB, other pages <= 800 KB": all(
            size <= (CHART_PAGE_BYTES if name in results["first_chart_ms"] else PAGE_BYTES)
            for name, size in ((Path(k).name, v) for k, v in results["page_bytes"].items())
        ),
        "first chart drawn <= 1 s": all(ms <= FIRST_CHART_MS for ms in results["first_chart_ms"].values()),
        "make check <= 60 s": results["make_check_s"] <= 60,
    }
    if not args.skip_test:
        results["budgets"].update(
            {
                "make test after make book <= 240 s": results["make_test_s"] <= 240,
                "make test's pytest (full tier) <= 150 s": results["make_test_full_pytest_s"] <= 150,
                # Non-empty: make test runs small notebooks of its own, so an oracle that saw no kernel is broken.
                "make test executes each book notebook at most once": bool(results["make_test_executions"])
                and all(n <= 1 for name, n in results["make_test_executions"].items() if name.endswith(".ipynb")),
                "make test runs no Sphinx build or LaTeX when nothing changed": not results["make_test_built"],
            }
        )
    BUILD.mkdir(exist_ok=True)
    (BUILD / "bench.json").write_text(json.dumps(results, indent=1, sort_keys=True) + "\n")
    print(table(results))
    return 0 if all(results["budgets"].values()) else 1


def first_code_cell(notebook: Path) -> str:
    cells = json.loads(notebook.read_text(encoding="utf-8"))["cells"]
    return repr(next("".join(c["source"]) for c in cells if c["cell_type"] == "code").strip())


PYTEST_SUMMARY = re.compile(r"^=*\s*(\d+ passed.*?) in ([0-9.]+)s", re.M)


def make_test_phases(elapsed: float, log: str) -> dict:
    """`make test`'s wall time split into its two pytest tiers (as pytest reports them) and the rest."""
    tiers = PYTEST_SUMMARY.findall(log)
    if len(tiers) != 2:
        raise SystemExit(f"bench: expected two pytest summaries in make test's output, found {tiers}")
    (check_counts, check_s), (full_counts, full_s) = tiers
    durations = log[log.find("slowest") :].split("\n")[1:11] if "slowest" in log else []
    return {
        "make_test_s": round(elapsed, 2),
        "make_test_check_pytest_s": float(check_s),
        "make_test_full_pytest_s": float(full_s),
        "make_test_other_s": round(elapsed - float(check_s) - float(full_s), 2),
        "make_test_counts": {"check tier": check_counts, "full tier": full_counts},
        "make_test_slowest": [line.strip() for line in durations if line.strip()],
        "make_test_built": [line for line in log.splitlines() if "jupyter-book build" in line or "latexmk" in line],
    }


def table(results: dict) -> str:
    rows = [(k, results[k]) for k in sorted(results) if k.endswith("_s") or k.endswith("_floor")]
    rows += [("csv_change_reexecuted", ", ".join(results["csv_change_reexecuted"]) or "none")]
    rows += [(f"page {k}", f"{v / 1024:,.0f} KiB") for k, v in results["page_bytes"].items()]
    rows += [(f"first chart {k}", f"{v} ms") for k, v in results["first_chart_ms"].items()]
    rows += [(f"make test executed {k}", f"{n} time(s)") for k, n in results.get("make_test_executions", {}).items()]
    rows += [("make test counts", "; ".join(f"{k}: {v}" for k, v in results.get("make_test_counts", {}).items()))]
    rows += [("slowest test", line) for line in results.get("make_test_slowest", [])]
    rows += [(f"budget: {k}", "met" if ok else "MISSED") for k, ok in results["budgets"].items()]
    width = max(len(k) for k, _ in rows)
    return "\n".join(f"{k:<{width}}  {v}" for k, v in rows)


if __name__ == "__main__":
    sys.exit(main(sys.argv[1:]))
