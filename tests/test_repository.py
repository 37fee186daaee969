"""Repository-level checks: layout, manifests, translations, tooling."""

import ast
import os
import re
import shutil
import subprocess
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parent.parent
EDITIONS = ["crm_edu", "crm_realestate", "crm_meddevice"]
ADDONS = ["crm_custom_core", "crm_custom_core_account", *EDITIONS]


def manifest(addon):
    return ast.literal_eval((ROOT / "addons" / addon / "__manifest__.py").read_text())


@pytest.mark.parametrize("addon", ADDONS)
def test_manifest_keys(addon):
    data = manifest(addon)
    assert data["license"] == "AGPL-3"
    assert re.fullmatch(r"19\.0\.\d+\.\d+\.\d+", data["version"])
    for key in ("author", "website", "development_status", "maintainers"):
        assert data.get(key), f"{addon}: manifest key {key} missing"
    assert "description" not in data
    assert (ROOT / "addons" / addon / "static/description/icon.png").exists()


@pytest.mark.parametrize("edition", EDITIONS)
def test_editions_depend_on_core_only(edition):
    depends = manifest(edition)["depends"]
    assert "crm_custom_core" in depends
    assert not set(depends) & set(EDITIONS), f"{edition} must install alone"


def test_accounting_bridge_is_optional():
    core = manifest("crm_custom_core")
    bridge = manifest("crm_custom_core_account")
    assert "account" not in core["depends"], "the suite must work without Invoicing"
    assert bridge["auto_install"] is True
    assert set(bridge["depends"]) == {"crm_custom_core", "account"}


def test_core_knows_nothing_of_editions():
    core = ROOT / "addons" / "crm_custom_core"
    for path in core.rglob("*"):
        if path.suffix in (".py", ".xml", ".js", ".csv"):
            text = path.read_text()
            for edition in EDITIONS:
                assert edition not in text, f"{path} mentions {edition}"


@pytest.mark.parametrize("addon", ADDONS)
def test_one_model_per_file(addon):
    for path in (ROOT / "addons" / addon).glob("*/*.py"):
        if path.parent.name not in ("models", "wizard", "report"):
            continue
        tree = ast.parse(path.read_text())
        classes = [n for n in tree.body if isinstance(n, ast.ClassDef)]
        assert len(classes) <= 1, f"{path}: {len(classes)} model classes"


@pytest.mark.parametrize("addon", ADDONS)
def test_many2one_ondelete_declared(addon):
    """Deleting a record says what happens to what points at it: every
    stored many2one of our models chooses cascade, restrict or set null."""
    undeclared = []
    for path in (ROOT / "addons" / addon / "models").glob("*.py"):
        for node in ast.walk(ast.parse(path.read_text())):
            if not (
                isinstance(node, ast.Assign)
                and isinstance(node.value, ast.Call)
                and getattr(node.value.func, "attr", None) == "Many2one"
            ):
                continue
            keywords = {k.arg for k in node.value.keywords}
            if keywords & {"related", "compute", "ondelete"}:
                continue
            undeclared.append(f"{path.name}:{node.lineno} {node.targets[0].id}")
    assert not undeclared, f"many2one without ondelete: {undeclared}"


@pytest.mark.parametrize("addon", ADDONS)
def test_zh_cn_translation_complete(addon):
    i18n = ROOT / "addons" / addon / "i18n"
    pot, po = i18n / f"{addon}.pot", i18n / "zh_CN.po"
    assert pot.exists() and po.exists(), f"{addon}: .pot and zh_CN.po required"
    import polib

    msgids = {entry.msgid for entry in polib.pofile(str(pot))}
    translated = {e.msgid for e in polib.pofile(str(po)) if e.msgstr and not e.fuzzy}
    missing = sorted(msgids - translated)
    assert not missing, f"{addon}: {len(missing)} untranslated, e.g. {missing[:5]}"


def test_missing_odoo_src_fails_fast():
    env = dict(os.environ, ODOO_SRC="/nonexistent")
    proc = subprocess.run(
        [str(ROOT / "tools" / "test")],
        env=env,
        capture_output=True,
        text=True,
        timeout=30,
        check=False,
    )
    assert proc.returncode != 0
    assert "ODOO_SRC=/nonexistent" in proc.stderr
    assert "Odoo 19.0" in proc.stderr


@pytest.mark.skipif(not shutil.which("docker-compose"), reason="docker-compose not installed")
def test_docker_compose_validates():
    proc = subprocess.run(
        ["docker-compose", "config", "-q"],
        cwd=ROOT,
        capture_output=True,
        text=True,
        timeout=60,
        check=False,
    )
    assert proc.returncode == 0, proc.stderr
