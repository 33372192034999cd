"""python-dotenv's parser and variable expansion, without the rest of python-dotenv.

``import dotenv.parser`` first runs ``dotenv/__init__``, which imports ``dotenv.main`` and
with it logging, tempfile and shutil: more than reading a small env file costs. The two
modules the env source reads with import nothing from their package, so, unless python-dotenv
is already imported, they are loaded straight from its folder under names of their own (the
importlib recipe for importing a source file directly). Should that fail (another layout of
the package), the ordinary import is used.
"""

from __future__ import annotations

import importlib
import importlib.util
import sys
from types import ModuleType
from typing import TYPE_CHECKING

__all__ = ["parser", "variables"]


def _standalone(name: str) -> ModuleType:
    """The module ``dotenv.<name>``, loaded without its package when that is possible."""
    if "dotenv" not in sys.modules:
        try:
            return _load_file(name)
        except Exception:  # any failure here leaves the ordinary import
            pass
    return importlib.import_module(f"dotenv.{name}")


def _load_file(name: str) -> ModuleType:
    own_name = f"{__name__}.{name}"
    if own_name in sys.modules:
        return sys.modules[own_name]
    package = importlib.util.find_spec("dotenv")  # finds the package without running it
    if package is None or not package.submodule_search_locations:
        raise ImportError("python-dotenv is not installed as a package folder")
    folder = next(iter(package.submodule_search_locations))
    spec = importlib.util.spec_from_file_location(own_name, f"{folder}/{name}.py")
    if spec is None or spec.loader is None:
        raise ImportError(f"dotenv/{name}.py cannot be loaded")
    module = importlib.util.module_from_spec(spec)
    sys.modules[own_name] = module
    try:
        spec.loader.exec_module(module)
    except BaseException:
        del sys.modules[own_name]
        raise
    return module


if TYPE_CHECKING:
    import dotenv.parser as parser
    import dotenv.variables as variables
else:
    parser = _standalone("parser")
    variables = _standalone("variables")
