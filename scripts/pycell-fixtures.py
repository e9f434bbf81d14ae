#!/usr/bin/python3
"""Reference outputs for the PyTorch cell's interpreter (src/pycell/), recorded in real PyTorch.

Run it from anywhere (paths follow the script); it needs Debian's PyTorch 1.13:

    npm run pycell-fixtures        # = /usr/bin/python3 scripts/pycell-fixtures.py

It runs every program under src/pycell/fixtures/programs/<group>/<name>.py and every example of
the /pytorch-cell/ page (src/pycell/examples.ts, read through the project's Node) as a notebook
cell would: each in a fresh namespace, stdout captured, and for an uncaught exception the last
line Python prints for it (`traceback.format_exception_only`, stripped: `IndexError: Target 5 is
out of bounds.`). Warnings go to stderr in Python and are not recorded. It writes
src/pycell/fixtures/expected.json: {"generator", "torch", "programs", "examples"}, each entry
{"id", "code", "stdout", "error"} with error null when the program ran to its end. CI reads only
the JSON; src/pycell/fixtures.test.ts replays every entry through runProgram. A re-run writes a
byte-identical file.

Programs stay deterministic (no random numbers) and inside the cell's Python subset (no def,
lambda, class, comprehension, while or try; imports of torch and math only).
"""
import contextlib
import io
import json
import subprocess
import sys
import traceback
from pathlib import Path

import torch

ROOT = Path(__file__).resolve().parent.parent
PROGRAMS = ROOT / 'src' / 'pycell' / 'fixtures' / 'programs'
EXAMPLES = ROOT / 'src' / 'pycell' / 'examples.ts'
OUT = ROOT / 'src' / 'pycell' / 'fixtures' / 'expected.json'
NODE = ROOT / 'node_modules' / '.bin' / 'node'
GENERATOR = 'scripts/pycell-fixtures.py'
# Constructs the cell refuses; a fixture using one would record an answer the cell never gives.
OUTSIDE_SUBSET = ('def ', 'lambda', 'class ', 'while ', 'try:', 'randn', 'rand(', 'import warnings')

assert torch.__version__.startswith('1.13'), f'PyTorch 1.13 expected, got {torch.__version__}'


def run(code: str) -> dict:
    """Runs one program in a fresh namespace, as a fresh notebook kernel would."""
    # Per-run state a program could change: grad mode (restored by no_grad's __exit__ anyway)
    # and the default dtype (no program sets it; checked so a leak would fail loudly).
    torch.set_grad_enabled(True)
    assert torch.get_default_dtype() == torch.float32
    stdout = io.StringIO()
    error = None
    with contextlib.redirect_stdout(stdout):
        try:
            exec(compile(code, '<cell>', 'exec'), {'__name__': '__main__'})
        except Exception as exception:  # noqa: BLE001 - every uncaught exception is the record
            error = traceback.format_exception_only(type(exception), exception)[-1].strip()
    return {'stdout': stdout.getvalue(), 'error': error}


def programs() -> list:
    """Every fixture program, by id <group>/<name>, in path order."""
    found = []
    for path in sorted(PROGRAMS.glob('*/*.py')):
        code = path.read_text()
        used = [construct for construct in OUTSIDE_SUBSET if construct in code]
        assert not used, f'{path}: outside the cell subset: {used}'
        found.append((f'{path.parent.name}/{path.stem}', code))
    return found


def examples() -> list:
    """The page's examples, as src/pycell/examples.ts exports them."""
    script = (
        f'import({json.dumps(EXAMPLES.as_uri())})'
        '.then((m) => process.stdout.write(JSON.stringify(m.EXAMPLES)))'
    )
    done = subprocess.run(
        [str(NODE), '--no-warnings', '-e', script], capture_output=True, text=True, check=True
    )
    return [(entry['id'], entry['code']) for entry in json.loads(done.stdout)]


def record(entries: list) -> list:
    """Each program with what PyTorch printed; ids must be unique."""
    ids = [entry_id for entry_id, _ in entries]
    assert len(set(ids)) == len(ids), 'duplicate ids'
    return [{'id': entry_id, 'code': code, **run(code)} for entry_id, code in entries]


def main() -> None:
    torch.set_num_threads(1)
    data = {
        'generator': GENERATOR,
        'torch': torch.__version__,
        'programs': record(programs()),
        'examples': record(examples()),
    }
    OUT.write_text(json.dumps(data, indent=2, ensure_ascii=False) + '\n')
    for key in ('programs', 'examples'):
        raised = sum(1 for entry in data[key] if entry['error'] is not None)
        print(f'{key}: {len(data[key])} ({raised} raise)')


if __name__ == '__main__':
    sys.exit(main())
