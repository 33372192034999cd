"""smtplint's benchmarks: each workload timed beside its baseline, in the same run.

    python bench/run.py [--repeat N] [--quick] [--scaling]

Inputs are generated (seeded) in a temporary folder; every command runs as a subprocess,
``--repeat`` times (after one warm-up run), the commands compared with each other in turn,
round by round, and the table shows medians with min-max and the ratio workload/baseline
beside its target. Absolute times differ between machines;
the ratios are what the targets are about. Needs the bench extra
(``pip install -e '.[bench]'``: yamllint and detect-secrets are baselines) and Linux (peak
memory is read from /proc, summed over the run's processes).
"""

from __future__ import annotations

import argparse
import contextlib
import itertools
import json
import os
import shutil
import statistics
import subprocess
import sys
import tempfile
import time
from collections.abc import Callable, Sequence
from dataclasses import dataclass
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent))

from generate import make_tree

PYTHON = sys.executable
BIN = Path(sys.executable).parent
SMTPLINT = [str(BIN / "smtplint")]
HERE = Path(__file__).resolve().parent
FLOORS = HERE / "floors.py"

ONE_ENV = (
    "SMTP_HOST=smtp.gmail.com\nSMTP_PORT=465\nSMTP_SECURE=true\n"
    "SMTP_USER=alerts@gmail.com\nSMTP_PASS=${GMAIL_APP_PASSWORD}\nSMTP_FROM=alerts@gmail.com\n"
)
ONE_YAML = "services:\n  web:\n    image: nginx:1.27\n    ports:\n      - '8080:80'\n"


@dataclass(frozen=True)
class Timing:
    median: float
    low: float
    high: float

    def __str__(self) -> str:
        return f"{_seconds(self.median)} ({_seconds(self.low)}-{_seconds(self.high)})"


def _seconds(value: float) -> str:
    return f"{value * 1000:.0f} ms" if value < 10 else f"{value:.1f} s"


Trial = Callable[[], float]  # one run of a command, returning its wall time in seconds


def command_trial(command: Sequence[str], cwd: Path | None = None) -> Trial:
    def trial() -> float:
        start = time.perf_counter()
        subprocess.run(command, cwd=cwd, capture_output=True, check=False)
        return time.perf_counter() - start

    return trial


def timed_in_turn(trials: Sequence[Trial], repeat: int) -> list[Timing]:
    """Each trial ``repeat`` times after one warm-up run, the trials in turn, round by
    round: a slow moment of a shared machine falls on every command compared, not on one."""
    for trial in trials:
        trial()  # warm-up
    samples: list[list[float]] = [[] for _ in trials]
    for _ in range(repeat):
        for trial, taken in zip(trials, samples, strict=True):
            taken.append(trial())
    return [Timing(statistics.median(taken), min(taken), max(taken)) for taken in samples]


def timed(command: Sequence[str], repeat: int, cwd: Path | None = None) -> Timing:
    return timed_in_turn([command_trial(command, cwd)], repeat)[0]


def peak_memory_mb(command: Sequence[str]) -> float:
    """Peak memory of ``command`` and every process it starts (forked workers included),
    summed as proportional set size so that pages the workers share are counted once."""
    process = subprocess.Popen(command, stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL)
    peak = 0
    while process.poll() is None:
        peak = max(peak, sum(_pss_kib(pid) for pid in _process_tree(process.pid)))
        time.sleep(0.01)
    return peak / 1024


def _process_tree(root: int) -> list[int]:
    found, pending = [], [root]
    while pending:
        pid = pending.pop()
        found.append(pid)
        with contextlib.suppress(OSError):  # the process ended meanwhile
            for task in Path(f"/proc/{pid}/task").glob("*/children"):
                pending.extend(int(child) for child in task.read_text().split())
    return found


def _pss_kib(pid: int) -> int:
    try:
        rollup = Path(f"/proc/{pid}/smaps_rollup").read_text()
    except OSError:
        return 0
    for line in rollup.splitlines():
        if line.startswith("Pss:"):
            return int(line.split()[1])
    return 0


@dataclass(frozen=True)
class Row:
    workload: str
    baseline: str
    measured: Timing
    against: Timing
    target: float | None  # None: a floor, shown to tell where a workload's time goes

    @property
    def ratio(self) -> float:
        return self.measured.median / self.against.median

    @property
    def met(self) -> str:
        if self.target is None:
            return "—"
        return "yes" if self.ratio <= self.target else "no"


def _tool(name: str) -> list[str]:
    path = BIN / name
    if not path.exists():
        sys.exit(f"bench: {name} is missing; install the bench extra: pip install -e '.[bench]'")
    return [str(path)]


def run(repeat: int, quick: bool) -> tuple[list[Row], float, list[str]]:
    tree_files, many_files = (2_000, 200) if quick else (20_000, 2_000)
    rows: list[Row] = []
    with tempfile.TemporaryDirectory(prefix="smtplint-bench-") as scratch:
        base = Path(scratch)
        (base / "one").mkdir()
        (base / "one" / ".env").write_text(ONE_ENV, encoding="utf-8")
        (base / "one" / "compose.yaml").write_text(ONE_YAML, encoding="utf-8")
        tree = base / "tree"
        make_tree(tree, tree_files, 0.02)
        smtp_only = base / "smtp"
        make_tree(smtp_only, many_files, 1.0)
        broken = base / "broken"
        make_tree(broken, many_files, 1.0, broken=True)

        one = base / "one"
        stdlib, imported, startup_note = _startup_imports(one)
        check_one, typer, yamllint, stdlib_floor, import_floor = timed_in_turn(
            [
                command_trial([*SMTPLINT, "check", ".env"], one),
                command_trial([PYTHON, "-c", "import typer"]),
                command_trial([*_tool("yamllint"), "compose.yaml"], one),
                command_trial([PYTHON, "-c", "import " + ", ".join(stdlib)]),
                command_trial([PYTHON, "-c", "import " + ", ".join(imported)]),
            ],
            repeat,
        )
        typer_name = "python -c 'import typer'"
        rows += [
            Row("check one .env", typer_name, check_one, typer, 1.3),
            Row(
                "floor: import the standard-library modules check imports",
                typer_name,
                stdlib_floor,
                typer,
                None,
            ),
            Row(
                "floor: import every module check imports, check nothing",
                typer_name,
                import_floor,
                typer,
                None,
            ),
            Row("check one .env", "yamllint one YAML file", check_one, yamllint, 0.8),
        ]

        check_tree, scan_tree, secrets_tree = timed_in_turn(
            [
                command_trial([*SMTPLINT, "check", "--exit-zero", str(tree)]),
                command_trial([PYTHON, str(HERE / "baseline_scan.py"), str(tree)]),
                command_trial([*_tool("detect-secrets"), "scan", "--all-files", str(tree)]),
            ],
            repeat,
        )
        tree_name = f"check {tree_files:,}-file tree (2% SMTP)"
        rows += [
            Row(tree_name, "read + one regex", check_tree, scan_tree, 2.5),
            Row(tree_name, "detect-secrets scan --all-files", check_tree, secrets_tree, 0.2),
        ]

        check_smtp, scan_smtp, parse_floor = timed_in_turn(
            [
                command_trial([*SMTPLINT, "check", "--exit-zero", str(smtp_only)]),
                command_trial([PYTHON, str(HERE / "baseline_scan.py"), str(smtp_only)]),
                command_trial([PYTHON, str(FLOORS), "parse", str(smtp_only)]),
            ],
            repeat,
        )
        rows += [
            Row(f"check {many_files:,} SMTP files", "read + one regex", check_smtp, scan_smtp, 8.0),
            Row(
                f"floor: parse the {many_files:,} SMTP files, nothing else, one process",
                "read + one regex",
                parse_floor,
                scan_smtp,
                None,
            ),
        ]

        fix_broken, check_broken = timed_in_turn(
            [
                _fix_trial(broken, base),
                command_trial([*SMTPLINT, "check", "--exit-zero", str(broken)]),
            ],
            repeat,
        )
        rows.append(
            Row(
                f"fix {many_files:,} broken files",
                "check the same files",
                fix_broken,
                check_broken,
                2.0,
            )
        )
        network_rows, network_note = _network_rows(base / "network", repeat)
        rows.extend(network_rows)
        memory = peak_memory_mb([*SMTPLINT, "check", "--exit-zero", str(tree)])
    return rows, memory, [startup_note, network_note]


DNS_DELAY = 0.05
NETWORK_DOMAINS = 200


def _network_rows(folder: Path, repeat: int) -> tuple[list[Row], str]:
    """``check --network`` over 200 sender domains against a loopback DNS server that waits
    50 ms before every answer, beside one lookup: overlapping lookups keep the ratio low.
    A second row takes the same run minus an offline ``check`` of the same files: the time
    the DNS checks add, start-up and the offline lint left out. A floor row times the
    lookups alone, and the line returned says what dnspython's own share of them is."""
    sys.path.insert(0, str(HERE.parent))
    import dns.resolver

    from tests.dns_server import DnsServer, txt

    zone: dict[str, list[tuple[str, str]]] = {
        "smtp.gmail.com": [("A", "192.0.2.25")],
        "_spf.google.com": [("TXT", txt("v=spf1 ip4:192.0.2.0/24 ~all"))],
        "aspmx.l.google.com": [("A", "192.0.2.26")],
    }
    # Google Workspace domains, correctly set up
    domains = [f"shop{number}.widgetco.io" for number in range(NETWORK_DOMAINS)]
    for number, domain in enumerate(domains):
        zone[domain] = [
            ("MX", "1 aspmx.l.google.com."),
            ("TXT", txt("v=spf1 include:_spf.google.com ~all")),
        ]
        zone[f"_dmarc.{domain}"] = [("TXT", txt("v=DMARC1; p=none"))]
        app = folder / f"app{number}"
        app.mkdir(parents=True)
        (app / ".env").write_text(
            "SMTP_HOST=smtp.gmail.com\nSMTP_PORT=465\nSMTP_SECURE=true\n"
            f"SMTP_USER=orders@{domain}\nSMTP_PASS=${{SMTP_PASSWORD}}\n"
            f"SMTP_FROM=orders@{domain}\n",
            encoding="utf-8",
        )
    with DnsServer(zone, delays=dict.fromkeys(zone, DNS_DELAY)) as server:
        resolver = dns.resolver.Resolver(configure=False)
        resolver.nameservers, resolver.port = ["127.0.0.1"], server.port
        samples = []
        for _ in range(repeat):
            start = time.perf_counter()
            resolver.resolve("shop0.widgetco.io", "MX")
            samples.append(time.perf_counter() - start)
        one_lookup = Timing(statistics.median(samples), min(samples), max(samples))
        network_flags = ["--exit-zero", "--network", "--nameserver", server.nameserver]
        measured, offline, lookups_only = timed_in_turn(
            [
                command_trial([*SMTPLINT, "check", *network_flags, str(folder)]),
                command_trial([*SMTPLINT, "check", "--exit-zero", str(folder)]),
                command_trial(
                    [PYTHON, str(FLOORS), "dns", "127.0.0.1", str(server.port), *domains]
                ),
            ],
            repeat,
        )
    added = Timing(
        max(measured.median - offline.median, 0.0),
        max(measured.low - offline.high, 0.0),
        max(measured.high - offline.low, 0.0),
    )
    cost = json.loads(
        subprocess.run(
            [PYTHON, str(FLOORS), "dnspython", *domains], capture_output=True, text=True, check=True
        ).stdout
    )
    floor = cost["import"] + cost["queries"] * cost["per_query"] + 2 * DNS_DELAY
    note = (
        f"dnspython alone: importing its async resolver took {cost['import'] * 1000:.0f} ms "
        f"and each query {cost['per_query'] * 1e6:.0f} µs of its work (build, encode, parse "
        f"the answer); with the {cost['queries']} first-round queries and two rounds of "
        f"{DNS_DELAY * 1000:.0f} ms that is {floor:.2f} s, {floor / one_lookup.median:.1f}x "
        "one lookup, before smtplint starts or reads a file."
    )
    name = f"check --network, {NETWORK_DOMAINS} sender domains, 50 ms DNS"
    rows = [
        Row(name, "one lookup", measured, one_lookup, 10.0),
        Row(f"{name}: time added to an offline check", "one lookup", added, one_lookup, 10.0),
        Row(
            "floor: those lookups alone, through smtplint's resolver, in a new interpreter",
            "one lookup",
            lookups_only,
            one_lookup,
            None,
        ),
    ]
    return rows, note


def _startup_imports(folder: Path) -> tuple[list[str], list[str], str]:
    """The modules ``check .env`` in ``folder`` imports: those of the standard library, and
    all of them; and a line saying how many there are and what making smtplint's record
    types cost."""
    bare = subprocess.run(
        [PYTHON, "-c", "import sys; print(*sys.modules)"],
        capture_output=True,
        text=True,
        check=True,
    ).stdout.split()
    report = json.loads(
        subprocess.run(
            [PYTHON, str(FLOORS), "modules", str(folder)],
            capture_output=True,
            text=True,
            check=True,
        ).stdout
    )
    imported = [name for name in report["modules"] if name not in set(bare)]
    stdlib = [name for name in imported if name.partition(".")[0] in sys.stdlib_module_names]
    note = (
        f"`check .env` imports {len(imported)} modules, {len(stdlib)} of them from the "
        f"standard library; making its {report['records']} record types took "
        f"{report['seconds'] * 1000:.0f} ms (one run, in process)."
    )
    return stdlib, imported, note


def _fix_trial(broken: Path, base: Path) -> Trial:
    """``fix`` on a fresh copy of the broken tree (a fixed tree has nothing left to fix); the
    copy is not timed."""
    copies = itertools.count()

    def trial() -> float:
        copy = base / f"fix-{next(copies)}"
        shutil.copytree(broken, copy)
        start = time.perf_counter()
        subprocess.run([*SMTPLINT, "fix", str(copy)], capture_output=True, check=False)
        taken = time.perf_counter() - start
        shutil.rmtree(copy)
        return taken

    return trial


SCALING_FILES = (1_000, 5_000, 20_000, 100_000)
SCALING_SHARES = (0.02, 0.2)


@dataclass(frozen=True)
class Scale:
    files: int
    share: float
    timing: Timing
    memory_mb: float


def scaling(repeat: int) -> list[Scale]:
    """``check`` on trees from 1,000 to 100,000 files, 2% and 20% holding SMTP settings."""
    measured = []
    with tempfile.TemporaryDirectory(prefix="smtplint-scaling-") as scratch:
        for files in SCALING_FILES:
            for share in SCALING_SHARES:
                tree = Path(scratch) / f"{files}-{share}"
                make_tree(tree, files, share)
                command = [*SMTPLINT, "check", "--exit-zero", str(tree)]
                runs = repeat if files <= 20_000 else min(repeat, 2)
                measured.append(Scale(files, share, timed(command, runs), peak_memory_mb(command)))
                shutil.rmtree(tree)
    return measured


def _compile_package() -> None:
    """Write smtplint's bytecode first, as ``pip install`` does: in an editable install, or
    where PYTHONDONTWRITEBYTECODE is set, every run would otherwise compile from source."""
    import compileall

    import smtplint

    compileall.compile_dir(Path(smtplint.__file__).parent, quiet=1)


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--repeat", type=int, default=5, help="timed runs per command")
    parser.add_argument("--quick", action="store_true", help="trees a tenth of the size")
    parser.add_argument(
        "--scaling", action="store_true", help="also time trees of 1,000-100,000 files"
    )
    options = parser.parse_args()
    _compile_package()
    print(
        f"smtplint benchmarks: Python {sys.version.split()[0]}, {os.cpu_count()} CPUs, "
        f"{options.repeat} runs each, median (min-max)\n"
    )
    rows, memory, notes = run(options.repeat, options.quick)
    print("| workload | baseline | workload time | baseline time | ratio | target | met |")
    print("|---|---|---|---|---|---|---|")
    for row in rows:
        target = "—" if row.target is None else f"≤ {row.target}x"
        print(
            f"| {row.workload} | {row.baseline} | {row.measured} | {row.against} | "
            f"{row.ratio:.2f}x | {target} | {row.met} |"
        )
    print(
        f"| peak memory, check on the tree (all processes) | — | {memory:.0f} MB | — | — | "
        f"≤ 80 MB | "
        f"{'yes' if memory <= 80 else 'no'} |"
    )
    print("\nFloors are parts of a workload timed alone; they have no target.")
    for note in notes:
        print(note)
    if options.scaling:
        print("\n| files | SMTP share | check time | per 1,000 files | peak memory |")
        print("|---|---|---|---|---|")
        for scale in scaling(options.repeat):
            per_thousand = scale.timing.median / scale.files * 1000
            print(
                f"| {scale.files:,} | {scale.share:.0%} | {scale.timing} | "
                f"{_seconds(per_thousand)} | {scale.memory_mb:.0f} MB |"
            )


if __name__ == "__main__":
    main()
