"""Join Data: combine two tables on key columns."""

from __future__ import annotations

import designer_io as dio
import pandas as pd

HOW = {"inner": "inner", "left": "left", "right": "right", "full": "outer"}


def run() -> None:
    p = dio.parser(__doc__)
    p.add_argument("--left", required=True)
    p.add_argument("--right", required=True)
    p.add_argument("--left-keys", required=True)
    p.add_argument("--right-keys", default=None)
    p.add_argument("--join-type", default="inner", choices=sorted(HOW))
    p.add_argument("--keep-right-keys", type=dio.to_bool, default=False)
    p.add_argument("--output", required=True)
    args = p.parse_args()

    left = dio.read_table(args.left, what="the left table")
    right = dio.read_table(args.right, what="the right table")
    left_keys = dio.split_list(args.left_keys)
    right_keys = dio.split_list(args.right_keys) or list(left_keys)
    if not left_keys:
        raise dio.UserError("left_keys is empty; name the column(s) that the two tables share")
    if len(left_keys) != len(right_keys):
        raise dio.UserError(
            f"{len(left_keys)} left keys but {len(right_keys)} right keys were given; give the same number on both sides"
        )
    for key in left_keys:
        dio.check_column(left, key, what="the left table")
    for key in right_keys:
        dio.check_column(right, key, what="the right table")

    # Key columns of different kinds (numbers vs text) never match; compare them as text then.
    lkeys = left.df[left_keys].copy()
    rkeys = right.df[right_keys].copy()
    for lk, rk in zip(left_keys, right_keys, strict=True):
        if dio.is_numeric(lkeys[lk]) != dio.is_numeric(rkeys[rk]):
            lkeys[lk] = lkeys[lk].astype(str)
            rkeys[rk] = rkeys[rk].astype(str)
    tmp = [f"__key_{i}" for i in range(len(left_keys))]
    lframe = left.df.assign(**dict(zip(tmp, [lkeys[k] for k in left_keys], strict=True)))
    rframe = right.df.assign(**dict(zip(tmp, [rkeys[k] for k in right_keys], strict=True)))
    rename = {c: f"{c}_right" for c in right.columns if c in left.columns and c not in tmp}
    rframe = rframe.rename(columns=rename)
    joined = pd.merge(lframe, rframe, on=tmp, how=HOW[args.join_type], sort=False)
    if args.join_type in ("right", "full"):
        # Rows only on the right: fill the left key columns from the right keys.
        for lk, rk in zip(left_keys, right_keys, strict=True):
            joined[lk] = joined[lk].where(joined[lk].notna(), joined[rename.get(rk, rk)])
    drop = list(tmp)
    if not args.keep_right_keys:
        drop += [rename.get(k, k) for k in right_keys if rename.get(k, k) in joined.columns]
    joined = joined.drop(columns=[c for c in drop if c in joined.columns])
    features = None
    if left.features is not None or right.features is not None:
        features = left.feature_columns() + [rename.get(c, c) for c in right.feature_columns()]
    dio.write_table(args.output, dio.Table(joined, left.label, features, {}))
    print(f"{args.join_type} join: {len(left.df)} x {len(right.df)} rows -> {len(joined)} rows")


if __name__ == "__main__":
    dio.main(run)
