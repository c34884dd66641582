"""The pure packages must load, and stay, without the web stack (DESIGN.md, section 3)."""
import ast
import pathlib
import subprocess
import sys

ROOT = pathlib.Path(__file__).resolve().parents[2] / "deliberation"
PURE = ("crypto", "budgeting", "domain")
FORBIDDEN = ("flask", "flask_", "sqlalchemy", "werkzeug", "jinja2")


def imported_modules(path):
    tree = ast.parse(path.read_text(encoding="utf-8"))
    for node in ast.walk(tree):
        if isinstance(node, ast.Import):
            yield from (alias.name for alias in node.names)
        elif isinstance(node, ast.ImportFrom):
            if node.level >= 2 or (node.level == 1 and node.module in ("models", "services", "views")):
                yield "deliberation." + (node.module or "")
            elif node.module:
                yield node.module


def test_pure_packages_import_no_web_or_database_code():
    offenders = []
    for package in PURE:
        for path in (ROOT / package).rglob("*.py"):
            for name in imported_modules(path):
                if name.startswith(FORBIDDEN) or name.startswith(("deliberation.models", "deliberation.services",
                                                                  "deliberation.views")):
                    offenders.append(f"{path.relative_to(ROOT)}: {name}")
    assert offenders == []


def test_the_verifier_runs_without_flask_loaded():
    code = ("import sys, deliberation.crypto.verify, deliberation.budgeting; "
            "print(sorted(m for m in sys.modules if m.split('.')[0] in ('flask', 'sqlalchemy')))")
    out = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, check=True).stdout
    assert out.strip() == "[]"
