"""HS products -> ICIO sectors (OECD ICIO 2025, ISIC Rev. 4 based), with a stated split rule.

HS6 -> ISIC Rev. 4 comes from the concordance package's table (all HS versions, many-to-many);
ISIC divisions map to the 50 ICIO sectors by the OECD's own definitions (:data:`ISIC_TO_ICIO`).
Split rule: an HS6 code that maps to several ICIO sectors is split equally among them; a
shorter code (HS2, HS4) is the equal-weight average of its HS6 codes. Goods only: HS codes
never map to service sectors.
"""

from __future__ import annotations

from functools import lru_cache

import pandas as pd

from tradedeal import datasets

# ISIC Rev. 4 division (2 digits) or group (3 digits) -> ICIO sector (OECD ICIO 2025 sector list)
ISIC_TO_ICIO: dict[str, str] = {
    "01": "A01", "02": "A02", "03": "A03", "05": "B05", "06": "B06", "07": "B07", "08": "B08",
    "09": "B09", "10": "C10T12", "11": "C10T12", "12": "C10T12", "13": "C13T15", "14": "C13T15",
    "15": "C13T15", "16": "C16", "17": "C17_18", "18": "C17_18", "19": "C19", "20": "C20",
    "21": "C21", "22": "C22", "23": "C23", "241": "C24A", "242": "C24B", "243": "C24A",
    "25": "C25", "26": "C26", "27": "C27", "28": "C28", "29": "C29", "301": "C301",
    "302": "C302T309", "303": "C302T309", "304": "C302T309", "309": "C302T309", "31": "C31T33",
    "32": "C31T33", "33": "C31T33", "35": "D", "36": "E", "37": "E", "38": "E", "39": "E",
    "58": "J58T60", "59": "J58T60", "90": "R", "91": "R",
}
SPLIT_RULE = ("HS6 -> ISIC Rev. 4 (concordance package); an HS6 mapping to several ICIO sectors is "
              "split equally among them; HS2/HS4 codes average their HS6 codes with equal weights")


def _icio_of(isic4_3d: str, isic4_2d: str) -> str | None:
    return ISIC_TO_ICIO.get(str(isic4_3d)) or ISIC_TO_ICIO.get(str(isic4_2d))


@lru_cache(maxsize=1)
def hs6_to_sector() -> pd.DataFrame:
    """Tidy (hs6, sector, weight); weights of an HS6 sum to 1."""

    t = datasets.load("hs6_isic4", columns=["hs6", "isic4_3d", "isic4_2d"]).dropna()
    t["sector"] = [_icio_of(a, b) for a, b in zip(t["isic4_3d"], t["isic4_2d"])]
    t = t.dropna(subset=["sector"]).drop_duplicates(["hs6", "sector"])
    t["weight"] = 1.0 / t.groupby("hs6")["sector"].transform("size")
    return t[["hs6", "sector", "weight"]].reset_index(drop=True)


def sector_weights(codes: pd.Series) -> pd.DataFrame:
    """Tidy (code, sector, weight) for HS codes of any length >= 2 (weights sum to 1 per code
    that maps; codes that map to nothing are absent)."""
    table = hs6_to_sector()
    out = []
    for length in sorted(codes.str.len().unique()):
        sub = pd.Series(codes[codes.str.len() == length].unique())
        if length >= 6:
            m = pd.DataFrame({"code": sub, "hs6": sub.str.slice(0, 6)}).merge(table, on="hs6")
            out.append(m[["code", "sector", "weight"]])
            continue
        pref = table.assign(code=table["hs6"].str.slice(0, length))
        pref = pref[pref["code"].isin(set(sub))]
        n6 = pref.groupby("code")["hs6"].nunique()
        g = pref.groupby(["code", "sector"], as_index=False)["weight"].sum()
        g["weight"] = g["weight"] / g["code"].map(n6)
        out.append(g)
    return pd.concat(out, ignore_index=True) if out else pd.DataFrame(columns=["code", "sector", "weight"])
