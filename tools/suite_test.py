"""Run the whole suite's tests against real Odoo 19 and PostgreSQL.

Started by ``tools/test`` with the suite's virtualenv. Phases:

1. a base database with Odoo's CRM and the OCA dependencies (demo data on),
   duplicated for every following phase;
2. ``suite``: all addons installed together, every addon's Odoo tests
   (at_install and post_install, browser tours included);
3. ``alone:<edition>``: each edition installed alone on top of the core, with
   its own tests, to prove it does not need the other editions;
4. ``upgrade``: the suite database upgraded in place (``-u``), which must log
   no error;
5. ``peer``: the tests of what we build on (Odoo's ``crm`` and ``sales_team``,
   OCA ``auditlog`` and ``base_tier_validation``) on a stock database and on
   one with the whole suite and its demo: the same number of tests must run,
   and the suite may fail only the tests listed with a reason in
   ``tests/peer_known_differences.txt``;
6. ``pytest``: the repository-level tests in ``tests/``;
7. ``lint``: ruff and pylint-odoo.

Odoo's runner exits 0 when nothing ran and silently skips tours without
websocket-client, so each phase's log is read: no test run, a skipped test of
ours, any ERROR/CRITICAL line, or demo data that failed to load (Odoo logs it as
a mere warning and installs the module without it) counts as a failure. The last line printed is
``N passed, N failed``; the exit code is non-zero on any failure.
"""

import argparse
import os
import re
import shutil
import signal
import socket
import subprocess
import sys
import tempfile
import time
from fnmatch import fnmatch
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
# The core, its bridge to Invoicing (auto-installed with ``account``), and the
# editions. The suite phase installs them all, so it also proves the bridge.
EDITIONS = ["crm_edu", "crm_realestate", "crm_meddevice"]
OUR_ADDONS = ["crm_custom_core", "crm_custom_core_account", *EDITIONS]
BASE_MODULES = ["crm", "base_automation", "auditlog", "base_tier_validation"]
SUMMARY_RE = re.compile(r"(\d+) failed, (\d+) error\(s\) of (\d+) tests when loading database")
LOG_LEVEL_RE = re.compile(r"^\d{4}-\d\d-\d\d \d\d:\d\d:\d\d,\d+ \d+ (\w+) ")
STATS_RE = re.compile(r"odoo\.tests\.stats: (\w+): (\d+) tests")
DEMO_FAILED = "demo data failed to install"
SKIP_RE = re.compile(r" odoo\.addons\.(crm_[a-z_]+)\S*: skipped ")
# The apps and OCA addons the suite extends, whose own tests must keep passing.
PEER_MODULES = ["crm", "sales_team", "auditlog", "base_tier_validation"]
PEER_KNOWN = ROOT / "tests" / "peer_known_differences.txt"
# "... odoo.addons.crm.tests.test_x: FAIL: TestClass.test_y" and
# "... odoo.tests.suite: ERROR: setUpClass (odoo.addons.crm.tests.test_x.TestClass)"
STARTING_RE = re.compile(r" odoo\.addons\.(\w+)\.tests\.\S+: Starting (\w+)\.")
TEST_FAILURE_RE = re.compile(
    r"^\S+ \S+ \d+ ERROR \S+ (\S+): (?:FAIL|ERROR): (?:Subtest )?(\S+)(?: \((.*)\))?\s*$"
)


def log(msg):
    print(f"[crm-suite] {msg}", flush=True)


def free_port():
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        return sock.getsockname()[1]


def pg_bin(name):
    found = shutil.which(name)
    if found:
        return found
    for candidate in sorted(Path("/usr/lib/postgresql").glob(f"*/bin/{name}"), reverse=True):
        return str(candidate)
    sys.exit(
        f"[crm-suite] ERROR: PostgreSQL's {name} not found: install PostgreSQL "
        "(server binaries) or point PGHOST/PGPORT/PGUSER at a running server."
    )


class ThrowawayPostgres:
    """A PostgreSQL cluster in a temporary directory on a free local port.

    PostgreSQL refuses to run as root: as root, the cluster runs as the
    ``postgres`` system user (or ``nobody``) through runuser.
    """

    def __init__(self, workdir):
        self.dir = Path(workdir) / "pg"
        self.port = free_port()
        self.user = "odoo"
        self.as_user = []
        if os.geteuid() == 0:
            import pwd

            for name in ("postgres", "nobody"):
                try:
                    pwd.getpwnam(name)
                except KeyError:
                    continue
                self.as_user = ["runuser", "-u", name, "--"]
                self.owner = name
                break

    def _run(self, *cmd):
        subprocess.run(
            [*self.as_user, *cmd], check=True, stdout=subprocess.DEVNULL, stderr=subprocess.STDOUT
        )

    def start(self):
        self.dir.mkdir(parents=True)
        if self.as_user:
            shutil.chown(self.dir, user=self.owner)
            os.chmod(self.dir.parent, 0o755)
        data = self.dir / "data"
        self._run(
            pg_bin("initdb"),
            "-D",
            str(data),
            "-U",
            self.user,
            "-A",
            "trust",
            "-E",
            "UTF8",
            "--locale=C",
            "--no-sync",
        )
        opts = (
            f"-p {self.port} -k {self.dir} -c listen_addresses=127.0.0.1 "
            "-c fsync=off -c synchronous_commit=off -c full_page_writes=off "
            "-c max_connections=200 -c shared_buffers=256MB"
        )
        self._run(
            pg_bin("pg_ctl"),
            "-D",
            str(data),
            "-o",
            opts,
            "-l",
            str(self.dir / "server.log"),
            "-w",
            "-t",
            "60",
            "start",
        )
        log(f"PostgreSQL started on 127.0.0.1:{self.port} (data in {data})")
        return {
            "db_host": "127.0.0.1",
            "db_port": str(self.port),
            "db_user": self.user,
            "db_password": "",
        }

    def stop(self):
        data = self.dir / "data"
        if data.exists():
            subprocess.run(
                [*self.as_user, pg_bin("pg_ctl"), "-D", str(data), "-m", "immediate", "stop"],
                stdout=subprocess.DEVNULL,
                stderr=subprocess.STDOUT,
                check=False,
            )


class Result:
    def __init__(self, name):
        self.name = name
        self.passed = 0
        self.failed = 0
        self.notes = []

    def fail(self, count, note):
        self.failed += count
        self.notes.append(note)


class Suite:
    def __init__(self, args, db, workdir):
        self.args = args
        self.db = db
        self.workdir = Path(workdir)
        self.python = sys.executable
        self.odoo_src = Path(os.environ["ODOO_SRC"])
        self.logdir = Path(args.log_dir)
        self.logdir.mkdir(parents=True, exist_ok=True)
        self.results = []
        self.prefix = f"crmt{os.getpid()}"
        self.conf = self.workdir / "odoo.conf"
        site = subprocess.check_output(
            [self.python, "-c", "import sysconfig; print(sysconfig.get_paths()['purelib'])"],
            text=True,
        ).strip()
        addons_path = ",".join(
            [
                str(ROOT / "addons"),
                str(self.odoo_src / "addons"),
                str(self.odoo_src / "odoo" / "addons"),
                f"{site}/odoo/addons",
            ]
        )
        self.conf.write_text(
            "\n".join(
                [
                    "[options]",
                    f"addons_path = {addons_path}",
                    f"data_dir = {self.workdir / 'data'}",
                    *(f"{key} = {value}" for key, value in db.items()),
                    "admin_passwd = test-only",
                    "list_db = True",
                    "workers = 0",
                    "max_cron_threads = 0",
                    "without_demo = False",
                    "log_level = info",
                    "",
                ]
            )
        )

    def odoo(self, *cmd, logname, script=None):
        """Run ``odoo-bin`` (or ``script``, a wrapper taking its arguments)."""
        logfile = self.logdir / f"{logname}.log"
        http_port = free_port()
        full = [
            self.python,
            str(self.odoo_src / "odoo-bin"),
            *cmd[:1],
            "-c",
            str(self.conf),
            *cmd[1:],
        ]
        if cmd[0] != "db":
            full = [
                self.python,
                str(script or self.odoo_src / "odoo-bin"),
                "-c",
                str(self.conf),
                f"--http-port={http_port}",
                "--http-interface=127.0.0.1",
                *cmd,
            ]
        log(f"$ {Path(script).name if script else 'odoo-bin'} {' '.join(cmd)}  (log: {logfile})")
        start = time.time()
        with open(logfile, "w") as out:
            proc = subprocess.run(
                full, stdout=out, stderr=subprocess.STDOUT, check=False, cwd=str(self.workdir)
            )
        log(f"  done in {time.time() - start:.0f}s, exit code {proc.returncode}")
        return proc.returncode, logfile.read_text(errors="replace")

    # ------------------------------------------------------------------
    def phase_base(self):
        dbname = f"{self.prefix}_base"
        code, text = self.odoo(
            "-d",
            dbname,
            "-i",
            ",".join(BASE_MODULES),
            "--with-demo",
            "--stop-after-init",
            logname="00-base",
        )
        errors = self.log_errors(text)
        if code or errors:
            res = Result("base")
            res.fail(
                1 + len(errors), f"base database failed (exit {code}): " + "; ".join(errors[:3])
            )
            self.results.append(res)
            return None
        return dbname

    def duplicate(self, base, target):
        code, text = self.odoo("db", "duplicate", base, target, logname=f"dup-{target}")
        if code:
            sys.exit(f"[crm-suite] ERROR: could not duplicate {base} to {target}:\n{text[-2000:]}")

    def phase_odoo_tests(self, name, base, modules, tags, expect_modules):
        dbname = f"{self.prefix}_{name.replace(':', '_')}"
        self.duplicate(base, dbname)
        code, text = self.odoo(
            "-d",
            dbname,
            "-i",
            ",".join(modules),
            "--with-demo",
            "--test-enable",
            f"--test-tags={tags}",
            "--stop-after-init",
            logname=name.replace(":", "-"),
        )
        res = Result(name)
        match = SUMMARY_RE.findall(text)
        if not match:
            res.fail(1, f"no test summary in the log (exit code {code}): install crashed?")
        else:
            failed, errors, run = (int(x) for x in match[-1])
            skipped = SKIP_RE.findall(text)
            res.passed = max(run - failed - errors - len(skipped), 0)
            res.failed += failed + errors
            if failed or errors:
                res.notes.append(f"{failed} failed, {errors} error(s) of {run} tests")
            if run == 0:
                res.fail(1, "0 tests ran")
            if skipped:
                res.fail(len(skipped), f"skipped tests of ours: {sorted(set(skipped))}")
        stats = dict(STATS_RE.findall(text))
        for module in expect_modules:
            if int(stats.get(module, 0)) == 0:
                res.fail(1, f"no test of {module} ran")
        if "websocket-client module is not installed" in text:
            res.fail(1, "browser tours skipped: websocket-client missing")
        errors = self.log_errors(text)
        if len(errors) > res.failed:
            res.notes.append(
                f"{len(errors) - res.failed} error line(s) in the log outside test failures"
            )
            res.failed = len(errors)
        if code and not res.failed:
            res.fail(1, f"odoo-bin exited with {code}")
        self.results.append(res)
        self.report(res, errors)
        return dbname

    def phase_upgrade(self, dbname):
        code, text = self.odoo(
            "-d", dbname, "-u", ",".join(OUR_ADDONS), "--stop-after-init", logname="upgrade"
        )
        res = Result("upgrade")
        errors = self.log_errors(text)
        if code or errors:
            res.fail(max(len(errors), 1), f"upgrade failed (exit {code})")
        else:
            res.passed = 1
        self.results.append(res)
        self.report(res, errors)

    def _peer_run(self, dbname, logname):
        """The peer modules' tests, at_install then post_install, once the whole
        registry is loaded (``tools/peer_tests.py``): ``-u`` would run the
        at_install ones on a partial registry the database never runs with."""
        code, text = self.odoo(
            "-d",
            dbname,
            "--test-enable",
            "--test-tags=" + ",".join(f"/{name}" for name in PEER_MODULES),
            "--stop-after-init",
            logname=logname,
            script=ROOT / "tools" / "peer_tests.py",
        )
        match = SUMMARY_RE.findall(text)
        run = int(match[-1][2]) if match else None
        stats = {name: int(count) for name, count in STATS_RE.findall(text)}
        failures = set()
        per_class = {}
        for found in STARTING_RE.finditer(text):
            key = f"{found.group(1)}:{found.group(2)}"
            per_class[key] = per_class.get(key, 0) + 1
        for line in text.splitlines():
            found = TEST_FAILURE_RE.match(line)
            if not found:
                continue
            logger, test, where = found.groups()
            if where and where.startswith("odoo.addons."):
                # setUpClass (odoo.addons.<module>.tests.<file>.<Class>)
                module, cls = where.split(".")[2], where.rsplit(".", 1)[-1]
                failures.add(f"{module}:{cls}.{test}")
            elif logger.startswith("odoo.addons."):
                failures.add(f"{logger.split('.')[2]}:{test}")
        return code, run, stats, failures, per_class

    @staticmethod
    def peer_known_differences():
        known = {}
        for line in PEER_KNOWN.read_text().splitlines():
            line = line.strip()
            if line and not line.startswith("#"):
                test, _sep, reason = line.partition(" ")
                known[test] = reason.strip()
        return known

    def phase_peer(self, base):
        """Odoo's and OCA's own tests on a stock database, then on the suite's."""
        res = Result("peer")
        start = time.time()
        stock_db, suite_db = f"{self.prefix}_peer_stock", f"{self.prefix}_peer_suite"
        self.duplicate(base, stock_db)
        _code, stock_run, stock_stats, stock_failures, stock_classes = self._peer_run(
            stock_db, "peer-stock"
        )
        self.duplicate(base, suite_db)
        code, text = self.odoo(
            "-d",
            suite_db,
            "-i",
            ",".join(OUR_ADDONS),
            "--with-demo",
            "--stop-after-init",
            logname="peer-suite-install",
        )
        if code or self.log_errors(text):
            res.fail(1, f"suite install failed (exit {code})")
            self.results.append(res)
            self.report(res, self.log_errors(text))
            return
        _code, run, stats, failures, _classes = self._peer_run(suite_db, "peer-suite")
        known = self.peer_known_differences()
        lines = []
        if stock_run is None or run is None:
            res.fail(1, "no test summary in a peer log")
        else:
            # a class that cannot set up runs none of its tests: as many fewer
            # as the stock run ran, for the classes listed as intended
            expected = dict(stock_stats)
            for test in failures - stock_failures:
                if test.endswith(".setUpClass") and any(fnmatch(test, k) for k in known):
                    module = test.split(":")[0]
                    expected[module] = expected.get(module, 0) - stock_classes.get(
                        test.rsplit(".", 1)[0], 0
                    )
            for module in PEER_MODULES:
                if stats.get(module, 0) != expected.get(module, 0) or not stats.get(module):
                    res.fail(
                        1,
                        f"{module}: {stats.get(module, 0)} tests ran on the suite, "
                        f"{expected.get(module, 0)} expected "
                        f"({stock_stats.get(module, 0)} on stock)",
                    )
            new = failures - stock_failures
            unexpected = sorted(
                test for test in new if not any(fnmatch(test, pattern) for pattern in known)
            )
            # An entry whose reason starts with "intermittent:" may pass: it is
            # listed for a failure seen in some runs only, not as a decision.
            stale = sorted(
                pattern
                for pattern, reason in known.items()
                if not reason.startswith("intermittent:")
                and not any(fnmatch(test, pattern) for test in new)
            )
            if unexpected:
                res.fail(len(unexpected), f"{len(unexpected)} test(s) fail only on the suite")
                lines += [f"new failure: {test}" for test in unexpected]
            if stale:
                res.fail(len(stale), f"{len(stale)} listed difference(s) no longer fail")
                lines += [f"stale entry of {PEER_KNOWN.name}: {test}" for test in stale]
            res.passed = max(run - len(failures), 0)
            res.notes.append(
                f"{run} tests on the suite, {stock_run} on stock; "
                f"{len(stock_failures)} fail on stock too, {len(known)} known differences"
            )
        res.notes.append(f"{time.time() - start:.0f}s")
        self.results.append(res)
        self.report(res, lines)

    def phase_pytest(self, dbname):
        res = Result("pytest")
        junit = self.workdir / "pytest.xml"
        env = dict(os.environ, CRM_TEST_DB=dbname or "", CRM_ODOO_CONF=str(self.conf))
        cmd = [
            self.python,
            "-m",
            "pytest",
            "-q",
            "-p",
            "no:cacheprovider",
            f"--junitxml={junit}",
            str(ROOT / "tests"),
        ]
        # pytest-odoo's fixtures need a database: the suite's, all addons installed.
        if dbname:
            cmd[3:3] = [f"--odoo-database={dbname}", f"--odoo-config={self.conf}"]
        log("$ pytest tests/")
        proc = subprocess.run(
            cmd, env=env, cwd=str(ROOT), check=False, capture_output=True, text=True
        )
        (self.logdir / "pytest.log").write_text(proc.stdout + proc.stderr)
        if junit.exists():
            import xml.etree.ElementTree as ET

            suite = ET.parse(junit).getroot()
            suite = suite if suite.tag == "testsuite" else suite.find("testsuite")
            tests = int(suite.get("tests", 0))
            bad = int(suite.get("failures", 0)) + int(suite.get("errors", 0))
            skipped = int(suite.get("skipped", 0))
            res.passed = tests - bad - skipped
            res.failed = bad + skipped
            if skipped:
                res.notes.append(f"{skipped} skipped")
            if tests == 0:
                res.fail(1, "no pytest test ran")
        else:
            res.fail(1, f"pytest produced no report (exit {proc.returncode})")
        if proc.returncode not in (0,) and not res.failed:
            res.fail(1, f"pytest exited with {proc.returncode}")
        self.results.append(res)
        self.report(
            res,
            [line for line in proc.stdout.splitlines() if line.startswith(("FAILED", "ERROR"))]
            if res.failed
            else [],
        )

    def phase_lint(self):
        checks = [
            ("ruff", [self.python, "-m", "ruff", "check", "addons", "tools", "tests", "bench"]),
            (
                "ruff-format",
                [
                    self.python,
                    "-m",
                    "ruff",
                    "format",
                    "--check",
                    "addons",
                    "tools",
                    "tests",
                    "bench",
                ],
            ),
            (
                "pylint-odoo",
                [
                    self.python,
                    "-m",
                    "pylint",
                    "--rcfile=.pylintrc",
                    *[f"addons/{name}" for name in OUR_ADDONS],
                ],
            ),
        ]
        for name, cmd in checks:
            res = Result(f"lint:{name}")
            log(f"$ {' '.join(cmd[2:])}")
            proc = subprocess.run(cmd, cwd=str(ROOT), check=False, capture_output=True, text=True)
            (self.logdir / f"lint-{name}.log").write_text(proc.stdout + proc.stderr)
            if proc.returncode:
                res.fail(1, f"{name} found problems")
                self.report(res, (proc.stdout + proc.stderr).splitlines()[-40:])
            else:
                res.passed = 1
            self.results.append(res)

    # ------------------------------------------------------------------
    @staticmethod
    def log_errors(text):
        errors = []
        for line in text.splitlines():
            match = LOG_LEVEL_RE.match(line)
            if match and match.group(1) in ("ERROR", "CRITICAL"):
                errors.append(line[:300])
            elif match and DEMO_FAILED in line:
                # Odoo 19 installs a module without its demo data when the demo
                # fails, logging only a warning: that is a broken demo.
                errors.append(line[:300])
        return errors

    @staticmethod
    def report(res, lines):
        status = "ok" if not res.failed else "FAILED"
        log(
            f"{res.name}: {res.passed} passed, {res.failed} failed [{status}]"
            + (f" - {'; '.join(res.notes)}" if res.notes else "")
        )
        for line in lines[:40]:
            print(f"    {line}", flush=True)

    def run(self):
        phases = self.args.phases
        base = suite_db = None
        if phases & {"suite", "alone", "upgrade", "peer"}:
            base = self.phase_base()
        if base and "suite" in phases:
            tags = ",".join(f"/{name}" for name in OUR_ADDONS)
            suite_db = self.phase_odoo_tests("suite", base, OUR_ADDONS, tags, OUR_ADDONS)
        if base and "alone" in phases:
            for edition in self.args.editions:
                self.phase_odoo_tests(f"alone:{edition}", base, [edition], f"/{edition}", [edition])
        if suite_db and "upgrade" in phases:
            self.phase_upgrade(suite_db)
        if base and "peer" in phases:
            self.phase_peer(base)
        if "pytest" in phases:
            self.phase_pytest(suite_db)
        if "lint" in phases:
            self.phase_lint()
        passed = sum(r.passed for r in self.results)
        failed = sum(r.failed for r in self.results)
        log("summary: " + ", ".join(f"{r.name} {r.passed}/{r.failed}" for r in self.results))
        print(f"{passed} passed, {failed} failed", flush=True)
        return 1 if failed or not passed else 0


def main():
    all_phases = ["suite", "alone", "upgrade", "peer", "pytest", "lint"]
    parser = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    parser.add_argument(
        "--phases",
        default=",".join(all_phases),
        help=f"comma-separated subset of {','.join(all_phases)}",
    )
    parser.add_argument(
        "--editions",
        default=",".join(EDITIONS),
        help="comma-separated editions for the alone phase (default: all)",
    )
    parser.add_argument("--log-dir", default=str(ROOT / ".test-logs"))
    parser.add_argument(
        "--keep", action="store_true", help="keep the throwaway PostgreSQL data directory"
    )
    args = parser.parse_args()
    args.phases = set(args.phases.split(","))
    args.editions = [e for e in args.editions.split(",") if e]
    if set(args.editions) - set(EDITIONS):
        parser.error(f"unknown edition(s): {', '.join(sorted(set(args.editions) - set(EDITIONS)))}")
    unknown = args.phases - set(all_phases)
    if unknown:
        parser.error(f"unknown phase(s): {', '.join(sorted(unknown))}")

    workdir = tempfile.mkdtemp(prefix="crm-suite-test-")
    os.chmod(workdir, 0o755)
    pg = None
    if os.environ.get("PGHOST"):
        db = {
            "db_host": os.environ["PGHOST"],
            "db_port": os.environ.get("PGPORT", "5432"),
            "db_user": os.environ.get("PGUSER", "odoo"),
            "db_password": os.environ.get("PGPASSWORD", ""),
        }
        log(f"using the PostgreSQL server at {db['db_host']}:{db['db_port']}")
    else:
        pg = ThrowawayPostgres(workdir)
        db = pg.start()

    def cleanup(*_args):
        if pg:
            pg.stop()
        if not args.keep:
            shutil.rmtree(workdir, ignore_errors=True)

    signal.signal(signal.SIGTERM, lambda *a: (cleanup(), sys.exit(143)))
    try:
        code = Suite(args, db, workdir).run()
    finally:
        cleanup()
    sys.exit(code)


if __name__ == "__main__":
    main()
