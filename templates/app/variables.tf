# Every value here comes from terraform.tfvars, which sym-okta-quickstart writes.
# Secrets never go in variables: the Okta API token lives in AWS Secrets Manager.

variable "sym_org_slug" {
  description = "Sym org ID or slug (symflow status shows it)."
  type        = string

  validation {
    condition     = length(trimspace(var.sym_org_slug)) > 0 && !can(regex("(?i)changeme", var.sym_org_slug))
    error_message = "Set sym_org_slug to your Sym org ID or slug (run `symflow status` to see it)."
  }
}

variable "slack_workspace_id" {
  description = "Slack workspace (team) ID, e.g. T0123456789."
  type        = string

  validation {
    condition     = can(regex("^T[A-Z0-9]+$", var.slack_workspace_id))
    error_message = "slack_workspace_id must look like T0123456789 (a T followed by capital letters and digits); /sym whoami in Slack shows it."
  }
}

variable "error_channel" {
  description = "Slack channel where Sym reports errors."
  type        = string
  default     = "#sym-errors"

  validation {
    condition     = can(regex("^#[^\\s#]+$", var.error_channel))
    error_message = "error_channel must be a channel name with a leading #, e.g. \"#sym-errors\"."
  }
}

variable "flow_vars" {
  description = "Handed to impl.py as event.flow.vars: request_channel, and approver_group when only one Okta group may approve."
  type        = map(string)
  default = {
    request_channel = "#sym-requests"
  }

  validation {
    condition     = can(regex("^(#[^\\s#]+|C[A-Z0-9]+)$", lookup(var.flow_vars, "request_channel", "")))
    error_message = "flow_vars.request_channel must be a channel name with a leading # (or a channel ID C...)."
  }

  # A placeholder group ID would pass plan and apply and fail only when someone approves.
  validation {
    condition     = can(regex("^(00g[A-Za-z0-9]+)?$", lookup(var.flow_vars, "approver_group", "")))
    error_message = "flow_vars.approver_group must be an Okta group ID (00g...), or be left out."
  }
}

variable "okta_org_domain" {
  description = "Okta org domain without scheme or path, e.g. acme.okta.com."
  type        = string

  validation {
    condition     = can(regex("^[a-z0-9]([a-z0-9-]*[a-z0-9])?(\\.[a-z0-9]([a-z0-9-]*[a-z0-9])?)+$", var.okta_org_domain))
    error_message = "okta_org_domain must be a bare lowercase host name such as acme.okta.com (no https://, no path)."
  }
}

variable "okta_targets" {
  description = "Okta groups users may request, each with the label Slack shows."
  type = list(object({
    label    = string
    group_id = string
  }))

  validation {
    condition     = length(var.okta_targets) > 0
    error_message = "okta_targets needs at least one { label, group_id } entry."
  }

  validation {
    condition     = alltrue([for t in var.okta_targets : can(regex("^00g[A-Za-z0-9]+$", t.group_id))])
    error_message = "Every okta_targets group_id must be an Okta group ID (00g...); the last part of the group's admin-console URL."
  }

  # Targets are keyed by a slug of their label (modules/okta-access-flow), so every label needs
  # a letter or digit, and two labels must not differ only in case or punctuation.
  validation {
    condition     = alltrue([for t in var.okta_targets : trim(replace(lower(t.label), "/[^a-z0-9]+/", "-"), "-") != ""])
    error_message = "Every okta_targets label needs at least one letter or digit (a-z, 0-9)."
  }

  validation {
    condition = length(distinct([
      for t in var.okta_targets : trim(replace(lower(t.label), "/[^a-z0-9]+/", "-"), "-")
    ])) == length(var.okta_targets)
    error_message = "Two okta_targets labels differ only in case or punctuation; make them distinct."
  }
}

variable "aws_region" {
  description = "AWS region for the Sym runtime role and the Okta token secret."
  type        = string
  default     = "us-east-1"

  validation {
    condition     = can(regex("^[a-z]{2}(-[a-z]+)+-[0-9]+$", var.aws_region))
    error_message = "aws_region must be an AWS region code such as us-east-1."
  }
}

variable "runtime_name" {
  description = "Sym runtime and environment name; also the SymEnv tag value and a prefix of every Sym and IAM name."
  type        = string
  default     = "prod"

  # Lowercase because Sym compares names case-insensitively; 54 characters because the IAM role is SymRuntime<Name>.
  validation {
    condition     = can(regex("^[a-z0-9]([a-z0-9-]*[a-z0-9])?$", var.runtime_name)) && length(var.runtime_name) <= 54
    error_message = "runtime_name must be 1-54 lowercase letters, digits and inner hyphens, e.g. prod."
  }
}

variable "tags" {
  description = "Extra AWS tags for the secret and the runtime role. SymEnv is always set to runtime_name."
  type        = map(string)
  default = {
    vendor = "symops.com"
  }
}
