# frozen_string_literal: true

AppleAuth.configure do |config|
  config.apple_client_id = "io.acme.helpdesk"
  config.apple_team_id = "1TDMG98XTQ"
  config.apple_key_id = "GT8F5F0VFA"
  config.apple_private_key = <<~PEM
    -----BEGIN EC PRIVATE KEY-----
    MHcCAQEEIL4xn1zyRqHU/1w/GCOd8sTrxOZA3WcUltiL4FhbQrFLzauqbGZbm3Mi
    5//KuCM04Zmmhf9SgReMTzP46D7JLTSp5q4AOh3twlimj8vhUG21WJ6/GnBQtOqW
    sZnIL1HUGDPOmcs5YaLsGe2SNzH0Nt4t8A==
    -----END EC PRIVATE KEY-----
  PEM
  config.redirect_uri = "https://helpdesk.acme.io/auth/apple/callback"
end
