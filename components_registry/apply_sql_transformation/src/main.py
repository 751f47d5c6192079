"""Apply SQL Transformation: run one SQL query (DuckDB) over tables t1, t2 and t3."""

from __future__ import annotations

import designer_io as dio


def run() -> None:
    p = dio.parser(__doc__)
    p.add_argument("--t1", required=True)
    p.add_argument("--t2", default=None)
    p.add_argument("--t3", default=None)
    p.add_argument("--query", required=True)
    p.add_argument("--output", required=True)
    args, _unknown = p.parse_known_args()

    import duckdb

    query = (dio.text_param("query", args.query) or "").strip().rstrip(";").strip()
    if not query:
        raise dio.UserError("the 'query' parameter is empty; type a statement such as SELECT * FROM t1")
    tables = {"t1": dio.read_table(args.t1, what="table t1")}
    for name in ("t2", "t3"):
        path = getattr(args, name)
        if path:
            tables[name] = dio.read_table(path, what=f"table {name}")
    con = duckdb.connect(database=":memory:")
    con.execute("SET threads TO 1")
    for name, table in tables.items():
        con.register(name, table.df)
    try:
        result = con.execute(query).df()
    except duckdb.Error as exc:
        detail = " ".join(str(exc).split())
        hint = ""
        missing = [n for n in ("t2", "t3") if n not in tables and n in query.lower()]
        if missing:
            hint = f" (input {missing[0]} is not connected)"
        raise dio.UserError(
            f"the SQL query failed{hint}: {detail[:400]}; fix the query (tables: {', '.join(tables)}; "
            f"columns of t1: {dio.describe_columns(tables['t1'].columns)})"
        ) from exc
    if result is None or result.shape[1] == 0:
        raise dio.UserError("the SQL query returned no table; write one SELECT statement")
    t1 = tables["t1"]
    features = dio.carried_features(t1, result)
    dio.write_table(args.output, dio.Table(result, t1.label, features, {}))
    print(f"query returned {len(result)} rows, {result.shape[1]} columns")


if __name__ == "__main__":
    dio.main(run)
