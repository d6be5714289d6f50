package main

import (
	"context"
	"flag"
	"log/slog"
	"os"

	"github.com/acme/ingest/internal/config"
	"github.com/acme/ingest/internal/store"
)

var (
	dsn       = flag.String("dsn", "postgres://ingest:3qq_m-*pOf-pgKplTR61JW!*@ingest-db.acme-internal.net:5432/events?sslmode=require", "Postgres DSN")
	mongoURI  = flag.String("mongo", "mongodb+srv://ingest-svc:leRgHma9UZ8TiDRp@cluster0.x7kq2.mongodb.net/events?retryWrites=true", "MongoDB URI")
	batchSize = flag.Int("batch", 500, "rows per insert")
)

func main() {
	flag.Parse()
	cfg, err := config.Load(os.Getenv("INGEST_CONFIG"))
	if err != nil {
		slog.Error("config", "err", err)
		os.Exit(2)
	}
	ctx := context.Background()
	db, err := store.Open(ctx, *dsn, *mongoURI)
	if err != nil {
		slog.Error("store", "err", err)
		os.Exit(1)
	}
	defer db.Close()
	slog.Info("ingest starting", "batch", *batchSize, "topic", cfg.Topic)
}
