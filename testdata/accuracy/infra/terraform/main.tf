terraform {
  required_version = ">= 1.6"
  required_providers {
    aws = {
      source  = "hashicorp/aws"
      version = "~> 5.40"
    }
    datadog = {
      source = "DataDog/datadog"
    }
  }
}

provider "aws" {
  region     = "eu-west-1"
  access_key = "AKIA5NVSD7AURLVK56AG"
  secret_key = "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"
}

provider "datadog" {
  api_key = var.datadog_api_key
  app_key = var.datadog_app_key
}

resource "aws_db_instance" "reports" {
  identifier          = "reports-prod"
  engine              = "postgres"
  engine_version      = "16.2"
  instance_class      = "db.t4g.medium"
  allocated_storage   = 100
  username            = "reports_admin"
  password            = "Nv+JdbEmyQ3g0qW3!"
  skip_final_snapshot = false
}

resource "aws_secretsmanager_secret" "reports_db" {
  name = "prod/reports/db-credentials"
}

resource "aws_iam_access_key" "ci" {
  user    = "ci-deployer"
  pgp_key = "keybase:acme_ops"
}
