"""The built wheel: one top-level package, the demo portal inside it, and a working ``govreports`` from an
empty directory.

The wheel is installed with ``--no-deps`` into a fresh virtualenv; its dependencies are borrowed from the test
environment through a path line (not through that environment's own .pth files, so the editable checkout
is not on the path). The checkout is never the working directory, so nothing but the wheel provides
``govreports``. No network: the wheel is built without build isolation.
"""

from __future__ import annotations

import json
import os
import sqlite3
import subprocess
import sys
import sysconfig
import venv
import zipfile
from pathlib import Path

import pytest

from tests.paths import DEMO_ROOT, REPO


@pytest.fixture(scope="module")
def wheel(tmp_path_factory) -> Path:
    out = tmp_path_factory.mktemp("wheel")
    subprocess.run(
        [sys.executable, "-m", "pip", "wheel", "--no-deps", "--no-build-isolation", "-q", "-w", str(out), str(REPO)],
        check=True, capture_output=True, text=True, timeout=300,
    )
    (path,) = out.glob("govreports-*.whl")
    return path


def test_wheel_holds_one_top_level_package_and_the_demo_portal(wheel):
    names = zipfile.ZipFile(wheel).namelist()
    tops = {name.split("/")[0] for name in names if not name.split("/")[0].endswith(".dist-info")}
    assert tops == {"govreports"}
    portal = {name.split("govreports/demo/portal/", 1)[1] for name in names if "/demo/portal/" in name}
    # every page, file and route table (.gitattributes only keeps git from touching line ends)
    committed = {p.relative_to(DEMO_ROOT).as_posix() for p in DEMO_ROOT.rglob("*") if p.is_file()} - {".gitattributes"}
    assert portal == committed
    assert not [name for name in names if "demo_portal" in name or name.startswith("tests/")]  # the generator stays out


def test_installed_wheel_runs_the_demo_from_an_empty_directory(wheel, tmp_path):
    env_dir = tmp_path / "venv"
    venv.EnvBuilder(with_pip=False).create(env_dir)
    python = env_dir / "bin" / "python"
    site = Path(subprocess.check_output([str(python), "-c", "import sysconfig; print(sysconfig.get_paths()['purelib'])"],
                                        text=True).strip())
    subprocess.run([sys.executable, "-m", "pip", "--python", str(python), "install", "--no-deps", "-q", str(wheel)],
                   check=True, capture_output=True, text=True, timeout=300)
    (site / "borrowed_dependencies.pth").write_text(sysconfig.get_paths()["purelib"] + "\n")
    empty = tmp_path / "empty"
    empty.mkdir()
    env = {key: value for key, value in os.environ.items() if key not in ("PYTHONPATH", "VIRTUAL_ENV")}
    where = subprocess.run([str(python), "-c", "import govreports; print(govreports.__file__)"],
                           cwd=empty, env=env, capture_output=True, text=True, check=True).stdout
    assert where.startswith(str(site)), where
    result = subprocess.run([str(env_dir / "bin" / "govreports"), "demo-run", "--db", "x.db"],
                            cwd=empty, env=env, capture_output=True, text=True, timeout=600)
    assert result.returncode == 0, result.stderr[-3000:]
    expected = json.loads((DEMO_ROOT / "expected.json").read_text("utf-8"))
    with sqlite3.connect(empty / "x.db") as conn:
        stored = conn.execute("SELECT COUNT(*) FROM reports").fetchone()[0]
    assert stored == sum(len(site["reports"]) for site in expected.values() if isinstance(site, dict) and "reports" in site)
    # the installed wheel's entry point gives any Datasette the compliance page
    # (Datasette names a plugin by its distribution)
    plugins = subprocess.run([str(python), "-c", "import json; from datasette.plugins import get_plugins; hooks = {}\n"
                              "for p in get_plugins(): hooks.setdefault(p['name'], []).extend(p['hooks'])\n"
                              "print(json.dumps(hooks))"],
                             cwd=empty, env=env, capture_output=True, text=True, check=True).stdout
    hooks = json.loads(plugins)["govreports"]  # both modules: the coverage page and the Chinese search
    assert "register_routes" in hooks and "prepare_connection" in hooks


def test_wheel_declares_the_datasette_plugin(wheel):
    """A plain `datasette` run where govreports is installed loads the plugin (Chinese search) by this entry point."""
    archive = zipfile.ZipFile(wheel)
    (name,) = [name for name in archive.namelist() if name.endswith(".dist-info/entry_points.txt")]
    text = archive.read(name).decode()
    assert "[datasette]\ngovreports = govreports.serve.plugin" in text
    assert "[scrapy]\nsettings = govreports.crawl.settings" in text
