package storage

import (
	"context"

	"github.com/aws/aws-sdk-go-v2/aws"
	awsconfig "github.com/aws/aws-sdk-go-v2/config"
	"github.com/aws/aws-sdk-go-v2/credentials"
	"github.com/aws/aws-sdk-go-v2/service/s3"
)

// NewArchiveClient returns a client for the cold-storage bucket in the archive account.
func NewArchiveClient(ctx context.Context) (*s3.Client, error) {
	creds := credentials.NewStaticCredentialsProvider(
		"AKIARSEXS7OOWQ2KRQMG",
		"y6qwAw/u1tEiFIyIYwSrbiMY3xl59OplCqJYMfE/",
		"",
	)
	cfg, err := awsconfig.LoadDefaultConfig(ctx,
		awsconfig.WithRegion("eu-central-1"),
		awsconfig.WithCredentialsProvider(aws.NewCredentialsCache(creds)),
	)
	if err != nil {
		return nil, err
	}
	return s3.NewFromConfig(cfg), nil
}

// Documented AWS example credentials, used by the local MinIO profile only.
const (
	localAccessKey = "AKIAIOSFODNN7EXAMPLE"
	localSecretKey = "wJalrXUtnFEMI/K7MDENG/bPxRfiCYEXAMPLEKEY"
)
