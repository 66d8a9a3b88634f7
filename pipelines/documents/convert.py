"""Running LibreOffice headless (and other converter binaries) on bytes.

Every call gets its own temporary directory, removed afterwards whatever happens, holding the input, the
output and a LibreOffice user profile: soffice refuses to start a second instance on a profile that is in use,
so a private profile is what lets worker processes convert in parallel. Every call has a timeout.
"""

from __future__ import annotations

import os
import shutil
import subprocess
import tempfile
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
        try:
            proc = subprocess.run(
                command, capture_output=True, timeout=timeout, env=env, stdin=subprocess.DEVNULL, check=False
            )
        except subprocess.TimeoutExpired as exc:
            raise ConversionFailed(f"soffice timed out after {timeout:.0f} s") from exc
        outputs = [p for p in outdir.iterdir() if p.is_file()]
        if not outputs:
            detail = (proc.stderr or proc.stdout).decode("utf-8", "replace").strip().splitlines()
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
        try:
            proc = subprocess.run(
                [binary, *command[1:], str(source)],
                capture_output=True,
                timeout=timeout,
                stdin=subprocess.DEVNULL,
                check=False,
            )
        except subprocess.TimeoutExpired as exc:
            raise ConversionFailed(f"{command[0]} timed out after {timeout:.0f} s") from exc
        if proc.returncode != 0:
            detail = proc.stderr.decode("utf-8", "replace").strip().splitlines()
            raise ConversionFailed(f"{command[0]} failed" + (f": {detail[-1]}" if detail else ""))
        return proc.stdout.decode("utf-8", "replace")
