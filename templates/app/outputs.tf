# sym-okta-quickstart reads these with `terraform output -json` instead of recomputing them.

output "okta_secret_name" {
  description = "Secrets Manager secret that must hold the Okta API token as JSON under okta_api_token."
  value       = module.sym_runtime.okta_secret_name
}

output "okta_secret_arn" {
  description = "ARN of that secret."
  value       = module.sym_runtime.okta_secret_arn
}

output "aws_region" {
  description = "Region of the secret and the runtime role; Sym looks the secret up here."
  value       = var.aws_region
}

output "flow_name" {
  description = "What users type in Slack: /sym req <flow_name>."
  value       = module.okta_access_flow.flow_name
}

output "runtime_name" {
  description = "Sym runtime and environment name (the SymEnv tag value)."
  value       = var.runtime_name
}

output "targets" {
  description = "Requestable Okta groups: Sym target name => Okta group ID."
  value       = module.okta_access_flow.targets
}
