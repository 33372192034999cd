"""Floors: parts of a workload timed alone, to show where its time goes.

    python bench/floors.py modules FOLDER            # what `check FOLDER/.env` imports (JSON)
    python bench/floors.py parse ROOT                # every file under ROOT, parsed only
    python bench/floors.py dns ADDRESS PORT DOMAIN…  # the DNS lookups of `check --network`
    python bench/floors.py dnspython DOMAIN…         # dnspython's own cost of those lookups (JSON)

``modules`` runs the check in this process and prints every module loaded then (less those
a bare interpreter starts with, that is what the check imports), how many record types
(``smtplint.records``) were made and how long that took. ``parse`` gives each file to the
parser ``check`` uses for it (tomlkit, python-dotenv, ``ast``, smtplint's prefs.js reader) and
does nothing else. ``dns`` asks, through smtplint's resolver, for the MX, SPF and DMARC
records of every domain at once, then for the names those point to: two rounds, as the
checks need. ``dnspython`` times, in process, what any client built on dnspython pays
whatever it does around it: importing its async resolver, and for each of those first-round
queries building and encoding the query and parsing an answer to it.
"""

from __future__ import annotations

import sys

# Each command imports what it needs itself: `modules` must load only what `check` loads.


def modules(folder: str) -> None:
    import contextlib
    import io
    import json
    import os
    import time

    from smtplint import records

    created = [0, 0.0]
    build = records._build

    def timed_build(cls: type, **options: bool) -> type:
        start = time.perf_counter()
        made: type = build(cls, **options)
        created[0] += 1
        created[1] += time.perf_counter() - start
        return made

    records._build = timed_build
    os.chdir(folder)
    sys.argv = ["smtplint", "check", ".env"]
    from smtplint.entry import main

    with contextlib.redirect_stdout(io.StringIO()), contextlib.suppress(SystemExit):
        main()
    loaded = sorted(set(sys.modules) - {"__main__"})
    print(json.dumps({"modules": loaded, "records": created[0], "seconds": created[1]}))


def parse(root: str) -> None:
    import ast
    import io
    import os
    from pathlib import Path

    import tomlkit
    from dotenv import parser

    from smtplint.sources.prefs_js import parse_prefs

    parsed = 0
    for folder, _, names in os.walk(root):
        for name in names:
            text = Path(folder, name).read_text(encoding="utf-8")
            if name.endswith(".toml"):
                tomlkit.parse(text)
            elif name.endswith(".py"):
                ast.parse(text)
            elif name == "prefs.js":
                parse_prefs(text)
            elif name.endswith(".env") or name.startswith(".env"):
                list(parser.parse_stream(io.StringIO(text)))
            else:
                continue
            parsed += 1
    print(parsed)


def dns(address: str, port: str, domains: list[str]) -> None:
    import asyncio

    from smtplint.network import Nameserver, NetworkOptions
    from smtplint.network.resolver import Resolver

    async def lookups() -> int:
        resolver = Resolver(NetworkOptions(Nameserver(address, int(port)), timeout=5.0))
        first = [
            resolver.lookup(name, rdtype)
            for domain in domains
            for name, rdtype in ((domain, "MX"), (domain, "TXT"), (f"_dmarc.{domain}", "TXT"))
        ]
        answers = await asyncio.gather(*first)
        pointed = {record.exchange for answer in answers for record in answer.mx()}
        pointed |= {
            word.removeprefix("include:")
            for answer in answers
            for text in answer.texts()
            for word in text.split()
            if word.startswith("include:")
        }
        second = [resolver.lookup(name, rdtype) for name in pointed for rdtype in ("A", "TXT")]
        await asyncio.gather(*second)
        return len(first) + len(second)

    print(asyncio.run(lookups()))


def dnspython(domains: list[str]) -> None:
    import json
    import time

    start = time.perf_counter()
    import dns.asyncresolver  # what smtplint's resolver imports
    import dns.message
    import dns.rrset

    imported = time.perf_counter() - start
    questions = [
        (name, rdtype)
        for domain in domains
        for name, rdtype in ((domain, "MX"), (domain, "TXT"), (f"_dmarc.{domain}", "TXT"))
    ]
    answers = []  # made beforehand, as the server makes them
    for name, rdtype in questions:
        response = dns.message.make_response(dns.message.make_query(name, rdtype))
        record = "1 aspmx.l.google.com." if rdtype == "MX" else '"v=spf1 -all"'
        owner = response.question[0].name
        response.answer.append(dns.rrset.from_text(owner, 300, "IN", rdtype, record))
        answers.append(response.to_wire())
    start = time.perf_counter()
    for (name, rdtype), answer in zip(questions, answers, strict=True):
        dns.message.make_query(name, rdtype).to_wire()
        dns.message.from_wire(answer)
    per_query = (time.perf_counter() - start) / len(questions)
    print(json.dumps({"import": imported, "per_query": per_query, "queries": len(questions)}))


if __name__ == "__main__":
    command, arguments = sys.argv[1], sys.argv[2:]
    if command == "modules":
        modules(arguments[0])
    elif command == "parse":
        parse(arguments[0])
    elif command == "dns":
        dns(arguments[0], arguments[1], arguments[2:])
    elif command == "dnspython":
        dnspython(arguments)
    else:
        sys.exit(f"floors.py: unknown command {command!r}")
