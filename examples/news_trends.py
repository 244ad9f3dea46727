#!/usr/bin/env python3
"""For a query, the number of matching articles per month and the people most
often named with it, from a newsdex index.

    news_trends.py [--db INDEX] [--index FOLDER] QUERY...

    $ examples/news_trends.py --db sample-index --index sample_corpus SCO
    articles matching 'SCO' per month (11 in all):
      2024-07     10  ########################################
      2025-09      1  ####
    people most often named with it:
      Vladimir Putin                   9
      ...

Needs the newsdex Python module: PYTHONPATH=build (from a build tree) or the
newsdex package (/usr/lib/python3/dist-packages).
"""
import argparse
import sys

import newsdex

MONTHS_SHOWN = 1000  # facet values asked for: every month of any real archive


def main():
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--db", default=newsdex.default_index_path(), help="index to search")
    parser.add_argument("--index", metavar="FOLDER", help="first bring the index in step with FOLDER")
    parser.add_argument("--people", type=int, default=10, help="people to list (default 10)")
    parser.add_argument("query", nargs="+", help="query words, as for newsdex-query")
    args = parser.parse_args()
    query = " ".join(args.query)

    try:
        if args.index:
            with newsdex.Indexer(args.db) as indexer:
                indexer.index(args.index)
        searcher = newsdex.Searcher(args.db)
        # Facets count over every matching article, not only the page of hits; they
        # count each copy of a syndicated story, so the total does too (collapse=False).
        results = searcher.search(query, limit=0, facets=True, collapse=False,
                                  facet_values=max(MONTHS_SHOWN, args.people))
    except newsdex.Error as error:
        sys.exit(f"news_trends: {error}")

    months = sorted(results.facets.get("month", []))
    print(f"articles matching '{query}' per month ({results.estimated_total} in all):")
    widest = max((count for _, count in months), default=1)
    for month, count in months:
        print(f"  {month}  {count:5}  {'#' * max(1, round(40 * count / widest))}")
    print("people most often named with it:")
    for name, count in results.facets.get("people", [])[: args.people]:
        print(f"  {name:<30}{count:4}")
    return 0 if results.estimated_total else 1


if __name__ == "__main__":
    sys.exit(main())
