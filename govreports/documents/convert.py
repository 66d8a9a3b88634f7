"""Running LibreOffice headless (and other converter binaries) on bytes.

Every call gets its own temporary directory, removed afterwards whatever happens, holding the input, the
output and a LibreOffice user profile: soffice refuses to start a second instance on a profile that is in use,
so a private profile is what lets worker processes convert in parallel. Every call has a timeout.

/usr/bin/soffice is a shell script that execs oosplash, which starts soffice.bin: killing the process we
started would leave soffice.bin running (and writing its profile back into the removed temporary directory).
So every converter starts in a session of its own, and on a time-out the whole process group is killed and
waited for before the directory is removed. A time-out raises ConversionTimedOut (a ConversionFailed whose
message says "timed out"), so callers can tell it from a file the converter cannot read.
"""

from __future__ import annotations

import contextlib
import os
import shutil
import signal
import subprocess
import tempfile
import time
from pathlib import Path

SOFFICE_TIMEOUT = 120.0  # a first start with a fresh profile takes 1–3 s; big spreadsheets take longer
# The Debian packages that provide each binary (what the Makefile installs).
PACKAGES = {
    "soffice": "libreoffice-writer-nogui (and libreoffice-calc-nogui for spreadsheets)",
    "catdoc": "catdoc",
    "antiword": "antiword",
}


class ConverterMissing(Exception):
    """The converter binary is not on PATH."""

    def __init__(self, binary: str) -> None:
        self.binary = binary
        package = PACKAGES.get(binary, binary)
        super().__init__(f"{binary} is not installed (Debian package: {package})")


class ConversionFailed(Exception):
    """The converter ran but produced nothing usable (or timed out)."""


class ConversionTimedOut(ConversionFailed):
    """The converter did not finish in time; its process group has been killed. The message says "timed out"."""


def _kill_group(proc: subprocess.Popen, grace: float = 2.0) -> None:
    """SIGKILL the process group proc leads (it was started with start_new_session) and wait for it: for proc
    itself, and until no process is left in the group (children reparented elsewhere are reaped there)."""
    with contextlib.suppress(ProcessLookupError, PermissionError):
        os.killpg(proc.pid, signal.SIGKILL)
    proc.wait()
    deadline = time.monotonic() + grace
    while time.monotonic() < deadline and _group_alive(proc.pid):
        time.sleep(0.01)


def _group_alive(pgid: int) -> bool:
    """Whether any process that is not a zombie is still in the process group (Linux: /proc; elsewhere
    kill(0), which counts zombies too)."""
    try:
        os.killpg(pgid, 0)
    except ProcessLookupError:
        return False
    except PermissionError:
        return True
    try:
        entries = os.listdir("/proc")
    except OSError:
        return True
    for entry in entries:
        if not entry.isdigit():
            continue
        try:
            with open(f"/proc/{entry}/stat", "rb") as fh:
                stat = fh.read()
        except OSError:
            continue
        fields = stat[stat.rfind(b")") + 2 :].split()  # after "pid (comm) ": state ppid pgrp ...
        if len(fields) > 2 and fields[2] == str(pgid).encode() and fields[0] != b"Z":
            return True
    return False


def _run(command: list[str], timeout: float, name: str, env: dict[str, str] | None = None) -> tuple[int, bytes, bytes]:
    """Run command in a new session; (returncode, stdout, stderr). ConversionTimedOut after timeout seconds,
    with the whole process group killed and gone."""
    proc = subprocess.Popen(
        command,
        stdin=subprocess.DEVNULL,
        stdout=subprocess.PIPE,
        stderr=subprocess.PIPE,
        env=env,
        start_new_session=True,
    )
    try:
        stdout, stderr = proc.communicate(timeout=timeout)
    except subprocess.TimeoutExpired as exc:
        _kill_group(proc)
        try:  # drain and close the pipes; a process that left the group could hold them open
            proc.communicate(timeout=1.0)
        except subprocess.TimeoutExpired:
            for pipe in (proc.stdout, proc.stderr):
                if pipe is not None:
                    pipe.close()
        raise ConversionTimedOut(f"{name} timed out after {timeout:g} s") from exc
    except BaseException:
        _kill_group(proc)
        raise
    return proc.returncode, stdout, stderr


def find_binary(name: str) -> str | None:
    return shutil.which(name)


def soffice_convert(data: bytes, in_ext: str, out_format: str, timeout: float = SOFFICE_TIMEOUT) -> bytes:
    """Convert data (a file whose type the extension in_ext names, e.g. "doc") with
    ``soffice --headless --convert-to out_format`` (e.g. "docx", "doc:MS Word 97", "xls:MS Excel 97");
    returns the converted file's bytes."""
    binary = find_binary("soffice") or find_binary("libreoffice")
    if binary is None:
        raise ConverterMissing("soffice")
    with tempfile.TemporaryDirectory(prefix="govreports-soffice-") as tmp:
        work = Path(tmp)
        source = work / f"input.{in_ext}"
        source.write_bytes(data)
        outdir = work / "out"
        outdir.mkdir()
        command = [
            binary,
            f"-env:UserInstallation={(work / 'profile').as_uri()}",
            "--headless",
            "--norestore",
            "--nolockcheck",
            "--convert-to",
            out_format,
            "--outdir",
            str(outdir),
            str(source),
        ]
        env = dict(os.environ, HOME=tmp)  # LibreOffice may also write below $HOME
        _, stdout, stderr = _run(command, timeout, "soffice", env)
        outputs = [p for p in outdir.iterdir() if p.is_file()]
        if not outputs:
            detail = (stderr or stdout).decode("utf-8", "replace").strip().splitlines()
            raise ConversionFailed("soffice produced no output" + (f": {detail[-1]}" if detail else ""))
        return outputs[0].read_bytes()


def run_text_tool(command: list[str], data: bytes, suffix: str, timeout: float = 30.0) -> str:
    """Run a text extractor such as ``catdoc -d utf-8`` on data written to a temporary file; its stdout."""
    binary = find_binary(command[0])
    if binary is None:
        raise ConverterMissing(command[0])
    with tempfile.TemporaryDirectory(prefix="govreports-conv-") as tmp:
        source = Path(tmp) / f"input{suffix}"
        source.write_bytes(data)
        returncode, stdout, stderr = _run([binary, *command[1:], str(source)], timeout, command[0])
        if returncode != 0:
            detail = stderr.decode("utf-8", "replace").strip().splitlines()
            raise ConversionFailed(f"{command[0]} failed" + (f": {detail[-1]}" if detail else ""))
        return stdout.decode("utf-8", "replace")
