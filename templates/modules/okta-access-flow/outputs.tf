output "flow_name" {
  description = "Name of the Sym flow: /sym req <flow_name>."
  value       = sym_flow.this.name
}

output "okta_integration_id" {
  description = "ID of the Okta sym_integration."
  value       = sym_integration.okta.id
}

output "targets" {
  description = "Sym target name => Okta group ID."
  value       = { for key, t in local.targets : "${var.runtime_name}-${key}" => t.group_id }
}
