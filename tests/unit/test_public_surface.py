"""The public surface: curated ``__all__`` per package, no reach into another package's
private modules, and a type stub of the compiled module that matches it."""

from __future__ import annotations

import ast
import importlib
import inspect
import re
import subprocess
import sys
import tomllib
import types
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parents[2]
PACKAGES = [
    "stream",
    "schemas",
    "stream.cli",
    "stream.core",
    "stream.core.clusters",
    "stream.core.dedup",
    "stream.core.extract",
    "stream.core.normalize",
    "stream.kafka",
    "stream.local",
    "stream.runtime",
    "stream.runtime.agents",
    "stream.runtime.web",
]


@pytest.mark.parametrize("name", PACKAGES)
def test_package_has_a_curated_all(name):
    package = importlib.import_module(name)
    exported = package.__all__
    assert exported, f"{name}.__all__ is empty"
    assert len(set(exported)) == len(exported), "a name twice"
    for attr in exported:
        assert getattr(package, attr) is not None, f"{name}.{attr} does not resolve"
    # Every public, non-module name the package holds is one it means to export.
    public = {
        attr
        for attr, value in vars(package).items()
        if not attr.startswith("_")
        and not isinstance(value, types.ModuleType)
        and attr not in {"annotations", "TYPE_CHECKING", "Any", "import_module"}
    }
    assert public <= set(exported), f"{name} holds public names outside __all__"


def test_stream_package_loads_lazily():
    """``import stream`` must stay cheap: faust reads sys.argv on import (--loop)."""
    source = (ROOT / "stream" / "__init__.py").read_text(encoding="utf-8")
    tree = ast.parse(source)
    top_level = [n for n in tree.body if isinstance(n, ast.Import | ast.ImportFrom)]
    assert {n.module for n in top_level if isinstance(n, ast.ImportFrom)} <= {
        "__future__",
        "stream.lazy",  # itself importing only the standard library
        "typing",
    }
    lazy = ast.parse((ROOT / "stream" / "lazy.py").read_text(encoding="utf-8"))
    assert {
        n.module.split(".")[0]
        for n in lazy.body
        if isinstance(n, ast.ImportFrom) and n.module is not None
    } <= {"__future__", "collections", "importlib", "typing"}


def test_layer_packages_load_lazily():
    """A package's ``__all__`` costs nothing until a name is used: importing a light module
    of the core, or the kafka and local packages, loads neither spaCy nor faust."""
    code = (
        "import sys, stream.core.sources, stream.core, stream.kafka, stream.local, "
        "stream.runtime; heavy = {'spacy', 'faust', 'aiokafka'} & set(sys.modules); "
        "print(sorted(heavy)); import stream.core as c; c.Pipeline; "
        "print('spacy' in sys.modules)"
    )
    out = subprocess.run(
        [sys.executable, "-c", code], capture_output=True, text=True, check=True, cwd=ROOT
    ).stdout.split()
    assert out == ["[]", "True"]  # and a name, once used, loads its module


def _private_parts(module: str) -> list[int]:
    return [i for i, part in enumerate(module.split(".")) if re.match(r"_[^_]", part)]


def test_nothing_imports_another_packages_private_module():
    """Of our packages: a private module (``_name``) is imported from its own package only."""
    offenders = []
    for path in sorted([*ROOT.glob("stream/**/*.py"), *ROOT.glob("schemas/**/*.py")]):
        importer = ".".join(path.relative_to(ROOT).with_suffix("").parts)
        importer_package = importer.rsplit(".", 1)[0]
        for node in ast.walk(ast.parse(path.read_text(encoding="utf-8"))):
            modules = []
            if isinstance(node, ast.ImportFrom) and node.module and node.level == 0:
                modules.append(node.module)
                modules += [f"{node.module}.{a.name}" for a in node.names]
            elif isinstance(node, ast.Import):
                modules += [a.name for a in node.names]
            for module in modules:
                if module.split(".")[0] not in ("stream", "schemas"):
                    continue  # ours only (stream.core.dedup.fingerprint uses datasketch's _fmix)
                for i in _private_parts(module):
                    owner = ".".join(module.split(".")[:i])
                    if not (importer_package == owner or importer_package.startswith(owner + ".")):
                        offenders.append(f"{importer} imports {module}")
    assert offenders == []


# --- the compiled module's stub ----------------------------------------------------------

NATIVE = ROOT / "native"


def _module_name() -> str:
    config = tomllib.loads((NATIVE / "pyproject.toml").read_text(encoding="utf-8"))
    return config["tool"]["maturin"]["module-name"]


def _stub() -> ast.Module:
    return ast.parse((NATIVE / f"{_module_name()}.pyi").read_text(encoding="utf-8"))


def test_stub_sits_where_maturin_ships_it():
    # maturin packs <module-name>.pyi from the project root into the wheel, with py.typed.
    assert (NATIVE / f"{_module_name()}.pyi").is_file()


def _params(node: ast.FunctionDef) -> list[str]:
    args = node.args
    names = [a.arg for a in [*args.posonlyargs, *args.args, *args.kwonlyargs]]
    return [n for n in names if n not in ("self", "cls")]


def _compiled_params(obj: object) -> list[str]:
    """Parameter names from the signature text pyo3 gives a compiled callable."""
    text = getattr(obj, "__text_signature__", None)
    assert text, f"{obj} has no signature"
    namespace: dict[str, object] = {}
    exec(f"def f{text.replace('$', '')}: pass", namespace)
    params = inspect.signature(namespace["f"]).parameters  # type: ignore[arg-type]
    return [p for p in params if p not in ("self", "cls")]


def test_stub_matches_the_compiled_module():
    native = importlib.import_module(_module_name())
    stub = _stub()
    classes = {n.name: n for n in stub.body if isinstance(n, ast.ClassDef)}
    functions = {n.name: n for n in stub.body if isinstance(n, ast.FunctionDef)}
    assert set(classes) | set(functions) == set(native.__all__)
    for name, fn in functions.items():
        assert _params(fn) == _compiled_params(getattr(native, name)), f"{name}()"
    for name, node in classes.items():
        compiled = getattr(native, name)
        methods = {f.name: f for f in node.body if isinstance(f, ast.FunctionDef)}
        public = {a for a in vars(compiled) if not a.startswith("_")}
        assert set(methods) - {"__new__", "__len__"} == public, name
        assert _params(methods["__new__"]) == _compiled_params(compiled), f"{name}()"
        for method, fn in methods.items():
            if method in ("__new__", "__len__"):
                continue
            member = getattr(compiled, method)
            if isinstance(inspect.getattr_static(compiled, method), types.GetSetDescriptorType):
                assert any(
                    isinstance(d, ast.Name) and d.id == "property" for d in fn.decorator_list
                ), f"{name}.{method} is a property"
                continue
            assert _params(fn) == _compiled_params(member), f"{name}.{method}"
