"""Write ``profiles/bundle.json``: every built-in profile, parsed, with its file's hash.

smtplint reads a profile from the bundle only when the hash matches the TOML file beside
it, so a stale bundle costs speed, never correctness; tests/test_profiles_bundle.py fails
until the bundle is regenerated. Run from anywhere: ``python scripts/bundle_profiles.py``.
The output is byte-for-byte the same on every run with the same inputs.
"""

from __future__ import annotations

import datetime as dt
import hashlib
import json
import sys
from pathlib import Path
from typing import Any

if sys.version_info >= (3, 11):
    import tomllib
else:  # pragma: no cover - exercised on Python 3.10 only
    import tomli as tomllib

PROFILES = Path(__file__).resolve().parent.parent / "profiles"
BUNDLE = PROFILES / "bundle.json"


def bundle_text(profiles: Path = PROFILES) -> str:
    files = sorted(profiles.glob("*.toml")) + sorted((profiles / "ispdb").glob("*.toml"))
    entries = []
    for path in files:
        data = path.read_bytes()
        entries.append(
            {
                "path": path.relative_to(profiles).as_posix(),
                "sha256": hashlib.sha256(data).hexdigest(),
                "data": tomllib.loads(data.decode("utf-8")),
            }
        )
    bundle = {"format": 1, "profiles": entries}
    return json.dumps(bundle, default=_json_value, ensure_ascii=False, separators=(",", ":")) + "\n"


def _json_value(value: Any) -> str:
    if isinstance(value, (dt.date, dt.datetime, dt.time)):
        return value.isoformat()
    raise TypeError(f"cannot bundle {type(value).__name__}")


def main() -> None:
    BUNDLE.write_text(bundle_text(), encoding="utf-8")
    print(f"wrote {BUNDLE}")


if __name__ == "__main__":
    main()
