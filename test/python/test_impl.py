"""Runs templates/modules/okta-access-flow/impl.py's reducers with small stand-ins for the sym.sdk
modules it imports (sym-sdk 0.61's names and the one RequestPermission rule that matters here: an
empty user list raises ValueError("Input cannot be empty")). Sym runs impl.py, so this is the only
place its branches execute before a real request. Plain unittest: `python3 -m unittest` in .ci/run.
"""

import enum
import pathlib
import sys
import types
import unittest

IMPL = pathlib.Path(__file__).resolve().parents[2] / "templates/modules/okta-access-flow/impl.py"


class OktaError(Exception):
    pass


class PermissionLevel(enum.Enum):
    ADMIN = "admin"
    MEMBER = "member"
    ALL_USERS = "all_users"


class RequestPermission:
    def __init__(self, webapp_view, approve_deny, allow_self_approval=False):
        for value in (webapp_view, approve_deny):
            if isinstance(value, list) and not value:
                raise ValueError("Input cannot be empty")
        self.webapp_view = webapp_view
        self.approve_deny = approve_deny
        self.allow_self_approval = allow_self_approval


class User:
    def __init__(self, id):
        self.id = id


class Okta:
    """okta.users_in_group: members by group ID, or an OktaError to raise."""

    def __init__(self):
        self.groups = {}
        self.error = None
        self.asked = []

    def users_in_group(self, *, group_id):
        self.asked.append(group_id)
        if self.error:
            raise self.error
        return self.groups.get(group_id, [])


def install_sdk(okta):
    def module(name, **attrs):
        m = types.ModuleType(name)
        m.__dict__.update(attrs)
        sys.modules[name] = m
        return m

    module("sym")
    module("sym.sdk")
    module("sym.sdk.annotations", reducer=lambda f: f)
    module("sym.sdk.exceptions", OktaError=OktaError)
    module("sym.sdk.integrations", okta=okta, slack=types.SimpleNamespace(channel=lambda name: ("slack", name)))
    module("sym.sdk.notifications", Notification=lambda destinations: ("notification", destinations))
    module("sym.sdk.request_permission", PermissionLevel=PermissionLevel, RequestPermission=RequestPermission)
    module("sym.sdk.user", user_ids=lambda users: [u.id for u in users])


def run(okta, source, path):
    install_sdk(okta)
    namespace = {"__name__": "impl"}
    exec(compile(source, str(path), "exec"), namespace)
    return namespace


def load(okta, *, approver_check, self_approval=False):
    """impl.py as the wizard writes it, with its two switch lines set."""
    source = IMPL.read_text()
    for name, on in (("APPROVER_GROUP_CHECK", approver_check), ("ALLOW_SELF_APPROVAL", self_approval)):
        line = f"{name} = False"
        assert source.count(line) == 1, f"impl.py has no single '{line}' line"
        source = source.replace(line, f"{name} = {on}")
    return run(okta, source, IMPL)


def event(**flow_vars):
    return types.SimpleNamespace(flow=types.SimpleNamespace(vars={"request_channel": "#sym-requests", **flow_vars}))


GROUP = "00g1emaKYZTWRYYRRTSK"


class GetPermissions(unittest.TestCase):
    def setUp(self):
        self.okta = Okta()

    def permissions(self, approver_check=True, self_approval=False, **flow_vars):
        impl = load(self.okta, approver_check=approver_check, self_approval=self_approval)
        return impl["get_permissions"](event(**flow_vars))

    def test_members_of_the_approver_group_approve(self):
        self.okta.groups[GROUP] = [User("u1"), User("u2")]
        p = self.permissions(approver_group=GROUP)
        self.assertEqual(p.approve_deny, ["u1", "u2"])
        self.assertEqual(self.okta.asked, [GROUP])
        self.assertEqual(p.webapp_view, PermissionLevel.ADMIN)

    def test_an_empty_group_falls_back_to_admins_instead_of_failing_every_request(self):
        self.okta.groups[GROUP] = []
        p = self.permissions(approver_group=GROUP)
        self.assertEqual(p.approve_deny, PermissionLevel.ADMIN)

    def test_an_okta_error_falls_back_to_admins(self):
        self.okta.error = OktaError("IDENTITY_NOT_FOUND")
        p = self.permissions(approver_group=GROUP)
        self.assertEqual(p.approve_deny, PermissionLevel.ADMIN)

    def test_without_the_check_members_approve_and_okta_is_not_asked(self):
        p = self.permissions(approver_check=False, approver_group=GROUP)
        self.assertEqual(p.approve_deny, PermissionLevel.MEMBER)
        self.assertEqual(self.okta.asked, [])

    def test_the_check_on_without_a_group_in_flow_vars_lets_members_approve(self):
        p = self.permissions()
        self.assertEqual(p.approve_deny, PermissionLevel.MEMBER)

    def test_self_approval_is_off_unless_switched_on(self):
        self.assertIs(self.permissions().allow_self_approval, False)
        self.assertIs(self.permissions(self_approval=True).allow_self_approval, True)


class GetRequestNotifications(unittest.TestCase):
    def test_posts_to_the_request_channel(self):
        impl = load(Okta(), approver_check=False)
        self.assertEqual(
            impl["get_request_notifications"](event(request_channel="C0123ABCD")),
            [("notification", [("slack", "C0123ABCD")])],
        )


if __name__ == "__main__":
    # `test_impl.py permissions <impl.py>`: what a project's impl.py returns from get_permissions for a
    # request with no approver group, as JSON (the e2e tests read the impl.py a run applied).
    if sys.argv[1:2] == ["permissions"]:
        import json

        path = pathlib.Path(sys.argv[2])
        p = run(Okta(), path.read_text(), path)["get_permissions"](event())
        level = lambda v: v.name if isinstance(v, PermissionLevel) else v  # noqa: E731
        print(json.dumps({"allow_self_approval": p.allow_self_approval, "approve_deny": level(p.approve_deny)}))
    else:
        unittest.main()
