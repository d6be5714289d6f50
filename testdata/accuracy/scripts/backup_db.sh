#!/bin/sh
# Nightly logical backup of the reports database, run by cron on backup-01.
set -e

STAMP=$(date +%F)
PGPASSWORD='X05nw-YgTxA8nM%4I' pg_dump -h reports-db.acme-internal.net -U backup -Fc reports > "/backups/reports-$STAMP.dump"
mysqldump -h legacy-db-01.dc1.acme-internal.net -u backup -p'DlPZVfj0n5bPjEbiBY%8Vuv' --single-transaction billing_legacy | gzip > "/backups/legacy-$STAMP.sql.gz"
find /backups -name '*.dump' -mtime +14 -delete
rclone copy /backups b2:acme-db-backups --b2-account 0025f1c3a9e4b7d0000000003 --b2-key K002idzcjyyqC3zZcFQndsmJWAvunNp
