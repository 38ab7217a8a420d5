"""Only the transition modules write a letter's or a claim's status column.

The source of campaign/ is read with `ast` and every way of writing `status` that the code base
could use is looked for: attribute assignment (`letter.status = ...`, `setattr`), a model built
with a status (`Letter(status=...)`), an UPDATE's `.values(status=...)` or a values dict with a
"status" key (`compare_and_set(..., {"status": ...})`, `query.update({...})`), and hand-written
SQL. The scanner itself is tested on snippets, so this test can fail.
"""

import ast
import re
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parent.parent
# Each state machine owns its model's status column.
TRANSITION_MODULES = {
    Path("campaign/letters/transitions.py"),
    Path("campaign/donors/transitions.py"),
}
MODELS = {"Letter", "Claim"}
RAW_SQL = re.compile(r"\b(update\s+(letters|claims)\b.*\bset\b.*\bstatus\b)", re.I | re.S)


def _has_status_key(node: ast.AST) -> bool:
    return isinstance(node, ast.Dict) and any(
        isinstance(key, ast.Constant) and key.value == "status" for key in node.keys
    )


def _names_model(node: ast.AST) -> bool:
    return (isinstance(node, ast.Name) and node.id in MODELS) or (
        isinstance(node, ast.Attribute) and node.attr in MODELS
    )


def _chain_targets_model(node: ast.AST) -> bool:
    """True when a method chain (`update(Letter).where(...).values`) starts at one of MODELS."""
    while True:
        if isinstance(node, ast.Call):
            func = node.func
            func_name = getattr(func, "id", None) or getattr(func, "attr", None)
            if func_name in {"update", "insert", "query"} and any(map(_names_model, node.args)):
                return True
            node = func
        elif isinstance(node, ast.Attribute):
            node = node.value
        else:
            return False


def status_writes(source: str) -> list[int]:
    """Line numbers of `source` that write a Letter's or a Claim's status."""
    found = []
    for node in ast.walk(ast.parse(source)):
        if isinstance(node, ast.Assign | ast.AugAssign | ast.AnnAssign):
            targets = node.targets if isinstance(node, ast.Assign) else [node.target]
            if any(isinstance(t, ast.Attribute) and t.attr == "status" for t in targets):
                found.append(node.lineno)
        elif isinstance(node, ast.Call):
            func = node.func
            name = getattr(func, "id", None) or getattr(func, "attr", None)
            keywords = {k.arg for k in node.keywords}
            if name == "setattr" and len(node.args) > 1:
                if isinstance(node.args[1], ast.Constant) and node.args[1].value == "status":
                    found.append(node.lineno)
            elif name in MODELS and "status" in keywords:
                found.append(node.lineno)
            elif name == "values" and isinstance(func, ast.Attribute):
                if ("status" in keywords or any(map(_has_status_key, node.args))) and (
                    _chain_targets_model(func.value)
                ):
                    found.append(node.lineno)
            elif name == "update" and isinstance(func, ast.Attribute):
                if any(map(_has_status_key, node.args)) and _chain_targets_model(func.value):
                    found.append(node.lineno)
            elif name == "compare_and_set" and node.args and _names_model(node.args[0]):
                # compare_and_set(model, row_id, expected, values): only `values` writes.
                values = node.args[3:4] + [k.value for k in node.keywords if k.arg == "values"]
                if any(map(_has_status_key, values)):
                    found.append(node.lineno)
        elif (
            isinstance(node, ast.Constant)
            and isinstance(node.value, str)
            and RAW_SQL.search(node.value)
        ):
            found.append(node.lineno)
    return found


@pytest.mark.parametrize(
    "snippet",
    [
        "letter.status = 'available'",
        "claim.status: str = ClaimStatus.CANCELLED.value",
        "setattr(letter, 'status', 'claimed')",
        "Letter(code='X', status='available')",
        "Claim(letter_id=1, status='received')",
        "db.session.execute(update(Letter).where(Letter.id == 1).values(status='claimed'))",
        "db.session.execute(sa.update(models.Claim).values({'status': 'released'}))",
        "db.session.query(Claim).filter_by(id=1).update({'status': 'cancelled'})",
        "compare_and_set(Letter, 1, {}, {'status': 'withdrawn'})",
        "db.session.execute(text('UPDATE letters SET status = :s WHERE id = 1'))",
    ],
)
def test_the_scanner_finds_each_way_of_writing_a_status(snippet):
    assert status_writes(snippet) == [1]


@pytest.mark.parametrize(
    "snippet",
    [
        "if letter.status == 'available': pass",
        "raise NotAllowed(message, status=letter.status_enum.label)",
        "db.session.execute(update(Campaign).values(is_current=False))",
        "compare_and_set(Claim, 1, {'status': 'active'}, {'deadline': new})",
        "redirect(url_for('.workspace', status='draft'))",
        "render_template('page.html', status=422)",
    ],
)
def test_the_scanner_lets_reads_and_other_columns_pass(snippet):
    assert status_writes(snippet) == []


def test_no_code_outside_the_transition_modules_writes_a_letter_or_claim_status():
    offenders = []
    for path in sorted((ROOT / "campaign").rglob("*.py")):
        relative = path.relative_to(ROOT)
        if relative in TRANSITION_MODULES:
            continue
        offenders += [f"{relative}:{line}" for line in status_writes(path.read_text())]
    assert offenders == []


def test_the_transition_modules_are_where_the_writes_are():
    """If a transition module stopped writing, the exemption above would hide a moved write."""
    for relative in TRANSITION_MODULES:
        assert status_writes((ROOT / relative).read_text()), relative
