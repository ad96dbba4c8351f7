"""The wheel carries schema.graphql and the scenarios, so an installed copy finds them anywhere."""

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
    entry_points = next(n for n in names if n.endswith("entry_points.txt"))
    assert "reminders-mock = reminders_mock.cli:main" in zipfile.ZipFile(wheel).read(entry_points).decode()

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
