"""The source folder mock/ installs as the import package reminders_mock: PyPI's `mock` (the
unittest.mock backport) owns the name `mock` in the environments our users test in. Everything
else about the distribution is in pyproject.toml."""

import shutil
from pathlib import Path

from setuptools import find_namespace_packages, setup
from setuptools.command.build_py import build_py

PACKAGE = "reminders_mock"
SOURCE = "mock"


class BuildWithContract(build_py):
    """The wheel carries schema.graphql and scenarios/, which live at the repository root (the
    contract and the examples people read first), inside the package; a checkout finds them there."""

    def run(self) -> None:
        target = Path(self.build_lib) / PACKAGE
        # build/ outlives a build: without this, a module deleted from the source would still
        # ship in the next wheel built from the same checkout.
        shutil.rmtree(target, ignore_errors=True)
        super().run()
        if self.editable_mode:
            return  # an editable install reads them from the checkout
        self.copy_file("schema.graphql", str(target / "schema.graphql"))
        self.copy_tree("scenarios", str(target / "scenarios"))


setup(
    package_dir={PACKAGE: SOURCE},
    # Namespace packages too, so the data folders (templates, flows, static) are packages whose
    # files package-data picks up.
    packages=[
        PACKAGE,
        *(f"{PACKAGE}.{name}" for name in find_namespace_packages(SOURCE, exclude=["*__pycache__*"])),
    ],
    cmdclass={"build_py": BuildWithContract},
)
