variable "datadog_api_key" {
  type      = string
  sensitive = true
}

variable "datadog_app_key" {
  type      = string
  sensitive = true
}

variable "db_password" {
  description = "Master password for the reports database"
  type        = string
  sensitive   = true
  default     = "REPLACE_ME"
}

variable "subscription_id" {
  type    = string
  default = "df428641-7f39-4e63-9993-3d051f064f48"
}
