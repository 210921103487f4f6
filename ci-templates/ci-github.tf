# Written by `sym-okta-quickstart ci`: lets GitHub Actions plan and apply this project with short-lived
# AWS credentials (OIDC) instead of stored keys. Values are in ci-github.auto.tfvars (also written by `ci`).
#
#   plan role  - assumable only from pull requests of the repository: reads, plus the state lock.
#   apply role - assumable only from pushes to (or manual runs on) the branch: changes what this project
#                owns, nothing else (the Sym runtime role and policies under the IAM path /sym/, the
#                Okta token's secret, these CI roles, the state object).

variable "github_repository" {
  description = "owner/name of the GitHub repository whose workflows may assume the CI roles."
  type        = string

  validation {
    condition     = can(regex("^[A-Za-z0-9-]+/[A-Za-z0-9._-]+$", var.github_repository))
    error_message = "github_repository must look like owner/name."
  }
}

variable "github_branch" {
  description = "The branch whose pushes apply."
  type        = string
}

variable "github_oidc_provider_arn" {
  description = "ARN of the account's existing GitHub OIDC provider, or \"\" to create it here (an account can hold only one)."
  type        = string
  default     = ""
}

variable "sym_ci_bot" {
  description = "The Sym bot whose token is the repository secret SYM_JWT (read by doctor; no resource uses it)."
  type        = string
}

variable "ci_state_bucket" {
  description = "S3 bucket that holds this project's Terraform state (app/backend.tf)."
  type        = string
}

variable "ci_state_key" {
  description = "Object key of the state in that bucket."
  type        = string
}

data "aws_caller_identity" "ci" {}
data "aws_partition" "ci" {}

locals {
  ci_oidc_host    = "token.actions.githubusercontent.com"
  ci_account      = data.aws_caller_identity.ci.account_id
  ci_partition    = data.aws_partition.ci.partition
  ci_provider_arn = var.github_oidc_provider_arn != "" ? var.github_oidc_provider_arn : aws_iam_openid_connect_provider.github[0].arn

  # What the apply role may change, by name.
  ci_iam_prefix  = "arn:${local.ci_partition}:iam::${local.ci_account}"
  ci_secret_arn  = "arn:${local.ci_partition}:secretsmanager:${var.aws_region}:${local.ci_account}:secret:sym/${var.runtime_name}/*"
  ci_state_arn   = "arn:${local.ci_partition}:s3:::${var.ci_state_bucket}/${var.ci_state_key}"
  ci_bucket_arn  = "arn:${local.ci_partition}:s3:::${var.ci_state_bucket}"
  ci_owned_roles = "${local.ci_iam_prefix}:role/sym/*"
  ci_owned_pols  = "${local.ci_iam_prefix}:policy/sym/*"
  ci_oidc_arn    = "${local.ci_iam_prefix}:oidc-provider/${local.ci_oidc_host}"
}

resource "aws_iam_openid_connect_provider" "github" {
  count = var.github_oidc_provider_arn == "" ? 1 : 0

  url            = "https://${local.ci_oidc_host}"
  client_id_list = ["sts.amazonaws.com"]
  # AWS no longer checks thumbprints for GitHub's provider; the API still wants one (GitHub's published one).
  thumbprint_list = ["6938fd4d98bab03faadb97b34396831e3780aea1"]
  tags            = var.tags
}

# Trust: GitHub's OIDC token for the audience sts.amazonaws.com and exactly this subject.
data "aws_iam_policy_document" "ci_trust" {
  for_each = {
    plan  = "repo:${var.github_repository}:pull_request"
    apply = "repo:${var.github_repository}:ref:refs/heads/${var.github_branch}"
  }

  statement {
    actions = ["sts:AssumeRoleWithWebIdentity"]
    principals {
      type        = "Federated"
      identifiers = [local.ci_provider_arn]
    }
    condition {
      test     = "StringEquals"
      variable = "${local.ci_oidc_host}:aud"
      values   = ["sts.amazonaws.com"]
    }
    condition {
      test     = "StringEquals"
      variable = "${local.ci_oidc_host}:sub"
      values   = [each.value]
    }
  }
}

resource "aws_iam_role" "ci" {
  for_each = data.aws_iam_policy_document.ci_trust

  name                 = "sym-${each.key}-${var.runtime_name}"
  path                 = "/sym/"
  description          = "GitHub Actions (${var.github_repository}) ${each.key == "plan" ? "plans" : "applies"} the Sym project for ${var.runtime_name}."
  assume_role_policy   = each.value.json
  max_session_duration = 3600
  tags                 = merge(var.tags, { SymEnv = var.runtime_name })
}

data "aws_iam_policy_document" "ci_plan" {
  statement {
    sid = "ReadWhatTheProjectOwns"
    actions = [
      "iam:GetRole", "iam:GetRolePolicy", "iam:ListRolePolicies", "iam:ListAttachedRolePolicies",
      "iam:GetPolicy", "iam:GetPolicyVersion", "iam:ListPolicyVersions", "iam:GetOpenIDConnectProvider",
      "iam:ListRoleTags", "iam:ListPolicyTags", "iam:ListInstanceProfilesForRole",
    ]
    resources = [local.ci_owned_roles, local.ci_owned_pols, local.ci_oidc_arn]
  }
  statement {
    sid       = "DescribeTheSecretNotItsValue"
    actions   = ["secretsmanager:DescribeSecret", "secretsmanager:GetResourcePolicy"]
    resources = [local.ci_secret_arn]
  }
  statement {
    sid       = "ReadState"
    actions   = ["s3:GetObject"]
    resources = [local.ci_state_arn]
  }
  statement {
    sid       = "StateLock"
    actions   = ["s3:GetObject", "s3:PutObject", "s3:DeleteObject"]
    resources = ["${local.ci_state_arn}.tflock"]
  }
  statement {
    sid       = "ListStateBucket"
    actions   = ["s3:ListBucket"]
    resources = [local.ci_bucket_arn]
  }
}

data "aws_iam_policy_document" "ci_apply" {
  statement {
    sid = "ManageTheProjectsRolesAndPolicies"
    actions = [
      "iam:CreateRole", "iam:DeleteRole", "iam:GetRole", "iam:UpdateRole", "iam:UpdateRoleDescription",
      "iam:UpdateAssumeRolePolicy", "iam:TagRole", "iam:UntagRole", "iam:ListRoleTags",
      "iam:ListRolePolicies", "iam:GetRolePolicy", "iam:PutRolePolicy", "iam:DeleteRolePolicy",
      "iam:ListAttachedRolePolicies", "iam:AttachRolePolicy", "iam:DetachRolePolicy",
      "iam:ListInstanceProfilesForRole",
      "iam:CreatePolicy", "iam:DeletePolicy", "iam:GetPolicy", "iam:GetPolicyVersion", "iam:ListPolicyVersions",
      "iam:CreatePolicyVersion", "iam:DeletePolicyVersion", "iam:TagPolicy", "iam:UntagPolicy", "iam:ListPolicyTags",
    ]
    resources = [local.ci_owned_roles, local.ci_owned_pols]
  }
  statement {
    sid = "TheGitHubProvider"
    actions = [
      "iam:GetOpenIDConnectProvider", "iam:CreateOpenIDConnectProvider", "iam:DeleteOpenIDConnectProvider",
      "iam:UpdateOpenIDConnectProviderThumbprint", "iam:AddClientIDToOpenIDConnectProvider",
      "iam:RemoveClientIDFromOpenIDConnectProvider", "iam:TagOpenIDConnectProvider", "iam:UntagOpenIDConnectProvider",
    ]
    resources = [local.ci_oidc_arn]
  }
  statement {
    sid = "TheOktaTokenSecret"
    actions = [
      "secretsmanager:CreateSecret", "secretsmanager:DeleteSecret", "secretsmanager:DescribeSecret",
      "secretsmanager:UpdateSecret", "secretsmanager:TagResource", "secretsmanager:UntagResource",
      "secretsmanager:GetResourcePolicy", "secretsmanager:PutResourcePolicy", "secretsmanager:DeleteResourcePolicy",
      "secretsmanager:RestoreSecret",
      # doctor reads the token to check it against Okta.
      "secretsmanager:GetSecretValue",
    ]
    resources = [local.ci_secret_arn]
  }
  statement {
    sid       = "State"
    actions   = ["s3:GetObject", "s3:PutObject"]
    resources = [local.ci_state_arn]
  }
  statement {
    sid       = "StateLock"
    actions   = ["s3:GetObject", "s3:PutObject", "s3:DeleteObject"]
    resources = ["${local.ci_state_arn}.tflock"]
  }
  statement {
    sid       = "ListStateBucket"
    actions   = ["s3:ListBucket"]
    resources = [local.ci_bucket_arn]
  }
}

resource "aws_iam_role_policy" "ci" {
  for_each = aws_iam_role.ci

  name   = "sym-${each.key}"
  role   = each.value.name
  policy = each.key == "plan" ? data.aws_iam_policy_document.ci_plan.json : data.aws_iam_policy_document.ci_apply.json
}

output "ci_plan_role_arn" {
  description = "Role the plan workflow assumes (repository variable SYM_PLAN_ROLE_ARN)."
  value       = aws_iam_role.ci["plan"].arn
}

output "ci_apply_role_arn" {
  description = "Role the apply workflow assumes (repository variable SYM_APPLY_ROLE_ARN)."
  value       = aws_iam_role.ci["apply"].arn
}

output "ci_oidc_provider_arn" {
  description = "GitHub's OIDC provider in this account."
  value       = local.ci_provider_arn
}
