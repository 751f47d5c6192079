"""Filter Based Feature Selection: score features against the label; keep the best ones."""

from __future__ import annotations

import designer_charts as dc
import designer_io as dio
import numpy as np
import pandas as pd


def is_classification(y: pd.Series) -> bool:
    if not dio.is_numeric(y) or pd.api.types.is_bool_dtype(y.dtype):
        return True
    values = y.dropna().to_numpy(dtype="float64")
    return bool(np.all(np.mod(values, 1) == 0)) and len(np.unique(values)) <= 20


def score_features(X: pd.DataFrame, y: pd.Series, method: str, classification: bool, seed: int) -> np.ndarray:
    from sklearn import feature_selection as fs

    target = (
        pd.Series(pd.factorize(y.astype(str), sort=True)[0], index=y.index) if not dio.is_numeric(y) else y
    )
    if method in ("pearson", "spearman"):
        scores = X.corrwith(target.astype("float64"), method=method).abs()
        return scores.fillna(0.0).to_numpy()
    if method == "mutual_information":
        func = fs.mutual_info_classif if classification else fs.mutual_info_regression
        return func(X.to_numpy(), target.to_numpy(), random_state=seed)
    if method == "chi_squared":
        if not classification:
            raise dio.UserError(
                "chi_squared needs a label with classes; use pearson or f_score for a numeric label"
            )
        negative = [c for c in X.columns if (X[c] < 0).any()]
        if negative:
            raise dio.UserError(
                f"chi_squared needs non-negative values but column '{negative[0]}' has negative ones; rescale it with "
                "Normalize Data (minmax) first or choose another method"
            )
        return np.nan_to_num(fs.chi2(X.to_numpy(), target.to_numpy())[0])
    func = fs.f_classif if classification else fs.f_regression
    return np.nan_to_num(func(X.to_numpy(), target.to_numpy())[0])


def run() -> None:
    p = dio.parser(__doc__)
    p.add_argument("--input", required=True)
    p.add_argument("--label-column", default=None)
    p.add_argument(
        "--method",
        default="pearson",
        choices=["pearson", "spearman", "mutual_information", "chi_squared", "f_score"],
    )
    p.add_argument("--number-of-features", type=int, default=5)
    p.add_argument("--columns", default=None)
    p.add_argument("--random-seed", type=int, default=42)
    p.add_argument("--filtered", required=True)
    p.add_argument("--scores", required=True)
    args = p.parse_args()

    table = dio.read_table(args.input)
    dio.require_rows(table)
    label = dio.label_column(table, args.label_column)
    if dio.split_list(args.columns):
        candidates = dio.select_columns(table, args.columns, numeric_only=True, purpose="feature selection")
    else:
        candidates = dio.select_columns(table, "features", numeric_only=True)
    candidates = [c for c in candidates if c != label]
    if not candidates:
        raise dio.UserError(
            "there are no numeric feature columns to score; convert text columns with Convert to Indicator Values"
        )
    df = table.df[table.df[label].notna()]
    X = df[candidates].astype("float64")
    if X.isna().any().any():
        col = X.columns[X.isna().any()][0]
        raise dio.UserError(
            f"column '{col}' has missing values; fill or remove them with Clean Missing Data first"
        )
    classification = is_classification(df[label])
    scores = score_features(X, df[label], args.method, classification, args.random_seed)
    ranking = pd.DataFrame({"feature": candidates, "score": scores})
    ranking = ranking.sort_values("score", ascending=False, kind="stable").reset_index(drop=True)
    ranking["rank"] = np.arange(1, len(ranking) + 1)
    ranking["selected"] = ranking["rank"] <= args.number_of_features
    selected = ranking.loc[ranking["selected"], "feature"].tolist()
    dio.write_table(args.filtered, dio.Table(table.df[[*selected, label]], label, selected, {}))
    dio.write_table(args.scores, dio.Table(ranking, None, None, {}))
    order = ranking.iloc[::-1]  # best at the top of a horizontal bar chart
    dc.write_charts(args.scores, [dc.bars("feature_importance", f"Feature importance ({args.method})",
                                          order["feature"].tolist(), [("score", order["score"].tolist())],
                                          horizontal=True)])
    print(f"{args.method}: kept {len(selected)} of {len(candidates)} features: {', '.join(selected)}")


if __name__ == "__main__":
    dio.main(run)
