"""The fixed top-level folders (core/, bots/, policies/) install under one
name of their own, ``discreet.core``, ``discreet.bots`` and
``discreet.policies``, so nothing clashes with another distribution's
``core`` or ``bots``. Every sub-folder is found here (a new one needs no
edit), and the data files beside the code ship with it. The rest of the
metadata is in pyproject.toml."""

from setuptools import find_namespace_packages, setup

TOPS = ("core", "bots", "policies")
DATA = ["*.toml", "*.txt", "*.yml", "*.md", "*.json", "*.npy", "*.npz"]

packages, package_dir = [], {}
for top in TOPS:
    package_dir[f"discreet.{top}"] = top
    packages.append(f"discreet.{top}")
    packages += [f"discreet.{top}.{p}" for p in find_namespace_packages(top, exclude=["*__pycache__*"])]

setup(packages=packages, package_dir=package_dir, package_data={p: DATA for p in packages})
