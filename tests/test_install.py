"""The package as an office installs it: the built wheel in a fresh virtual environment,
then ``govstats report --demo`` in an empty folder writes the briefing of the Yingtan
notices the wheel ships. No network: the wheel is built without isolation, installed
without an index, and the fresh environment finds the dependencies through a ``.pth``
naming the site-packages of the environment the tests run in (and their data files,
nbconvert's templates, through ``JUPYTER_PATH``)."""

from __future__ import annotations

import os
import shutil
import site
import subprocess
import sys
import venv
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent


def _run(args: list, cwd: Path, env: dict | None = None) -> subprocess.CompletedProcess:
    return subprocess.run(
        [str(a) for a in args], cwd=cwd, env=env, capture_output=True, text=True, timeout=600
    )


def test_the_wheel_in_a_fresh_venv_writes_the_demo_briefing(tmp_path):
    # built from a copy: building in the tree would leave build/ and *.egg-info behind
    src = tmp_path / "src"
    src.mkdir()
    for name in ("pyproject.toml", "README.md"):
        shutil.copy(ROOT / name, src / name)
    shutil.copytree(ROOT / "govstats", src / "govstats", ignore=shutil.ignore_patterns("__pycache__"))
    wheels = tmp_path / "wheels"
    built = _run([sys.executable, "-m", "pip", "wheel", "--no-deps", "--no-build-isolation", "-q",
                  "-w", wheels, src], cwd=tmp_path)  # fmt: skip
    assert built.returncode == 0, built.stderr
    (wheel,) = wheels.glob("govstats-*.whl")

    env_dir = tmp_path / "venv"
    venv.create(env_dir, with_pip=False)
    bin_dir = env_dir / ("Scripts" if os.name == "nt" else "bin")
    python = next(p for p in (bin_dir / "python.exe", bin_dir / "python") if p.exists())
    purelib = _run([python, "-c", "import sysconfig; print(sysconfig.get_paths()['purelib'])"], tmp_path)
    (Path(purelib.stdout.strip()) / "deps.pth").write_text("\n".join(site.getsitepackages()) + "\n")
    clean = {k: v for k, v in os.environ.items() if k not in ("PYTHONPATH", "VIRTUAL_ENV")}
    # the data files pip puts in an environment beside its packages (nbconvert's templates in
    # share/jupyter) are the test environment's: the .pth reaches packages only
    clean["JUPYTER_PATH"] = str(Path(sys.prefix) / "share" / "jupyter")
    installed = _run([sys.executable, "-m", "pip", "--python", python, "install", "--no-deps", "--no-index",
                      "-q", wheel], cwd=tmp_path, env=clean)  # fmt: skip
    assert installed.returncode == 0, installed.stderr

    where = _run([python, "-c", "import govstats; print(govstats.__file__)"], tmp_path, clean)
    assert str(env_dir) in where.stdout, where.stdout + where.stderr  # the wheel's, not the tree's

    empty = tmp_path / "office"
    empty.mkdir()
    script = next(p for p in (bin_dir / "govstats.exe", bin_dir / "govstats") if p.exists())
    nothing = _run([script, "report"], empty, clean)
    assert nothing.returncode == 2
    assert "没有给出输入" in nothing.stderr and "--demo" in nothing.stderr  # what to do, in Chinese

    demo = _run([script, "-q", "report", "--demo"], empty, clean)
    assert demo.returncode == 0, demo.stderr
    page = (empty / "reports" / "briefing-2022Q1.html").read_text(encoding="utf-8")
    assert "<title>鹰潭市2022年第一季度政府网站与政务新媒体工作简报</title>" in page
    assert "部门信箱共收到留言191条" in page  # annex 4 summed, as test_real_notices checks by hand
    assert sorted(p.name for p in empty.iterdir()) == ["reports"]  # nothing else left behind


def test_the_shipped_demo_is_the_repository_data():
    demo = ROOT / "govstats" / "resources" / "demo"
    names = sorted(p.name for p in demo.iterdir())
    assert names == sorted(p.name for p in (ROOT / "data" / "raw").glob("yingtan-*"))
    for name in names:
        assert (demo / name).read_bytes() == (ROOT / "data" / "raw" / name).read_bytes()
