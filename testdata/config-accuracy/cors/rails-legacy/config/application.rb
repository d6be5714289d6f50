require_relative "boot"

require "rails/all"

Bundler.require(*Rails.groups)

module Legacy
  class Application < Rails::Application
    config.load_defaults 6.1
    config.api_only = true

    config.middleware.insert_before 0, Rack::Cors do
      allow do
        origins { |source, _env| true }
        resource "*", headers: :any, methods: :any, credentials: true
      end

      allow do
        origins %r{\Ahttps://.*example.com\z}
        resource "/embed/*", headers: :any, methods: [:get], credentials: true
      end
    end
  end
end
