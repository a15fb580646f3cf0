"""Read a user's delimited text file into strings, remembering each row's line.

Accepted: UTF-8 (with or without BOM), Windows-1252 / Latin-1; comma, tab or
semicolon separated; plain, gzip-compressed, or a zip holding exactly one text
file. Every cell is read as a string (so ``'0101'`` keeps its zeros and the
ISO2 code ``'NA'`` stays Namibia); empty cells become NaN. Line numbers count
the header as line 1; blank lines are dropped but keep the numbering.
"""

from __future__ import annotations

import gzip
import hashlib
import io
import re
import zipfile
from dataclasses import dataclass
from pathlib import Path

import numpy as np
import pandas as pd

from tradedeal.errors import InputFileError

_EXCEL_HINT = "save the sheet as CSV (File > Save As > CSV UTF-8) and import the CSV"


@dataclass(frozen=True)
class RawTable:
    """A file's cells as strings, its header keys and the line of each row."""

    file: str            # the path as given, for messages
    frame: pd.DataFrame  # original header names; object dtype; NaN for empty
    keys: dict[str, str]  # normalised header key -> original column name
    lines: np.ndarray    # 1-based file line of each row (header = 1)
    sha256: str
    encoding: str
    delimiter: str

    def column(self, *keys: str) -> pd.Series | None:
        """The first column whose normalised header is one of ``keys``."""
        for k in keys:
            if k in self.keys:
                return self.frame[self.keys[k]]
        return None

    def has(self, *keys: str) -> bool:
        return any(k in self.keys for k in keys)


def norm_key(header: str) -> str:
    """Header name reduced to lower-case letters and digits:
    ``'Trade Value (US$)'`` -> ``'tradevalueus'``."""
    return re.sub(r"[^a-z0-9]", "", str(header).lower())


def file_sha256(data: bytes) -> str:
    return hashlib.sha256(data).hexdigest()


def _unpack(name: str, data: bytes) -> bytes:
    if data[:2] == b"\x1f\x8b":
        try:
            return gzip.decompress(data)
        except (OSError, EOFError) as exc:
            raise InputFileError(name, f"the gzip file cannot be decompressed ({exc})",
                                 hint="download the file again") from exc
    if data[:4] == b"PK\x03\x04":
        try:
            return _unzip(name, data)
        except (zipfile.BadZipFile, RuntimeError, OSError) as exc:  # damaged, or encrypted members
            raise InputFileError(name, f"the zip file is damaged or encrypted ({exc})",
                                 hint="download the file again, or unzip it and import the CSV") from None
    if data[:8] == b"\xd0\xcf\x11\xe0\xa1\xb1\x1a\xe1":
        raise InputFileError(name, "this is an old-style Excel (.xls) workbook, not a CSV file",
                             hint=_EXCEL_HINT)
    return data


def _decode(name: str, data: bytes) -> tuple[str, str]:
    if b"\x00" in data[:4096]:
        raise InputFileError(name, "this is not a text file (it contains NUL bytes; UTF-16?)",
                             hint="save it as CSV in UTF-8")
    try:
        return data.decode("utf-8-sig"), "utf-8"
    except UnicodeDecodeError:
        pass
    try:
        return data.decode("cp1252"), "cp1252"
    except UnicodeDecodeError:
        return data.decode("latin-1"), "latin-1"


def _delimiter(header_line: str) -> str:
    counts = {d: header_line.count(d) for d in ("\t", ",", ";")}
    if counts["\t"] >= max(counts[","], 1):
        return "\t"
    if counts[","] == 0 and counts[";"] > 0:
        return ";"
    return ","


def read_table(path: str | Path) -> RawTable:
    """Read ``path``; raises :class:`InputFileError` for unreadable or empty files."""
    name = str(path)
    p = Path(path)
    if not p.exists():
        raise InputFileError(name, "file not found", hint="check the path")
    if p.is_dir():
        raise InputFileError(name, "this is a folder, not a file", hint="give the path of one CSV file")
    raw = p.read_bytes()
    sha = file_sha256(raw)
    text, encoding = _decode(name, _unpack(name, raw))
    if not text.strip():
        raise InputFileError(name, "the file is empty", hint="download the data again; "
                             "the file must start with a header row")
    header_line = text.lstrip("\r\n").splitlines()[0]
    sep = _delimiter(header_line)
    leading_blank = len(text) - len(text.lstrip("\r\n"))
    first_line = 1 + text[:leading_blank].count("\n")
    try:
        frame = pd.read_csv(io.StringIO(text[leading_blank:]), sep=sep, dtype=str,
                            keep_default_na=False, na_values=[""], skip_blank_lines=False,
                            index_col=False, engine="c")
    except pd.errors.ParserError as exc:
        raise InputFileError(name, f"the file is not a well-formed delimited table: {exc}",
                             hint="check the quoting and the number of fields on the line named") from exc
    except pd.errors.EmptyDataError as exc:
        raise InputFileError(name, "the file is empty", hint="the file must start with a header row") from exc
    frame.columns = [str(c).strip() for c in frame.columns]
    lines = np.arange(len(frame), dtype=np.int64) + first_line + 1
    for col in frame.columns:
        s = frame[col]
        if s.dtype == object:
            frame[col] = s.str.strip().replace("", np.nan)
    blank = frame.isna().all(axis=1).to_numpy()
    if blank.any():
        frame = frame.loc[~blank].reset_index(drop=True)
        lines = lines[~blank]
    keys: dict[str, str] = {}
    for col in frame.columns:
        keys.setdefault(norm_key(col), col)
    return RawTable(file=name, frame=frame, keys=keys, lines=lines, sha256=sha,
                    encoding=encoding, delimiter=sep)


def _unzip(name: str, data: bytes) -> bytes:
    with zipfile.ZipFile(io.BytesIO(data)) as zf:
        members = [m for m in zf.namelist() if not m.endswith("/") and not m.startswith("__MACOSX")]
        if "[Content_Types].xml" in members or any(m.startswith("xl/") for m in members):
            raise InputFileError(name, "this is an Excel workbook, not a CSV file", hint=_EXCEL_HINT)
        if len(members) != 1:
            raise InputFileError(name, f"the zip file holds {len(members)} files; expected one CSV",
                                 hint="unzip it and import each CSV file on its own")
        return zf.read(members[0])
