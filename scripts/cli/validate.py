"""Validate every table of the data package: ``python -m scripts.cli.validate [datapackage.json]``.

Prints one ``file:line:column: message`` line per problem and exits 1 if there is any.
"""

import sys
from pathlib import Path

from scripts.config import BIBLIOGRAPHY, DATAPACKAGE
from scripts.data import read_descriptor, validate_package


def main(argv: list[str]) -> int:
    package = Path(argv[0]) if argv else DATAPACKAGE
    bib = Path(argv[1]) if len(argv) > 1 else BIBLIOGRAPHY
    problems = validate_package(package, bib)
    for problem in problems:
        print(problem)
    tables = len(read_descriptor(package)["resources"])
    if problems:
        print(f"validate: {len(problems)} problem(s) in {package}", file=sys.stderr)
        return 1
    print(f"validate: {tables} tables valid")
    return 0


if __name__ == "__main__":
    sys.exit(main(sys.argv[1:]))
