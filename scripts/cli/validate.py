"""Validate the data package: ``python -m scripts.cli.validate [--changed TABLE] [datapackage.json [references.bib]]``.

Prints one ``file:line:column: message`` line per problem and exits 1 if there is any. With
``--changed TABLE`` it validates only that table and the tables that refer to it.
"""

import argparse
import sys
from pathlib import Path

from scripts.config import BIBLIOGRAPHY, DATAPACKAGE
from scripts.data import affected_by, read_descriptor, validate_package


def main(argv: list[str]) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("package", nargs="?", type=Path, default=DATAPACKAGE)
    parser.add_argument("bib", nargs="?", type=Path, default=BIBLIOGRAPHY)
    parser.add_argument("--changed", metavar="TABLE", help="validate only TABLE and the tables that refer to it")
    args = parser.parse_args(argv)
    package, bib = args.package, args.bib
    problems = validate_package(package, bib, args.changed)
    for problem in problems:
        print(problem)
    tables = len(affected_by(args.changed, package) if args.changed else read_descriptor(package)["resources"])
    if problems:
        print(f"validate: {len(problems)} problem(s) in {package}", file=sys.stderr)
        return 1
    print(f"validate: {tables} tables valid")
    return 0


if __name__ == "__main__":
    sys.exit(main(sys.argv[1:]))
