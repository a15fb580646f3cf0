"""The regime's public functions: a compiled regime (cached by content in the process and on
disk), the duty of one line and why, a fast lookup.

>>> from tradedeal.regime.api import compiled, duty
>>> duty("6109.10.0012", "IND", "2025-09-01")
"""

from __future__ import annotations

import hashlib
from datetime import date
from pathlib import Path

from tradedeal.datasets import user_index
from tradedeal.regime import cache, inputs, lines
from tradedeal.regime.arrays import Compiled, Options
from tradedeal.regime.compile import CompileInputs, compile_arrays
from tradedeal.regime.folders import default_importer, regime_folder
from tradedeal.regime.lines import LineDuty, as_date, covered, lookup, resolve_codes, verified_note
from tradedeal.regime.loader import Regime, load_regime
from tradedeal.tables import TableResult

_INPUTS: dict[tuple, CompileInputs] = {}


def _inputs(regime: Regime) -> CompileInputs:
    """The arrays the regime refers to: gathered once per regime folder state and user data,
    kept in the process and on disk."""
    k = cache.inputs_key(regime.folder, user_index.fingerprint("tariff"))
    got = _INPUTS.get(k)
    if got is None:
        got = cache.load_inputs(k)
        if got is None:
            got = inputs.gather(regime)
            cache.save_inputs(k, got)
        _INPUTS[k] = got
    return got


def compiled(importer: str | None = None, folder: str | Path | None = None, options: Options = Options()) -> Compiled:
    """The compiled regime of ``importer`` (shipped) or of ``folder``: from the process, else
    from the disk cache, else compiled (and cached). A change to a regime file, a dataset it
    reads, the user's imported tariffs it reads, or the options is a new regime."""
    path = regime_folder(folder, importer if importer or folder else default_importer())
    got = cache.cached(path, options)
    if got is not None:
        return got
    regime = load_regime(path)
    inp = _inputs(regime)
    k = cache.key(path, options)
    entry = cache.Entry(compile_arrays(regime, inp, options, key=k), inp.datasets, inp.store)
    cache.remember(k, entry)
    cache.save_model(k, regime)
    return entry.compiled


def regime_of(c: Compiled) -> Regime:
    """The validated regime a compiled regime was built from: at hand, or from the disk cache
    (kept there beside the compiled regime), or read again from its folder."""
    if c.source is not None:
        return c.source
    got = cache.load_model(c.key) if c.key else None
    return got if isinstance(got, Regime) and got.folder == c.folder else load_regime(c.folder)


def compile_regime(regime: Regime, options: Options = Options(), reuse: Compiled | None = None) -> Compiled:
    """A regime (for example one edited by a scenario) compiled over the inputs of its folder;
    ``reuse``: a compiled regime of the same folder and options whose unchanged measures are
    copied. Cached in the process and on disk by the content of its measures, its folder's
    inputs and the options."""
    store = user_index.fingerprint("tariff")
    body = repr((cache.key(regime.folder, options), cache.inputs_key(regime.folder, store),
                 [m.model_dump_json() for m in regime.measures], [r.model_dump_json() for r in regime.rules],
                 regime.header.model_dump_json()))
    k = "regime-" + hashlib.sha256(body.encode()).hexdigest()[:24]
    entry = cache.in_memory(k) or cache.load(k)
    if entry is None:
        inp = _inputs(regime)
        entry = cache.Entry(compile_arrays(regime, inp, options, reuse=reuse, key=k), inp.datasets, inp.store)
    cache.remember(k, entry, disk=not cache.stored(k))
    return entry.compiled


def duty(code: str, origin: str, on: str | date, importer: str | None = None,
         loaded: str | date | None = None, c: Compiled | None = None) -> TableResult:
    """Every measure applied or excluded on ``code`` from ``origin`` entered on ``on``, and the
    total (see :func:`tradedeal.regime.lines.duty`)."""
    return lines.duty(code, origin, on, c or compiled(importer), loaded)


__all__ = ["LineDuty", "as_date", "compile_regime", "covered", "compiled", "duty", "lookup", "regime_of", "resolve_codes",
           "verified_note"]
