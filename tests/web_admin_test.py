"""Administration API of the portal (src/server/admin_*.cc) against a real
`disrupt serve`: who may call it, a user's life from creation with a TOTP
enrolment to disabling, re-enabling and a reset of the second factor, the
clearance an administrator sets reaching the user's session, self-service
enrolment of the second factor at the first sign-in, member states and their
agencies edited (a new member's users seeing what is released to all members),
and the audit trail. TOTP codes are computed here
(RFC 6238) independently of the server."""
import base64
import hashlib
import hmac
import json
import struct
import subprocess
import time

import server_common as sc
from server_common import check

PASSWORD = "correct-horse-battery-9"


def totp(secret, step=None):
    key = base64.b32decode(secret + "=" * (-len(secret) % 8))
    step = int(time.time() // 30) if step is None else step
    mac = hmac.new(key, struct.pack(">Q", step), hashlib.sha1).digest()
    off = mac[-1] & 0x0F
    return "%06d" % ((struct.unpack(">I", mac[off:off + 4])[0] & 0x7FFFFFFF) % 1000000)


_used = {}


def fresh_code(user, secret):
    """A code of a TOTP step not yet used by `user` (the server refuses replays)."""
    while True:
        step = int(time.time() // 30)
        if _used.get(user, -1) < step:
            _used[user] = step
            return totp(secret, step)
        time.sleep(1)  # waiting for the next TOTP step, not timing anything


def sign_in(server, user, code=None):
    body = {"username": user, "password": PASSWORD}
    if code:
        body["totp"] = code
    return server.request("POST", "/api/v1/session", body=body)


def main():
    server = sc.Server()
    try:
        out = server.add_user("root.admin", "AUS", roles="administrator,analyst", totp=True)
        admin_secret = out.split("secret:")[1].split()[0]
        server.add_user("aus.analyst", "AUS")
        server.start()
        admin = sc.Client(server, "root.admin", totp=fresh_code("root.admin", admin_secret))
        analyst = sc.Client(server, "aus.analyst")

        # Who may call it.
        status, _, _ = analyst.call("GET", "/api/v1/admin/users")
        check(status == 403, "an analyst is refused the user list: %d" % status)
        status, _, _ = server.request("GET", "/api/v1/admin/users")
        check(status == 401, "an anonymous caller is refused: %d" % status)
        status, _, _ = admin.call("POST", "/api/v1/admin/users", body={"id": "x.y", "member": "AUS", "roles": ["analyst"],
                                                                       "password": PASSWORD}, csrf=False)
        check(status == 403, "a state change without the CSRF header is refused: %d" % status)

        # A new user with an enrolment shown once.
        body = {"id": "nzl.officer", "display_name": "NZ Officer", "member": "NZL", "agency": "NZ Police",
                "roles": ["analyst"], "clearance": "CONFIDENTIAL", "clearance_expires": "2099-12-31",
                "compartments": ["OPS1"], "password": PASSWORD}
        status, headers, payload = admin.call("POST", "/api/v1/admin/users", body=body)
        check(status == 201, "user created: %d %s" % (status, payload[:300]))
        check(headers.get("cache-control") == "no-store", "the enrolment answer is not cached")
        created = json.loads(payload)
        uri = created["enrolment"]["totp_uri"]
        secret = created["enrolment"]["totp_secret"]
        check(uri.startswith("otpauth://totp/") and ("secret=" + secret) in uri, "the enrolment is an otpauth URI: " + uri)
        check(created["user"]["clearance"]["level"] == "CONFIDENTIAL" and not created["user"]["totp_enrolled"],
              "the new user holds the clearance; the second factor waits for its first code")
        check(created["enrolment"].get("enrol_until") and created["user"]["totp_pending"],
              "the enrolment says by when it must be confirmed")
        status, _, payload = admin.call("POST", "/api/v1/admin/users", body=body)
        check(status == 409, "a second user with the same id is refused: %d" % status)
        bad = dict(body, id="zz.top", member="ZZZ")
        status, _, payload = admin.call("POST", "/api/v1/admin/users", body=bad)
        check(status == 400 and json.loads(payload)["error"].get("field") == "member",
              "an unknown member is refused, naming the field: %s" % payload[:200])
        bad = dict(body, id="zz.role", roles=["king"])
        status, _, payload = admin.call("POST", "/api/v1/admin/users", body=bad)
        check(status == 400 and json.loads(payload)["error"].get("field") == "roles", "an unknown role is refused")

        # Self-service enrolment: the right password alone shows the factor to set up, and no session.
        status, headers, payload = sign_in(server, "nzl.officer")
        shown = json.loads(payload)
        check(status == 200 and shown.get("enrolment_required") is True, "the password alone asks for enrolment: %d %s"
              % (status, payload[:200]))
        check(shown["totp_secret"] == secret and ("secret=" + secret) in shown["totp_uri"],
              "the user is shown the same factor the administrator was")
        check("set-cookie" not in headers and "csrf_token" not in shown, "no session before the first code")
        check(headers.get("cache-control") == "no-store", "the enrolment answer is not cached")
        status, _, payload = sign_in(server, "nzl.officer.x")
        check(status == 401, "an unknown user is not asked to enrol: %d" % status)
        status, _, _ = server.request("POST", "/api/v1/session",
                                      body={"username": "nzl.officer", "password": "wrong-password-123"})
        check(status == 401, "a wrong password shows nothing: %d" % status)
        # The first valid code confirms the factor and opens the session.
        officer = sc.Client(server, "nzl.officer", totp=fresh_code("nzl.officer", secret))
        check(officer.session["clearance"] == "CONFIDENTIAL" and officer.session["member"] == "NZL",
              "the session carries the member and clearance set by the administrator")
        status, _, payload = sign_in(server, "nzl.officer")
        check(status == 401 and b"totp_secret" not in payload,
              "once confirmed, the password alone no longer shows the secret: %d" % status)
        listed = {u["id"]: u for u in admin.json("GET", "/api/v1/admin/users")["users"]}
        check(listed["nzl.officer"]["totp_enrolled"] and not listed["nzl.officer"]["totp_pending"],
              "the list shows the factor confirmed")

        # A changed clearance reaches the user.
        upd = {"display_name": "NZ Officer", "member": "NZL", "agency": "NZ Police", "roles": ["analyst", "observer"],
               "clearance": "SECRET", "compartments": []}
        result = admin.json("PUT", "/api/v1/admin/users/nzl.officer", body=upd)
        check(result["user"]["clearance"]["level"] == "SECRET" and "observer" in result["user"]["roles"],
              "the update is answered with the new settings")
        check(officer.json("GET", "/api/v1/session")["clearance"] == "SECRET", "the user's session sees the new clearance")
        status, _, _ = admin.call("PUT", "/api/v1/admin/users/nobody.here", body=upd)
        check(status == 404, "updating a missing user: %d" % status)

        # Disable ends the sessions; enable lets the user back.
        admin.json("POST", "/api/v1/admin/users/nzl.officer/disable")
        status, _, _ = officer.call("GET", "/api/v1/session")
        check(status == 401, "disabling ends the user's session: %d" % status)
        # (A refused sign-in does not use up the code's step.)
        status, _, _ = sign_in(server, "nzl.officer", totp(secret))
        check(status == 401, "a disabled user cannot sign in: %d" % status)
        listed = {u["id"]: u for u in admin.json("GET", "/api/v1/admin/users")["users"]}
        check(listed["nzl.officer"]["disabled"], "the list shows the user disabled")
        enabled = admin.json("POST", "/api/v1/admin/users/nzl.officer/enable")
        check(not enabled["user"]["disabled"], "the user is enabled again")
        status, _, payload = admin.call("POST", "/api/v1/admin/users/root.admin/disable")
        check(status == 400, "an administrator cannot disable themselves: %d" % status)

        # A reset replaces the second factor.
        reset = admin.json("POST", "/api/v1/admin/users/nzl.officer/totp-reset")
        new_secret = reset["enrolment"]["totp_secret"]
        check(new_secret and new_secret != secret, "the reset gives a new secret")
        status, _, _ = sign_in(server, "nzl.officer", totp(secret))
        check(status == 401, "the old authenticator no longer works: %d" % status)
        # The reset also clears the replay guard: the new secret's current code is fresh.
        back = sc.Client(server, "nzl.officer", totp=totp(new_secret))
        check(back.session["user"] == "nzl.officer", "the re-enabled user signs in with the new authenticator")
        admin.json("POST", "/api/v1/admin/users/nzl.officer/unlock")

        # Member states and their agencies.
        members = {m["code"]: m for m in admin.json("GET", "/api/v1/admin/members")["members"]}
        check("AUS" in members and "NZL" in members and "IOM" in members, "the members are listed")
        check({"acronym": "", "name": "NZ Police", "focal_point": "", "registered": False, "users": 1}
              in members["NZL"]["agencies"], "NZL lists the agency its user named, unregistered, with its user count")

        # Registering agencies: by acronym, with a focal point of the same member.
        agency = admin.json("PUT", "/api/v1/admin/members/NZL/agencies/NZP",
                            body={"name": "NZ Police", "focal_point": "nzl.officer"})
        check(agency == {"member": "NZL", "acronym": "NZP", "name": "NZ Police", "focal_point": "nzl.officer"},
              "the agency is registered: %s" % agency)
        members = {m["code"]: m for m in admin.json("GET", "/api/v1/admin/members")["members"]}
        check(members["NZL"]["agencies"] == [{"acronym": "NZP", "name": "NZ Police", "focal_point": "nzl.officer",
                                               "registered": True, "users": 1}],
              "the registered agency counts the users who named it: %s" % members["NZL"]["agencies"])
        status, _, payload = admin.call("PUT", "/api/v1/admin/members/NZL/agencies/NZP",
                                        body={"name": "NZ Police", "focal_point": "aus.analyst"})
        check(status == 400 and json.loads(payload)["error"]["field"] == "focal_point",
              "a focal point of another member is refused: %d %s" % (status, payload[:200]))
        status, _, payload = admin.call("PUT", "/api/v1/admin/members/NZL/agencies/nz%20police", body={"name": "x"})
        check(status == 400 and json.loads(payload)["error"]["field"] == "acronym", "a bad acronym is refused")
        status, _, _ = admin.call("PUT", "/api/v1/admin/members/XXX/agencies/ABC", body={"name": "x"})
        check(status == 404, "an agency of an unknown member: %d" % status)
        status, _, _ = analyst.call("PUT", "/api/v1/admin/members/AUS/agencies/AFP", body={"name": "AFP"})
        check(status == 403, "an analyst cannot register agencies: %d" % status)
        status, _, _ = admin.call("DELETE", "/api/v1/admin/members/NZL/agencies/NZP")
        check(status == 204, "the agency is removed: %d" % status)
        status, _, _ = admin.call("DELETE", "/api/v1/admin/members/NZL/agencies/NZP")
        check(status == 404, "removing it twice: %d" % status)

        # Editing members: a name change, and a new member whose users then see what is released to all members.
        changed = admin.json("PUT", "/api/v1/admin/members/NZL", body={"name": "Aotearoa New Zealand"})
        check(changed["name"] == "Aotearoa New Zealand" and changed["kind"] == "state", "the member is renamed")
        status, _, payload = admin.call("PUT", "/api/v1/admin/members/ZZZ", body={"name": "Nowhere"})
        check(status == 400 and json.loads(payload)["error"]["field"] == "code",
              "a state needs an ISO 3166 code: %d %s" % (status, payload[:200]))
        status, _, payload = admin.call("PUT", "/api/v1/admin/members/GRL", body={"kind": "territory"})
        check(status == 400 and json.loads(payload)["error"]["field"] == "name", "a new member needs a name")
        status, _, payload = admin.call("PUT", "/api/v1/admin/members/UNICEF",
                                        body={"name": "United Nations Children's Fund", "kind": "organisation",
                                              "role": "observer"})
        check(status == 201, "a new member organisation is added: %d %s" % (status, payload[:200]))
        status, _, payload = analyst.call("PUT", "/api/v1/admin/members/AUS", body={"name": "x"})
        check(status == 403, "an analyst cannot edit members: %d" % status)
        shared = sc.record("AUS-P-SHARED", "AUS", name="Shared Person", releasable_to=["ALL_MEMBERS"])
        status, _, payload = analyst.call("POST", "/api/v1/entities", body=shared)
        check(status == 201, "a record released to all members: %d %s" % (status, payload[:200]))
        admin.json("POST", "/api/v1/admin/users", body={"id": "unicef.one", "member": "UNICEF", "agency": "HQ",
                                                        "roles": ["analyst"], "clearance": "SECRET",
                                                        "password": PASSWORD}, expect=201)
        enrol = json.loads(sign_in(server, "unicef.one")[2])
        newcomer = sc.Client(server, "unicef.one", totp=fresh_code("unicef.one", enrol["totp_secret"]))
        status, _, _ = newcomer.call("GET", "/api/v1/entities/AUS-P-SHARED")
        check(status == 404, "an observer organisation is not one of ALL_MEMBERS: %d" % status)
        admin.json("PUT", "/api/v1/admin/members/UNICEF", body={"role": "member", "ad_hoc_group": True})
        status, _, _ = newcomer.call("GET", "/api/v1/entities/AUS-P-SHARED")
        check(status == 200, "once a full member, its signed-in user sees what is released to all members: %d" % status)
        ahg = sc.record("AUS-P-AHG", "AUS", name="Ad Hoc Person", releasable_to=["AHG"])
        check(analyst.call("POST", "/api/v1/entities", body=ahg)[0] == 201, "a record released to the Ad Hoc Group")
        check(newcomer.call("GET", "/api/v1/entities/AUS-P-AHG")[0] == 200, "and what is released to the Ad Hoc Group")
        admin.json("PUT", "/api/v1/admin/members/UNICEF", body={"ad_hoc_group": False})
        check(newcomer.call("GET", "/api/v1/entities/AUS-P-AHG")[0] == 404, "leaving the group takes it away at once")

        # The audit log holds every step, with the administrator as actor.
        log = server.run_cli(["audit", "query", "--store", server.store, "--actor", "root.admin", "--action",
                              "auth.user"]).stdout
        for reason in ("user_added", "user_updated", "user_disabled", "user_enabled", "totp_reset", "user_unlocked"):
            check(reason in log, "audited: " + reason)
        log = server.run_cli(["audit", "query", "--store", server.store, "--action", "admin.member"]).stdout
        for reason in ("agency_saved", "agency_removed", "member_updated", "member_added"):
            check(reason in log, "audited: " + reason)
        log = server.run_cli(["audit", "query", "--store", server.store, "--actor", "nzl.officer"]).stdout
        check("totp_enrolment_shown" in log and "totp_enrolled" in log, "the self-service enrolment is audited")
        check(secret not in log and new_secret not in log, "no TOTP secret in the audit log")
    finally:
        server.cleanup()


if __name__ == "__main__":
    sc.run(main)
