# Every value here comes from terraform.tfvars, which sym-okta-quickstart writes.
# Secrets never go in variables: the Okta API token lives in AWS Secrets Manager.
#
# Each validation block is the same rule as the wizard's check of that answer (src/validate/), so
# a value the wizard accepts always plans, and a value edited in here is judged as the wizard would;
# test/integration/validators-terraform.test.ts runs both on generated values to keep them equal.
# (The wizard alone also refuses placeholder text copied from examples, such as "changeme".)

variable "sym_org_slug" {
  description = "Sym org ID or slug (symflow status shows it)."
  type        = string

  validation {
    condition     = can(regex("^(S-[A-Z0-9]+|[a-z0-9]([a-z0-9-]*[a-z0-9])?)$", var.sym_org_slug)) && !can(regex("(?i)change[-_ ]?me", var.sym_org_slug))
    error_message = "Set sym_org_slug to your Sym org slug (lowercase letters, digits, inner hyphens) or org ID (S-…), spelled exactly as `symflow status` shows it."
  }
}

variable "slack_workspace_id" {
  description = "Slack workspace (team) ID, e.g. T0123456789."
  type        = string

  validation {
    condition     = can(regex("^T[A-Z0-9]+$", var.slack_workspace_id))
    error_message = "slack_workspace_id must look like T0123456789 (a T followed by capital letters and digits); /sym whoami in Slack shows it."
  }

  validation {
    condition     = !contains(["T123ABC", "T1234567"], var.slack_workspace_id)
    error_message = "slack_workspace_id is the example from Sym's docs; use your workspace's ID (/sym whoami in Slack shows it)."
  }
}

variable "error_channel" {
  description = "Slack channel where Sym reports errors."
  type        = string
  default     = "#sym-errors"

  # Slack's channel-name rules (lowercase letters, digits, - and _, at most 80). A name, not an ID:
  # Sym documents only "#name" for the error logger's destination.
  validation {
    condition     = can(regex("^#[a-z0-9_-]{1,80}$", var.error_channel))
    error_message = "error_channel must be a Slack channel name with a leading # (lowercase letters, digits, - and _), e.g. \"#sym-errors\"; not a channel ID."
  }
}

variable "flow_vars" {
  description = "Handed to impl.py as event.flow.vars: request_channel, and approver_group when only one Okta group may approve."
  type        = map(string)
  default = {
    request_channel = "#sym-requests"
  }

  # slack.channel() in impl.py takes a "#name" (Slack's name rules) or a channel ID (C, capitals
  # and digits, with at least one digit so a word such as CHANNELS is not taken for one).
  validation {
    condition = (
      can(regex("^#[a-z0-9_-]{1,80}$", lookup(var.flow_vars, "request_channel", ""))) ||
      (can(regex("^C[A-Z0-9]{6,}$", lookup(var.flow_vars, "request_channel", ""))) && can(regex("[0-9]", lookup(var.flow_vars, "request_channel", ""))))
    )
    error_message = "flow_vars.request_channel must be a Slack channel name with a leading # (lowercase letters, digits, - and _) or a channel ID (C0123ABCD)."
  }

  # A placeholder group ID would pass plan and apply and fail only when someone approves.
  validation {
    condition     = can(regex("^(00g[A-Za-z0-9]{17})?$", lookup(var.flow_vars, "approver_group", "")))
    error_message = "flow_vars.approver_group must be an Okta group ID (00g and 17 letters or digits), or be left out."
  }
}

variable "okta_org_domain" {
  description = "Okta org domain without scheme or path, e.g. acme.okta.com."
  type        = string

  # A DNS name: labels of at most 63, a top-level label that starts with a letter, 253 in all.
  validation {
    condition     = can(regex("^([a-z0-9]([a-z0-9-]{0,61}[a-z0-9])?\\.)+[a-z][a-z0-9-]{0,61}[a-z0-9]$", var.okta_org_domain)) && length(var.okta_org_domain) <= 253 && !strcontains(var.okta_org_domain, ".com.com")
    error_message = "okta_org_domain must be a bare lowercase host name such as acme.okta.com (no https://, no port, no path)."
  }

  validation {
    condition     = !can(regex("(^|\\.)(okta|oktapreview|okta-emea)(\\.[a-z0-9-]+)?$", var.okta_org_domain)) || can(regex("(\\.(okta|oktapreview|okta-emea)\\.com|\\.okta\\.mil)$", var.okta_org_domain))
    error_message = "okta_org_domain has the wrong ending: Okta org domains end in .okta.com, .oktapreview.com or .okta-emea.com."
  }

  # One org name before Okta's domain; not Okta's own sites, and not the -admin console host.
  validation {
    condition = !can(regex("(^|\\.)((okta|oktapreview|okta-emea|okta-gov)\\.com|okta\\.mil)$", var.okta_org_domain)) || (
      can(regex("^[a-z0-9-]+\\.((okta|oktapreview|okta-emea|okta-gov)\\.com|okta\\.mil)$", var.okta_org_domain)) &&
      !can(regex("^(www|developer|help|support|login|status|trust)\\.", var.okta_org_domain)) &&
      !can(regex("-admin\\.", var.okta_org_domain))
    )
    error_message = "okta_org_domain must be your org's domain, one name before Okta's (acme.okta.com): not Okta's own site, and not the -admin console address."
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
    condition     = alltrue([for t in var.okta_targets : can(regex("^00g[A-Za-z0-9]{17}$", t.group_id))])
    error_message = "Every okta_targets group_id must be an Okta group ID (00g and 17 letters or digits); the last part of the group's admin-console URL."
  }

  # Slack rejects a whole modal when one dropdown option is longer than 75 characters (Block Kit
  # option object); a label is one line with no space around it.
  validation {
    condition = alltrue([for t in var.okta_targets :
      length(regexall("(?s).", t.label)) <= 75 && trimspace(t.label) == t.label &&
      !can(regex("[\\x00-\\x1f\\x7f-\\x{9f}\\x{2028}\\x{2029}\\x{feff}]", t.label))
    ])
    error_message = "Every okta_targets label must be one line of at most 75 characters, without leading or trailing spaces."
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
    condition     = can(regex("^(us-gov|us-isob|us-isof|us-iso|eu-isoe|us|eu|ap|sa|ca|me|af|il|mx|cn)-(north|south|east|west|central|northeast|southeast|northwest|southwest)-[0-9]{1,2}$", var.aws_region))
    error_message = "aws_region must be an AWS region code such as us-east-1."
  }
}

variable "runtime_name" {
  description = "Sym runtime and environment name; also the SymEnv tag value and a prefix of every Sym and IAM name."
  type        = string
  default     = "prod"

  # Lowercase because Sym compares names case-insensitively; 54 characters because the IAM role is SymRuntime<Name>.
  validation {
    condition     = can(regex("^[a-z]([a-z0-9-]*[a-z0-9])?$", var.runtime_name)) && length(var.runtime_name) <= 54
    error_message = "runtime_name must be 1-54 lowercase letters, digits and inner hyphens, starting with a letter, e.g. prod."
  }
}

variable "tags" {
  description = "Extra AWS tags for the secret and the runtime role. SymEnv is always set to runtime_name."
  type        = map(string)
  default = {
    vendor = "symops.com"
  }
}
