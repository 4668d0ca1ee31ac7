"""eexpo uses its dependencies through their public interfaces only, so that their next release
cannot break it silently. Ruff's SLF001 refuses `thing._private` outside tests; these refuse what
it does not see: importing a private name, and overriding a dependency's private method."""

from __future__ import annotations

import ast
import importlib
import inspect
import pkgutil
from pathlib import Path

import eexpo

ROOT = Path(__file__).resolve().parents[2]
OWN = ("eexpo", "tests", "benchmarks", "__future__")


def _private(name: str) -> bool:
    """`_name`, not a dunder or an Enum's documented `_sunder_` name."""
    return name.startswith("_") and not name.endswith("_")


def _sources() -> list[Path]:
    folders = ("eexpo", "benchmarks", "tests", "migrations")
    return [
        ROOT / "wsgi.py",
        *(path for folder in folders for path in (ROOT / folder).rglob("*.py")),
    ]


def _private_imports(source: str) -> list[str]:
    """The lines of `source` importing a private name of something not eexpo's own."""
    found = []
    for node in ast.walk(ast.parse(source)):
        if isinstance(node, ast.ImportFrom) and node.level == 0 and node.module:
            names = [*node.module.split("."), *(alias.name for alias in node.names)]
        elif isinstance(node, ast.Import):
            names = [part for alias in node.names for part in alias.name.split(".")]
        else:
            continue
        if names[0] not in OWN and any(_private(name) for name in names):
            found.append(ast.get_source_segment(source, node) or "")
    return found


def test_no_private_name_of_a_dependency_is_imported():
    found = {
        str(path.relative_to(ROOT)): imports
        for path in _sources()
        if (imports := _private_imports(path.read_text()))
    }
    assert found == {}


def test_the_check_finds_private_imports():
    source = (
        "from markupsafe import _escape_inner\nimport werkzeug._internal\n"
        "from flask import json, _cv_app\nfrom eexpo.templating import _site\n"
        "from flask import Flask\nimport __future__\n"
    )
    assert _private_imports(source) == [
        "from markupsafe import _escape_inner", "import werkzeug._internal",
        "from flask import json, _cv_app",
    ]  # fmt: skip


def _own_classes() -> list[type]:
    classes = []
    for module_info in pkgutil.walk_packages(eexpo.__path__, "eexpo."):
        module = importlib.import_module(module_info.name)
        classes += [
            value
            for value in vars(module).values()
            if inspect.isclass(value) and value.__module__ == module.__name__
        ]
    return classes


def test_no_class_overrides_a_private_method_of_a_dependency():
    found = []
    for cls in _own_classes():
        foreign = [base for base in cls.__mro__[1:] if base.__module__.split(".")[0] not in OWN]
        for name, value in vars(cls).items():
            written = inspect.isfunction(getattr(value, "__func__", value)) or isinstance(
                value, property
            )
            if written and _private(name) and any(name in vars(base) for base in foreign):
                found.append(f"{cls.__module__}.{cls.__qualname__}.{name}")
    assert found == []
    assert len(_own_classes()) > 50  # the walk reaches the models, services and views
