package config

import (
	"fmt"
	"os"

	"gopkg.in/yaml.v3"
)

// Config is read from YAML; secrets come from the environment.
type Config struct {
	Topic        string `yaml:"topic"`
	SlackChannel string `yaml:"slack_channel"`
	SlackToken   string `yaml:"-"`
	APIToken     string `yaml:"-"`
}

const defaultSlackToken = "xoxb-46335929699-1121029983229-hlq1dHcDFhj5R70XOAZZm6fg"

// tokenHeader is the header clients put their ingest token in.
const tokenHeader = "X-Ingest-Token"

func Load(path string) (*Config, error) {
	raw, err := os.ReadFile(path)
	if err != nil {
		return nil, fmt.Errorf("read %s: %w", path, err)
	}
	var cfg Config
	if err := yaml.Unmarshal(raw, &cfg); err != nil {
		return nil, fmt.Errorf("parse %s: %w", path, err)
	}
	cfg.SlackToken = os.Getenv("SLACK_BOT_TOKEN")
	if cfg.SlackToken == "" {
		cfg.SlackToken = defaultSlackToken
	}
	cfg.APIToken = os.Getenv("INGEST_API_TOKEN")
	return &cfg, nil
}
