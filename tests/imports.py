"""What a fresh interpreter has imported after the core answered an ordinary deadline request:
the browser downloads and starts only that, so lazily imported modules must stay out of it."""

import subprocess
import sys


def imported_by_a_deadline(module: str) -> bool:
    code = ("import sys; from conferral_core import api; "
            "api.handle({'kind': 'deadlines', 'judge': 'caed-claire', 'procedure': 'informal-conference', "
            f"'events': {{'conference': '2026-12-08T10:00'}}}}); print({module!r} in sys.modules)")
    out = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True)
    assert out.returncode == 0 and out.stdout.strip() in ("True", "False"), out.stderr
    return out.stdout.strip() == "True"
