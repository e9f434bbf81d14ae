"""Run every chapter's built notebook in real PyTorch and record what each code cell prints.

Each notebook runs top to bottom in one namespace, as a Jupyter kernel runs it ("Run all"), in
this process (PyTorch 1.13, /usr/bin/python3): a cell's stdout is kept and, when it raises, the
last line Python prints for the exception (`Type: message`). The prose's ```python blocks (those
still Markdown and those already code cells) are also run on their own, twice, under two random
seeds: a block becomes a code cell only if both runs succeed and print the same. Writes
scripts/notebook-outputs.json, which the build reads for the prose blocks and the site test
(tests/site/notebooks.test.ts) compares every built notebook's stored outputs with.

    npx astro build                                   # or a snapshot build elsewhere
    /usr/bin/python3 scripts/notebooks.py [dist]      # dist/notebooks/*.ipynb -> the JSON
    (build again when a prose block changed state, then run this again)
"""
import contextlib
import io
import json
import os
import re
import subprocess
import sys
import time
import traceback
import warnings
from pathlib import Path

import torch

FILE = Path(__file__).with_name("notebook-outputs.json")
assert torch.__version__.startswith("1.13"), f"PyTorch 1.13 expected, got {torch.__version__}"

# A ```python fence in a Markdown cell, possibly indented (inside a list item).
FENCE = re.compile(r"^([ \t]*)```python[ \t]*\n(.*?)^\1```[ \t]*$", re.S | re.M)

# Runs a program on its own after seeding torch's generator with argv[2].
SEEDED = (
    "import sys, torch\n"
    "torch.manual_seed(int(sys.argv[2]))\n"
    "exec(compile(sys.argv[1], '<prose>', 'exec'), {'__name__': '__main__'})\n"
)


def exception_line(error: BaseException) -> str:
    return traceback.format_exception_only(type(error), error)[-1].strip()


def run_cell(code: str, namespace: dict) -> dict:
    stdout, stderr = io.StringIO(), io.StringIO()
    error = None
    with contextlib.redirect_stdout(stdout), contextlib.redirect_stderr(stderr):
        with warnings.catch_warnings():
            # A kernel shows each warning (on stderr); keep them apart from stdout.
            warnings.simplefilter("default")
            warnings.showwarning = lambda message, category, filename, lineno, file=None, line=None: print(
                f"{category.__name__}: {message}", file=sys.stderr
            )
            try:
                exec(compile(code, "<cell>", "exec"), namespace)
            except Exception as caught:  # noqa: BLE001 - a cell may raise anything
                error = exception_line(caught)
    return {"stdout": stdout.getvalue(), "error": error, "stderr": stderr.getvalue()}


def run_alone(code: str, seed: int) -> subprocess.CompletedProcess:
    env = dict(os.environ, PYTHONIOENCODING="utf-8", PYTHONHASHSEED=str(seed))
    return subprocess.run(
        [sys.executable, "-c", SEEDED, code, str(seed)],
        capture_output=True, text=True, env=env, timeout=300,
    )


def try_prose(code: str) -> dict:
    first, second = run_alone(code, 1), run_alone(code, 2)
    lines = [line for line in first.stderr.splitlines() if line.strip()]
    error = (lines[-1].strip() if lines else f"exit status {first.returncode}") if first.returncode else None
    if first.returncode != 0:
        why = f"raises {error}"
    elif second.returncode != 0 or first.stdout != second.stdout:
        why = "prints differently under another random seed"
    else:
        why = None
    entry = {"code": code, "runs": why is None, "stdout": first.stdout, "error": error}
    if why is not None:
        entry["why"] = why
    return entry


def prose_blocks(cells: list) -> list:
    blocks = []
    for cell in cells:
        source = "".join(cell["source"])
        if cell["cell_type"] == "markdown":
            for match in FENCE.finditer(source):
                indent = match.group(1)
                body = "".join(line[len(indent):] if line.startswith(indent) else line
                               for line in match.group(2).splitlines(keepends=True))
                blocks.append(body.rstrip("\n") + "\n")
        elif cell.get("metadata", {}).get("notebook", {}).get("source") == "prose":
            blocks.append(source.rstrip("\n") + "\n")
    return blocks


def main() -> None:
    dist = Path(sys.argv[1] if len(sys.argv) > 1 else "dist")
    paths = sorted((dist / "notebooks").glob("*.ipynb"))
    if not paths:
        sys.exit(f"no notebooks under {dist / 'notebooks'}: build the site first")
    notebooks = {}
    started = time.perf_counter()
    for path in paths:
        book = json.loads(path.read_text())
        namespace = {"__name__": "__main__"}
        cells = []
        for cell in book["cells"]:
            if cell["cell_type"] != "code":
                continue
            code = "".join(cell["source"])
            cells.append({"id": cell["id"], "code": code, **run_cell(code, namespace)})
        notebooks[path.stem] = {"cells": cells, "prose": [try_prose(code) for code in prose_blocks(book["cells"])]}
    FILE.write_text(json.dumps({"pytorch": torch.__version__, "notebooks": notebooks}, indent=2, ensure_ascii=False) + "\n")
    count = sum(len(n["cells"]) for n in notebooks.values())
    prose = sum(len(n["prose"]) for n in notebooks.values())
    print(f"ran {count} code cells of {len(notebooks)} notebooks and {prose} prose blocks in "
          f"PyTorch {torch.__version__} ({time.perf_counter() - started:.1f} s)")


if __name__ == "__main__":
    main()
