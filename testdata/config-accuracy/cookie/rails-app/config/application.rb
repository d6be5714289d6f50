require_relative "boot"

require "rails/all"

Bundler.require(*Rails.groups)

module Portal
  class Application < Rails::Application
    config.load_defaults 7.1
    config.time_zone = "Europe/Berlin"
    config.action_dispatch.cookies_same_site_protection = :none
  end
end
