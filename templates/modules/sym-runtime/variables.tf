variable "runtime_name" {
  description = "Sym runtime and environment name; the SymEnv tag value and a name prefix."
  type        = string
}

variable "slack_workspace_id" {
  description = "Slack workspace (team) ID, T..."
  type        = string
}

variable "error_channel" {
  description = "Slack channel for Sym error reports, with a leading #."
  type        = string
}

variable "okta_integration_id" {
  description = "ID of the Okta sym_integration, so impl.py may call sym.sdk.integrations.okta."
  type        = string
}

variable "tags" {
  description = "Extra AWS tags for the secret and the runtime role."
  type        = map(string)
  default     = {}
}
