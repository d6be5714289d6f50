#!/usr/bin/env python3
"""One-off: copy invoices from the legacy MySQL into Postgres. Run from the bastion."""

import argparse

import psycopg2
import pymysql

LEGACY = dict(
    host="legacy-db-01.dc1.acme-internal.net",
    user="report_ro",
    password="5JY+ET8@%G.0uclwp",
    database="billing_legacy",
)
TARGET_DSN = "postgresql://billing_app:L9uXG0qJQ3dmCB5jCEsG@billing-db.prod.acme-internal.net:5432/billing"


def main() -> None:
    parser = argparse.ArgumentParser()
    parser.add_argument("--since", required=True)
    parser.add_argument("--dry-run", action="store_true")
    args = parser.parse_args()

    src = pymysql.connect(**LEGACY)
    dst = psycopg2.connect(TARGET_DSN)
    with src.cursor() as cur:
        cur.execute("SELECT id, number, total_cents FROM invoices WHERE created_at >= %s", (args.since,))
        rows = cur.fetchall()
    print(f"{len(rows)} invoices to copy")
    if args.dry_run:
        return
    with dst, dst.cursor() as cur:
        cur.executemany(
            "INSERT INTO invoices (legacy_id, number, total_cents) VALUES (%s, %s, %s) ON CONFLICT DO NOTHING",
            rows,
        )


if __name__ == "__main__":
    main()
