module github.com/acme/ingest

go 1.22

require (
	github.com/aws/aws-sdk-go-v2 v1.26.1
	github.com/aws/aws-sdk-go-v2/config v1.27.11
	github.com/golang-jwt/jwt/v5 v5.2.1
	github.com/jackc/pgx/v5 v5.5.5
	github.com/slack-go/slack v0.12.5
	go.mongodb.org/mongo-driver v1.15.0
	golang.org/x/crypto v0.22.0
	golang.org/x/sync v0.7.0
	github.com/stretchr/testify v1.9.0
	gopkg.in/yaml.v3 v3.0.1
	github.com/acme/go-telemetry v0.0.0-20240528120263-cecff24606e5
	github.com/acme/go-retry v0.0.0-20240916174223-a932d2af1239
)
