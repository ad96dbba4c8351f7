"""The source folder mock/ installs as the import package reminders_mock: PyPI's `mock` (the
unittest.mock backport) owns the name `mock` in the environments our users test in. Everything
else about the distribution is in pyproject.toml."""

from pathlib import Path

from setuptools import find_packages, setup
from setuptools.command.build_py import build_py

PACKAGE = "reminders_mock"
SOURCE = "mock"


class BuildWithContract(build_py):
    """The wheel carries schema.graphql and scenarios/, which live at the repository root (the
    contract and the examples people read first), inside the package; a checkout finds them there."""

    def run(self) -> None:
        super().run()
        if self.editable_mode:
            return  # an editable install reads them from the checkout
        target = Path(self.build_lib) / PACKAGE
        self.copy_file("schema.graphql", str(target / "schema.graphql"))
        self.copy_tree("scenarios", str(target / "scenarios"))


setup(
    package_dir={PACKAGE: SOURCE},
    packages=[PACKAGE, *(f"{PACKAGE}.{name}" for name in find_packages(SOURCE))],
    cmdclass={"build_py": BuildWithContract},
)
