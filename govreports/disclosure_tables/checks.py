"""The identities of table 三 (never altering a number) and the summary.

Per column: 一 + 二 = （七）总计 + 四, and （七）总计 = the sum of the leaf rows of 三; per row: 总计 = the sum of
the six applicant columns. A check whose cells are missing or hold no number is recorded as failed with
``missing`` naming them: the identity is then not confirmed. Failed checks list their ``cells``.
"""

from __future__ import annotations

from govreports.disclosure_tables import labels as L

CHECK_BALANCE = "一+二=（七）总计+四"
CHECK_LEAVES = "（七）总计=各项办理结果之和"
CHECK_ROW = "总计=六类申请人之和"


def run_checks(values: dict[tuple[str, str], int | float | None], template: str,
               present: set[tuple[str, str]]) -> list[dict]:
    """values: (row key, column) → value for table 三; present: the (row key, column) cells found at all."""
    leaves = L.leaf_keys(template) if template else _leaves_found(present)
    checks = []

    def ref(key: str, column: str) -> dict:
        return {"row": L.ROWS_3[key], "column": column, "value": values.get((key, column))}

    def add(name: str, column: str, left: list[tuple[str, str]], right: list[tuple[str, str]], **extra) -> None:
        item: dict = {"check": name, "column": column, **extra}
        missing = [key for key in left + right if values.get(key) is None]
        if missing:
            item.update(ok=False, left=None, right=None,
                        missing=[f"{L.ROWS_3[k]}/{c}" for k, c in missing])
        else:
            lsum = sum(values[x] for x in left)
            rsum = sum(values[x] for x in right)
            item.update(ok=lsum == rsum, left=lsum, right=rsum)
        if not item["ok"]:  # a failure names every cell it involves; a check that holds needs no list
            item["cells"] = [ref(k, c) for k, c in left + right]
        checks.append(item)

    for column in L.COLUMNS_3:
        add(CHECK_BALANCE, column, [("一", column), ("二", column)], [("三(七)", column), ("四", column)])
    for column in L.COLUMNS_3:
        add(CHECK_LEAVES, column, [("三(七)", column)], [(k, column) for k in leaves])
    total = L.COLUMNS_3[-1]
    for key in ["一", "二", *leaves, "三(七)", "四"]:
        if any((key, c) in present for c in L.COLUMNS_3):
            add(CHECK_ROW, total, [(key, total)], [(key, c) for c in L.COLUMNS_3[:-1]], row=L.ROWS_3[key])
    return checks


def _leaves_found(present: set[tuple[str, str]]) -> list[str]:
    keys = {k for k, _ in present}
    return L.leaf_keys("2021" if any(k.startswith("三(六)") and k != "三(六)" for k in keys) else "2019")
