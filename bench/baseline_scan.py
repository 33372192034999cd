"""The floor a tree scan is compared with: read every file and run one regex over it."""

from __future__ import annotations

import os
import re
import sys

SMTP_KEYS = re.compile(rb"(?i)smtp|mail_|email_|smtpserver")


def main(root: str) -> None:
    hits = 0
    for folder, _, names in os.walk(root):
        for name in names:
            with open(os.path.join(folder, name), "rb") as handle:
                if SMTP_KEYS.search(handle.read()):
                    hits += 1
    print(hits)


if __name__ == "__main__":
    main(sys.argv[1])
