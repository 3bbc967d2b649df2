"""Forms for every POST (docs/development.md, "The style of the house"): app code hands the
posted data to a form, and reads it only through the form. `request.POST` may be given to a
call (a form's constructor, `posted()`), alone or as `request.POST or None` or
`request.POST if ... else None`, or returned as it is (`districts.viewkit.posted`); reading
it by hand (`request.POST["x"]`, `.get()`, `.getlist()`, `"x" in request.POST`, keeping it in
a variable) fails this test. Tests, devtools/ and migrations are left out."""

import ast
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
LEFT_OUT = {"tests", "devtools", ".venv", "data", "node_modules", "frontend", "static"}
# The one place that reads posted data outside a view, by its function: django-axes asks it
# for the email a sign-in attempt names (AXES_USERNAME_CALLABLE), before any form has run.
ALLOWED = {"accounts/services.py:sign_in_name"}


def _is_post(node: ast.AST) -> bool:
    """`<anything>.POST`, or `getattr(<anything>, "POST", ...)`."""
    if isinstance(node, ast.Attribute):
        return node.attr == "POST"
    return (
        isinstance(node, ast.Call)
        and isinstance(node.func, ast.Name)
        and node.func.id == "getattr"
        and len(node.args) >= 2
        and isinstance(node.args[1], ast.Constant)
        and node.args[1].value == "POST"
    )


def _handed_on(node: ast.AST, parents: dict) -> bool:
    """Whether the data goes whole to a call or out of a function: through `or None` and
    `if ... else None` only, never taken apart."""
    parent = parents.get(node)
    while isinstance(parent, ast.BoolOp | ast.IfExp) and (
        not isinstance(parent, ast.IfExp) or parent.test is not node
    ):
        node, parent = parent, parents.get(parent)
    if isinstance(parent, ast.keyword):
        return True
    if isinstance(parent, ast.Call):
        return node in parent.args
    return isinstance(parent, ast.Return)


def hand_parsed_posts(root: Path) -> list[str]:
    found = []
    for path in sorted(root.rglob("*.py")):
        parts = path.relative_to(root).parts
        if parts[0] in LEFT_OUT or "migrations" in parts:
            continue
        tree = ast.parse(path.read_text(), str(path))
        parents = {child: node for node in ast.walk(tree) for child in ast.iter_child_nodes(node)}
        for node in ast.walk(tree):
            if not _is_post(node) or _handed_on(node, parents):
                continue
            function = parents.get(node)
            while function is not None and not isinstance(function, ast.FunctionDef):
                function = parents.get(function)
            where = f"{'/'.join(parts)}:{function.name if function else '<module>'}"
            if where not in ALLOWED:
                found.append((str(path), node.lineno, f"{where} (line {node.lineno})"))
    return [text for _, _, text in sorted(found)]


def test_no_app_code_parses_a_post_by_hand():
    assert hand_parsed_posts(ROOT) == []


def test_a_post_parsed_by_hand_would_be_caught(tmp_path):
    app = tmp_path / "someapp"
    app.mkdir()
    (app / "views.py").write_text(
        "def fine(request):\n"
        "    form = Form(request.POST)\n"
        "    other = Form(request.POST or None, request.FILES)\n"
        "    third = Form(data=request.POST if request.method == 'POST' else None)\n"
        "    return request.POST if request.method == 'POST' else None\n"
        "\n"
        "def by_hand(request):\n"
        "    a = request.POST.get('action')\n"
        "    b = request.POST['confirm']\n"
        "    c = 'confirm' in request.POST\n"
        "    d = request.POST.getlist('ids')\n"
        "    data = request.POST\n"
        "    e = getattr(request, 'POST', {}).get('x')\n"
        "    return Form(request.POST.copy())\n"
    )
    (tmp_path / "tests").mkdir()
    (tmp_path / "tests" / "test_x.py").write_text("def test_it(request):\n    request.POST['x']\n")
    assert hand_parsed_posts(tmp_path) == [
        f"someapp/views.py:by_hand (line {line})" for line in (8, 9, 10, 11, 12, 13, 14)
    ]
