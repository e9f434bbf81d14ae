"""Run every cell program in scripts/cell-programs.json in real PyTorch and record what it prints.

Each program runs in its own /usr/bin/python3 process (PyTorch 1.13); its stdout is kept and, when
it raises, the last line of the traceback (`Type: message`) is appended. CI only reads the JSON.

    npm run cell-programs                      # writes the programs
    /usr/bin/python3 scripts/cell-programs.py  # runs them, fills in "printed"
"""
import json
import os
import subprocess
import sys
from pathlib import Path

import torch

FILE = Path(__file__).with_name("cell-programs.json")
assert torch.__version__.startswith("1.13"), f"PyTorch 1.13 expected, got {torch.__version__}"


def run(code: str) -> str:
    env = dict(os.environ, PYTHONIOENCODING="utf-8", PYTHONHASHSEED="0")
    done = subprocess.run(
        [sys.executable, "-c", code], capture_output=True, text=True, env=env, timeout=120
    )
    printed = done.stdout
    if done.returncode != 0:
        lines = [line for line in done.stderr.splitlines() if line.strip()]
        printed += (lines[-1] if lines else f"exit status {done.returncode}") + "\n"
    return printed.removesuffix("\n")


def main() -> None:
    entries = json.loads(FILE.read_text())
    for entry in entries:
        entry["printed"] = run(entry["code"])
    FILE.write_text(json.dumps(entries, indent=2, ensure_ascii=False) + "\n")
    print(f"ran {len(entries)} programs in PyTorch {torch.__version__}")


if __name__ == "__main__":
    main()
