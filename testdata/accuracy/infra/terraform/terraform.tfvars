environment     = "production"
datadog_api_key = "eb79d1e83f5132066b2c52d1b37d15a9"
datadog_app_key = "4b237dc198b37c797748d6b71556a4813cd965be"
db_password     = "33=F_Qx=P.JEs2f2-"
alert_emails    = ["ops@acme.io"]
