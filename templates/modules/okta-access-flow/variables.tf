variable "runtime_name" {
  description = "Sym environment name; prefixes every name here."
  type        = string
}

variable "environment_id" {
  description = "ID of the sym_environment the flow runs in."
  type        = string
}

variable "secrets_source_id" {
  description = "ID of the sym_secrets source that can read the Okta token secret."
  type        = string
}

variable "okta_secret_name" {
  description = "Secrets Manager secret holding the Okta API token as JSON under okta_api_token."
  type        = string
}

variable "okta_org_domain" {
  description = "Okta org domain, e.g. acme.okta.com."
  type        = string
}

variable "okta_targets" {
  description = "Okta groups users may request."
  type = list(object({
    label    = string
    group_id = string
  }))
}

variable "flow_vars" {
  description = "Handed to impl.py as event.flow.vars."
  type        = map(string)
}
