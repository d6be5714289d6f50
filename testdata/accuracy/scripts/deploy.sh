#!/usr/bin/env bash
# Manual deploy for when CI is down. Ask in #ops before running.
set -euo pipefail

export AWS_ACCESS_KEY_ID=AKIAD4VLUYG65W2YYMIT
export AWS_SECRET_ACCESS_KEY=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
export AWS_DEFAULT_REGION=eu-west-1

SHA="$(git rev-parse HEAD)"
aws ecr get-login-password | docker login --username AWS --password-stdin 480213377129.dkr.ecr.eu-west-1.amazonaws.com
docker build -t "reports-api:${SHA}" .

# Tag the release on GitHub.
curl -sf -X POST \
  -H "Authorization: token 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" \
  -H "Accept: application/vnd.github+json" \
  https://api.github.com/repos/acme/reports/releases \
  -d "{\"tag_name\":\"deploy-$(date +%Y%m%d%H%M)\",\"target_commitish\":\"${SHA}\"}"

# Old pipeline, for reference:
# export AWS_ACCESS_KEY_ID=AKIAIOSFODNN7EXAMPLE
# export GITHUB_TOKEN=${GITHUB_TOKEN:-}
