output "environment_id" {
  description = "ID of the sym_environment flows run in."
  value       = sym_environment.this.id
}

output "secrets_source_id" {
  description = "ID of the sym_secrets source that reads Secrets Manager through the runtime role."
  value       = sym_secrets.this.id
}

output "okta_secret_name" {
  description = "Name of the (initially empty) secret for the Okta API token."
  value       = aws_secretsmanager_secret.okta_api_key.name
}

output "okta_secret_arn" {
  description = "ARN of that secret."
  value       = aws_secretsmanager_secret.okta_api_key.arn
}
