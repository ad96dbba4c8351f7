"""The wheel carries schema.graphql, the scenarios and every file beside the code, so an installed
copy finds them anywhere."""

import subprocess
import sys
import zipfile
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]


def test_the_wheel_ships_the_contract_and_the_default_scenario(tmp_path):
    subprocess.run(
        [
            sys.executable,
            "-m",
            "pip",
            "wheel",
            "--no-deps",
            "--no-build-isolation",
            "-q",
            "-w",
            str(tmp_path),
            str(ROOT),
        ],
        check=True,
    )
    wheel = next(tmp_path.glob("reminders_mock-*.whl"))
    names = zipfile.ZipFile(wheel).namelist()
    assert "reminders_mock/schema.graphql" in names
    assert "reminders_mock/scenarios/default.yaml" in names
    beside_the_code = {
        f"reminders_mock/{path.relative_to(ROOT / 'mock').as_posix()}"
        for path in (ROOT / "mock").rglob("*")
        if path.is_file() and path.suffix != ".pyc" and "__pycache__" not in path.parts
    }
    assert beside_the_code - set(names) == set()  # templates, flows, static files: every one
    # The explorer is served from the wheel, never a CDN: its app, the page it starts from, its licence.
    explorer = "reminders_mock/web/explorer/assets"
    assert {f"{explorer}/main.js", f"{explorer}/index.html", f"{explorer}/LICENSE"} <= set(names)
    assert "reminders_mock/documented/examples.json" in names  # the explorer's examples
    entry_points = next(n for n in names if n.endswith("entry_points.txt"))
    console_script = "reminders-mock = reminders_mock.console:main"
    assert console_script in zipfile.ZipFile(wheel).read(entry_points).decode()

    installed = tmp_path / "site"
    zipfile.ZipFile(wheel).extractall(installed)
    found = subprocess.run(
        [
            sys.executable,
            "-c",
            "from reminders_mock import resources; print(resources.scenario_path('default'));"
            "print(resources.schema_path())",
        ],
        cwd=tmp_path,
        env={"PYTHONPATH": str(installed)},
        capture_output=True,
        text=True,
        check=True,
    ).stdout.split()
    assert found == [
        str(installed / "reminders_mock/scenarios/default.yaml"),
        str(installed / "reminders_mock/schema.graphql"),
    ]
