"""The size of the house's functions (docs/development.md, "Where code goes"): no app function
over 80 lines. Ruff holds complexity (C901, at most 20) and statements (PLR0915, at most 80);
this counts lines, which no ruff rule does. Tests, devtools/ and migrations are left out."""

import ast
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
MAX_LINES = 80
LEFT_OUT = {"tests", "devtools", ".venv", "data", "node_modules", "frontend", "static"}


def long_functions(root: Path, limit: int = MAX_LINES) -> list[str]:
    found = []
    for path in sorted(root.rglob("*.py")):
        parts = path.relative_to(root).parts
        if parts[0] in LEFT_OUT or "migrations" in parts:
            continue
        for node in ast.walk(ast.parse(path.read_text(), str(path))):
            if isinstance(node, ast.FunctionDef | ast.AsyncFunctionDef):
                length = node.end_lineno - node.lineno + 1
                if length > limit:
                    found.append(f"{path.relative_to(root)}:{node.lineno} {node.name}: {length}")
    return found


def test_no_app_function_is_over_80_lines():
    assert long_functions(ROOT) == []


def test_a_long_function_would_be_caught(tmp_path):
    app = tmp_path / "someapp"
    app.mkdir()
    body = "\n".join(f"    x{i} = {i}" for i in range(MAX_LINES))
    (app / "views.py").write_text(f"def short():\n    return 1\n\n\ndef long():\n{body}\n")
    (tmp_path / "tests").mkdir()
    (tmp_path / "tests" / "test_x.py").write_text(f"def test_long():\n{body}\n")
    assert long_functions(tmp_path) == ["someapp/views.py:5 long: 81"]
