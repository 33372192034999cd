"""Write ``profiles/bundle.json``: every built-in profile, validated, with its file's CRC-32.

smtplint reads a profile from the bundle, without validating it again, only when the
checksum matches the TOML file beside it, so a stale bundle costs speed, never correctness;
tests/test_profiles_bundle.py fails until the bundle is regenerated. A profile that does not
validate stops the script. Run from anywhere: ``python scripts/bundle_profiles.py``.
The output is byte-for-byte the same on every run with the same inputs.
"""

from __future__ import annotations

import json
import zlib
from pathlib import Path

from smtplint.profiles.codec import json_data
from smtplint.profiles.load import BUNDLE_FORMAT, load_profile

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
                "crc32": zlib.crc32(data),
                "data": json_data(load_profile(path), skip_defaults=True),
            }
        )
    bundle = {"format": BUNDLE_FORMAT, "profiles": entries}
    return json.dumps(bundle, ensure_ascii=False, separators=(",", ":")) + "\n"


def main() -> None:
    BUNDLE.write_text(bundle_text(), encoding="utf-8")
    print(f"wrote {BUNDLE}")


if __name__ == "__main__":
    main()
