"""Shared parts of scripts/bench-index, scripts/bench-query and scripts/eval-relevance:
finding the binaries, preparing corpora, running a tool while measuring it, tables."""
import hashlib
import json
import os
import platform
import re
import shutil
import subprocess
import sys
import time

HERE = os.path.dirname(os.path.abspath(__file__))
ROOT = os.path.dirname(os.path.dirname(HERE))
sys.path.insert(0, HERE)
import gen_corpus  # noqa: E402

WORK = os.environ.get("NEWSDEX_BENCH_WORK", "/tmp/newsdex-bench")
BBC = os.path.join(ROOT, "..", "shared", "corpora", "bbc")


class BenchError(Exception):
    """Something the benchmark cannot go on without; the scripts exit 2 on it."""


def die(message):
    print(f"{os.path.basename(sys.argv[0])}: {message}", file=sys.stderr)
    sys.exit(2)


class Tools:
    """Paths of the binaries, from --build DIR (newsdex tools at DIR, bench programs at DIR/scripts/bench)."""

    def __init__(self, build):
        # Relative to the current folder when it exists there, else to the project root.
        self.build = os.path.abspath(build if os.path.exists(build) else os.path.join(ROOT, build))
        self.index = self._find("newsdex-index")
        self.query = self._find("newsdex-query")
        self.xapian_index = self._find("xapian_baseline_index", bench=True)
        self.fts5_index = self._find("fts5_baseline", bench=True)
        self.query_bench = self._find("query_bench", bench=True)
        self._help = None

    def _find(self, name, bench=False):
        candidates = [os.path.join(self.build, "scripts", "bench", name), os.path.join(self.build, name)] if bench \
            else [os.path.join(self.build, name)]
        for path in candidates:
            if os.access(path, os.X_OK):
                return path
        hint = " (the lead adds add_subdirectory(scripts/bench) to CMakeLists.txt; until then build " \
               "scripts/bench standalone into BUILD/scripts/bench, see scripts/bench/CMakeLists.txt)" if bench else ""
        raise BenchError(f"{name} not found in {self.build}{hint}")

    def index_help(self):
        if self._help is None:
            self._help = subprocess.run([self.index, "--help"], capture_output=True, text=True).stdout
        return self._help

    def has_threads(self):
        return "--threads" in self.index_help()


def corpus_bytes(folder):
    total, files = 0, 0
    for base, _, names in os.walk(folder):
        for name in names:
            if name.lower().endswith((".txt", ".md")):
                total += os.path.getsize(os.path.join(base, name))
                files += 1
    return total, files


def disk_usage(path):
    """Bytes on disk, as du counts them (allocated blocks)."""
    if os.path.isfile(path):
        return os.stat(path).st_blocks * 512
    total = 0
    for base, _, names in os.walk(path):
        for name in names:
            total += os.lstat(os.path.join(base, name)).st_blocks * 512
    return total


def warm_page_cache(folder):
    """Reads every file once so that all systems start from the same (warm) cache."""
    for base, _, names in os.walk(folder):
        for name in names:
            with open(os.path.join(base, name), "rb") as f:
                while f.read(1 << 20):
                    pass


def synthetic_corpus(size, seed=42, quiet=False):
    """The generated corpus of `size` articles, made once in WORK and reused."""
    folder = os.path.join(WORK, f"corpus-{size}-s{seed}")
    manifest = folder + ".manifest.json"
    if os.path.exists(manifest):
        return folder
    if os.path.exists(folder):
        shutil.rmtree(folder)
    os.makedirs(WORK, exist_ok=True)
    started = time.perf_counter()
    gen_corpus.generate(size, folder, seed)
    if not quiet:
        print(f"generated {size} articles in {folder} ({time.perf_counter() - started:.1f} s)", file=sys.stderr)
    return folder


def corpus_key(folder):
    folder = os.path.abspath(folder)
    digest = hashlib.sha1(folder.encode()).hexdigest()[:8]
    return f"{os.path.basename(folder.rstrip('/'))}-{digest}"


def index_dir(folder):
    """Where the indexes of a corpus live (reused by bench-query)."""
    return os.path.join(WORK, "indexes", corpus_key(folder))


def measure_rss(command):
    """Runs a command with its output captured to a file; returns (status, seconds, peak RSS bytes, stdout, stderr)."""
    import tempfile
    with tempfile.TemporaryFile() as out, tempfile.TemporaryFile() as err:
        started = time.perf_counter()
        process = subprocess.Popen(command, stdout=out, stderr=err)
        _, status, usage = os.wait4(process.pid, 0)
        seconds = time.perf_counter() - started
        process.returncode = os.waitstatus_to_exitcode(status)
        out.seek(0)
        err.seek(0)
        measure_rss.last_cpu_seconds = usage.ru_utime + usage.ru_stime
        return (process.returncode, seconds, usage.ru_maxrss * 1024,
                out.read().decode(errors="replace"), err.read().decode(errors="replace"))


def machine():
    cpu = "unknown"
    try:
        with open("/proc/cpuinfo") as f:
            for line in f:
                if line.startswith("model name"):
                    cpu = line.split(":", 1)[1].strip()
                    break
    except OSError:
        pass
    mem = ""
    try:
        mem = subprocess.run(["free", "-h"], capture_output=True, text=True).stdout.splitlines()[1].split()[1]
    except (OSError, IndexError):
        pass
    return {"cpu": cpu, "cores": os.cpu_count(), "memory": mem, "kernel": platform.release(),
            "date": time.strftime("%Y-%m-%d %H:%M %Z"), "loadavg_start": [round(x, 2) for x in os.getloadavg()]}


def table(headers, rows, aligns=None):
    """A plain-text table; numbers right-aligned."""
    cells = [[str(h) for h in headers]] + [[str(c) for c in row] for row in rows]
    widths = [max(len(r[i]) for r in cells) for i in range(len(headers))]
    if aligns is None:
        aligns = ["<"] + [">"] * (len(headers) - 1)
    lines = []
    for n, row in enumerate(cells):
        lines.append("  ".join(f"{c:{a}{w}}" for c, a, w in zip(row, aligns, widths)).rstrip())
        if n == 0:
            lines.append("  ".join("-" * w for w in widths))
    return "\n".join(lines)


def write_json(path, data):
    if not path:
        return
    with open(path, "w") as f:
        json.dump(data, f, indent=2)
        f.write("\n")


# --- reading articles in Python (for query sampling), same rules as corpus_files.h

HEADER = re.compile(r"^([A-Za-z][A-Za-z _-]{0,23}):\s*(.*)$")


def read_article(path):
    with open(path, "rb") as f:
        text = f.read().decode("utf-8", errors="replace")
    lines = text.replace("\r\n", "\n").split("\n")
    title, date, i = "", "", 0
    if path.endswith(".md") and lines and lines[0] == "---":
        i = 1
        while i < len(lines) and lines[i] not in ("---", "..."):
            m = HEADER.match(lines[i])
            if m and m.group(1).lower() == "title":
                title = m.group(2).strip().strip('"\'')
            elif m and m.group(1).lower() == "date":
                date = m.group(2).strip()
            i += 1
        i += 1
    elif not path.endswith(".md"):
        j, fields = 0, {}
        while j < len(lines) and HEADER.match(lines[j]):
            m = HEADER.match(lines[j])
            fields[m.group(1).lower()] = m.group(2).strip()
            j += 1
        if "title" in fields and (j == len(lines) or not lines[j].strip()):
            title, date, i = fields["title"], fields.get("date", ""), j
    while i < len(lines) and not lines[i].strip():
        i += 1
    if i < len(lines) and (not title or lines[i].startswith("# ")):
        if not title:
            title = lines[i].lstrip("# ").strip()
        i += 1
    return title, date, "\n".join(lines[i:])
