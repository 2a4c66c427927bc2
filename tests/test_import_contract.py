"""The import graph of lib/: the layers of pyproject.toml hold, and no module imports itself back."""

from __future__ import annotations

import subprocess
import sys

import grimp
import networkx as nx

from lib.core.paths import ROOT


def test_packages_import_only_from_the_layers_below_them():
    # import-linter reads the contracts in pyproject.toml; a broken one prints which import breaks it.
    result = subprocess.run([sys.executable, "-c", "import sys; from importlinter.cli import lint_imports_command; "
                             "sys.exit(lint_imports_command())"], cwd=ROOT, capture_output=True, text=True)
    assert result.returncode == 0, result.stdout[-3000:]


def _module_graph() -> nx.DiGraph:
    graph = grimp.build_graph("lib")  # imports inside functions count: they run too
    edges = nx.DiGraph()
    for module in graph.modules:
        edges.add_node(module)
        for imported in graph.find_modules_directly_imported_by(module):
            edges.add_edge(module, imported)
    return edges


def test_no_module_imports_itself_back():
    cycles = sorted(sorted(cycle) for cycle in nx.simple_cycles(_module_graph()))
    assert cycles == [], f"import cycles: {cycles}"


def test_the_contract_sees_a_cycle_when_there_is_one(tmp_path, monkeypatch):
    package = tmp_path / "cyclic"
    package.mkdir()
    (package / "__init__.py").write_text("")
    (package / "a.py").write_text("from cyclic import b\n")
    (package / "b.py").write_text("def f():\n    from cyclic import a\n")
    monkeypatch.syspath_prepend(str(tmp_path))
    graph = grimp.build_graph("cyclic")
    edges = nx.DiGraph((m, i) for m in graph.modules for i in graph.find_modules_directly_imported_by(m))
    assert sorted(map(sorted, nx.simple_cycles(edges))) == [["cyclic.a", "cyclic.b"]]
