"""smtplint's benchmarks: each workload timed beside its baseline, in the same run.

    python bench/run.py [--repeat N] [--quick] [--scaling]

Inputs are generated (seeded) in a temporary folder; every command runs as a subprocess,
``--repeat`` times (after one warm-up run), and the table shows medians with min-max and
the ratio workload/baseline beside its target. Absolute times differ between machines;
the ratios are what the targets are about. Needs the bench extra
(``pip install -e '.[bench]'``: yamllint and detect-secrets are baselines) and Linux (peak
memory is read from /proc, summed over the run's processes).
"""

from __future__ import annotations

import argparse
import contextlib
import json
import os
import shutil
import statistics
import subprocess
import sys
import tempfile
import time
from collections.abc import Sequence
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


def timed(command: Sequence[str], repeat: int, cwd: Path | None = None) -> Timing:
    subprocess.run(command, cwd=cwd, capture_output=True, check=False)  # warm-up
    samples = []
    for _ in range(repeat):
        start = time.perf_counter()
        subprocess.run(command, cwd=cwd, capture_output=True, check=False)
        samples.append(time.perf_counter() - start)
    return Timing(statistics.median(samples), min(samples), max(samples))


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
        for task in Path(f"/proc/{pid}/task").glob("*/children"):
            with contextlib.suppress(OSError):  # the process ended meanwhile
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

        check_one = timed([*SMTPLINT, "check", ".env"], repeat, base / "one")
        typer = timed([PYTHON, "-c", "import typer"], repeat)
        rows.append(Row("check one .env", "python -c 'import typer'", check_one, typer, 1.3))
        floors, startup_note = _startup_floors(base / "one", typer, repeat)
        rows.extend(floors)
        rows.append(
            Row(
                "check one .env",
                "yamllint one YAML file",
                check_one,
                timed([*_tool("yamllint"), "compose.yaml"], repeat, base / "one"),
                0.8,
            )
        )

        check_tree = timed([*SMTPLINT, "check", "--exit-zero", str(tree)], repeat)
        scan_tree = timed([PYTHON, str(HERE / "baseline_scan.py"), str(tree)], repeat)
        rows.append(
            Row(
                f"check {tree_files:,}-file tree (2% SMTP)",
                "read + one regex",
                check_tree,
                scan_tree,
                2.5,
            )
        )
        rows.append(
            Row(
                f"check {tree_files:,}-file tree (2% SMTP)",
                "detect-secrets scan --all-files",
                check_tree,
                timed(
                    [*_tool("detect-secrets"), "scan", "--all-files", str(tree)],
                    max(1, repeat // 2),
                ),
                0.2,
            )
        )

        scan_smtp = timed([PYTHON, str(HERE / "baseline_scan.py"), str(smtp_only)], repeat)
        rows.append(
            Row(
                f"check {many_files:,} SMTP files",
                "read + one regex",
                timed([*SMTPLINT, "check", "--exit-zero", str(smtp_only)], repeat),
                scan_smtp,
                8.0,
            )
        )
        rows.append(
            Row(
                f"floor: parse the {many_files:,} SMTP files, nothing else, one process",
                "read + one regex",
                timed([PYTHON, str(FLOORS), "parse", str(smtp_only)], repeat),
                scan_smtp,
                None,
            )
        )
        rows.append(
            Row(
                f"fix {many_files:,} broken files",
                "check the same files",
                _fix_timing(broken, repeat, base),
                timed([*SMTPLINT, "check", "--exit-zero", str(broken)], repeat),
                2.0,
            )
        )
        rows.extend(_network_rows(base / "network", repeat))
        memory = peak_memory_mb([*SMTPLINT, "check", "--exit-zero", str(tree)])
    return rows, memory, [startup_note]


DNS_DELAY = 0.05
NETWORK_DOMAINS = 200


def _network_rows(folder: Path, repeat: int) -> list[Row]:
    """``check --network`` over 200 sender domains against a loopback DNS server that waits
    50 ms before every answer, beside one lookup: overlapping lookups keep the ratio low.
    A second row takes the same run minus an offline ``check`` of the same files: the time
    the DNS checks add, start-up and the offline lint left out."""
    sys.path.insert(0, str(HERE.parent))
    import dns.resolver

    from tests.dns_server import DnsServer, txt

    zone: dict[str, list[tuple[str, str]]] = {
        "smtp.gmail.com": [("A", "192.0.2.25")],
        "_spf.google.com": [("TXT", txt("v=spf1 ip4:192.0.2.0/24 ~all"))],
        "aspmx.l.google.com": [("A", "192.0.2.26")],
    }
    for number in range(NETWORK_DOMAINS):
        domain = f"shop{number}.widgetco.io"  # Google Workspace domains, correctly set up
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
        command = [*SMTPLINT, "check", "--exit-zero", "--network"]
        measured = timed([*command, "--nameserver", server.nameserver, str(folder)], repeat)
        domains = [f"shop{number}.widgetco.io" for number in range(NETWORK_DOMAINS)]
        lookups_only = timed(
            [PYTHON, str(FLOORS), "dns", "127.0.0.1", str(server.port), *domains], repeat
        )
    offline = timed([*SMTPLINT, "check", "--exit-zero", str(folder)], repeat)
    added = Timing(
        max(measured.median - offline.median, 0.0),
        max(measured.low - offline.high, 0.0),
        max(measured.high - offline.low, 0.0),
    )
    name = f"check --network, {NETWORK_DOMAINS} sender domains, 50 ms DNS"
    return [
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


def _startup_floors(folder: Path, typer: Timing, repeat: int) -> tuple[list[Row], str]:
    """What ``check .env`` imports, imported alone: first its standard-library modules, then
    every module (smtplint's included) without checking anything; and a line saying what
    that is."""
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
        f"standard library; creating its {report['dataclasses']} dataclasses took "
        f"{report['seconds'] * 1000:.0f} ms (one run, in process)."
    )
    baseline = "python -c 'import typer'"
    rows = [
        Row(
            "floor: import the standard-library modules check imports",
            baseline,
            timed([PYTHON, "-c", "import " + ", ".join(stdlib)], repeat),
            typer,
            None,
        ),
        Row(
            "floor: import every module check imports, check nothing",
            baseline,
            timed([PYTHON, "-c", "import " + ", ".join(imported)], repeat),
            typer,
            None,
        ),
    ]
    return rows, note


def _fix_timing(broken: Path, repeat: int, base: Path) -> Timing:
    """``fix`` on fresh copies of the broken tree: a fixed tree has nothing left to fix."""
    samples = []
    for attempt in range(repeat + 1):
        copy = base / f"fix-{attempt}"
        shutil.copytree(broken, copy)
        start = time.perf_counter()
        subprocess.run([*SMTPLINT, "fix", str(copy)], capture_output=True, check=False)
        if attempt:  # the first run is the warm-up
            samples.append(time.perf_counter() - start)
        shutil.rmtree(copy)
    return Timing(statistics.median(samples), min(samples), max(samples))


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
