"""`pip install .` gives the `paperlist` command, the same CLI the Makefile runs."""

from __future__ import annotations

import shutil
import subprocess
import sys
import sysconfig
from pathlib import Path

from conftest import REPO


def test_pip_install_gives_a_working_paperlist_command(tmp_path):
    source, prefix = tmp_path / "source", tmp_path / "prefix"
    shutil.copytree(REPO / "hooks" / "paperlist", source / "hooks" / "paperlist")  # pip writes build/ beside it
    for name in ("pyproject.toml", "README.md"):
        shutil.copy2(REPO / name, source / name)
    # No build isolation: the test venv's setuptools builds it, so the test needs no network.
    install = [sys.executable, "-m", "pip", "install", "--quiet", "--no-deps", "--no-build-isolation"]
    subprocess.run([*install, "--prefix", str(prefix), str(source)], check=True, cwd=tmp_path, timeout=300)
    site_packages = Path(sysconfig.get_path("purelib", vars={"base": str(prefix), "platbase": str(prefix)}))
    assert (site_packages / "paperlist" / "cli.py").is_file()
    installed = {path.relative_to(site_packages).as_posix() for path in (site_packages / "paperlist").rglob("*.py")}
    shipped = {path.relative_to(REPO / "hooks").as_posix() for path in (REPO / "hooks" / "paperlist").rglob("*.py")}
    assert installed == shipped, "every module, subpackages included"
    assert not (site_packages / "papers").exists() and not (site_packages / "overrides").exists()
    env = {"PYTHONPATH": str(site_packages), "PATH": "/usr/bin:/bin"}
    result = subprocess.run(
        [str(prefix / "bin" / "paperlist"), "--root", str(REPO), "check"],
        capture_output=True,
        text=True,
        cwd=tmp_path,
        env=env,
        timeout=120,
    )
    assert result.returncode == 0, result.stderr
    assert result.stdout.startswith("papers/ is valid:")
