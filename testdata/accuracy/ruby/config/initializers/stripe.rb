# frozen_string_literal: true

Rails.configuration.stripe = {
  publishable_key: ENV.fetch("STRIPE_PUBLISHABLE_KEY", "pk_live_gEb4wtrflrerjBDH19rfyTw6"),
  secret_key: ENV.fetch("STRIPE_SECRET_KEY", "sk_live_e7P5TtmZy8rhxrDUw8ZiRgBr")
}

Stripe.api_key = Rails.configuration.stripe[:secret_key]
Stripe.max_network_retries = 2
