"""Who may approve Okta group access requests, and where requests are posted.

Sym runs this file (RestrictedPython: only sym.sdk imports); it is not run locally.
Reducers: https://docs.symops.com/docs/reducers
"""

from sym.sdk.annotations import reducer
from sym.sdk.exceptions import OktaError
from sym.sdk.integrations import okta, slack
from sym.sdk.notifications import Notification
from sym.sdk.request_permission import PermissionLevel, RequestPermission
from sym.sdk.user import user_ids

# When True and flow_vars sets approver_group, only members of that Okta group (and Sym
# admins) may approve. Rewritten by the wizard: keep this line's text as it is.
APPROVER_GROUP_CHECK = False  # set by sym-okta-quickstart --approver-group

# When True, a requester who may approve can approve their own request (for an admin trying the flow
# alone, or on-call users). Rewritten by the wizard: keep this line's text as it is.
ALLOW_SELF_APPROVAL = False  # set by sym-okta-quickstart --allow-self-approval


@reducer
def get_permissions(event):
    """Admins see requests in the web app; requesters approve their own only when allowed above."""
    return RequestPermission(
        webapp_view=PermissionLevel.ADMIN,
        approve_deny=approvers(event),
        allow_self_approval=ALLOW_SELF_APPROVAL,
    )


@reducer
def get_request_notifications(event):
    """Post requests to the channel named in flow_vars.request_channel."""
    return [Notification(destinations=[slack.channel(event.flow.vars["request_channel"])])]


def approvers(event):
    group_id = event.flow.vars.get("approver_group")
    if not (APPROVER_GROUP_CHECK and group_id):
        return PermissionLevel.MEMBER
    try:
        members = user_ids(okta.users_in_group(group_id=group_id))
    except OktaError:
        # Fail closed: when the approver group cannot be read (Okta outage, revoked token), only
        # Sym admins may approve, never every member. This follows Sym's own example.
        return PermissionLevel.ADMIN
    # RequestPermission refuses an empty list ("Input cannot be empty") on every request; a group
    # with no members Sym knows falls back to admins too.
    return members if members else PermissionLevel.ADMIN
