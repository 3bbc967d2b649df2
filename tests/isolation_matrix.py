"""Who gets what, for every route: the checked-in table of tests/test_isolation_matrix.py.

Columns, in order: anonymous, lead, member, viewer, coach, facilitator, outsider, staff,
school_lead, school_member, school_viewer (the cast of tests/cast.py). The URL of each route
is aimed at Riverside, the home district of the lead, member and viewer; coached by the
coach; in the facilitator's cohort; foreign to the outsider (lead of another district); a
school route at Riverside High School, whose team the last three are (OTHER_SCHOOL: aimed
at another school of Riverside). Self-assessment routes use a submitted round shared
with the coaches and the cohort (the widest audience), so the table shows what each role may
do with a round it can see; drafts are covered in tests/test_rounds.py. A POST carries no
data: forms answer 400 or their redirect, so the table shows who gets past the access layer.

  302 for anonymous  — sent to sign in (LoginRequiredMiddleware)
  404 for outsider   — another district's page answers as if it did not exist
  403                — the person sees the district but their role may not do this
  405                — the method is not allowed, whoever asks

The Django admin's routes have no rows: one rule answers for all of them
(tests/test_isolation_admin.py).
"""


def is_admin(key: str) -> bool:
    return key.startswith(("admin:", "admin/"))


MATRIX = {
    # --- Waypoint's own pages -------------------------------------------------------------
    "dashboards:landing": {  # a redirect for everyone signed in: where their job is
        "GET": "302 302 302 302 302 302 302 302 302 302 302",
        "POST": "302 405 405 405 405 405 405 405 405 405 405",
    },
    "dashboards:board": {  # a board snapshot's public page: whoever has the link, signed in or not
        "GET": "200 200 200 200 200 200 200 200 200 200 200",
        "POST": "405 405 405 405 405 405 405 405 405 405 405",
    },
    "dashboards:snapshots": {  # the district's leads publish them
        "GET": "302 200 403 403 403 403 404 403 403 403 403",
        "POST": "302 400 403 403 403 403 404 403 403 403 403",
    },
    "dashboards:snapshot_stop": {
        "GET": "302 200 403 403 403 403 404 403 403 403 403",
        "POST": "302 302 403 403 403 403 404 403 403 403 403",
    },
    "dashboards:peers": {  # the district's team (and staff): by what its cohorts share
        "GET": "302 200 200 200 403 403 404 200 403 403 403",
        "POST": "302 405 405 405 405 405 405 405 405 405 405",
    },
    "dashboards:pairing_add": {  # the cohort's facilitators (and staff)
        "GET": "302 405 405 405 405 405 405 405 405 405 405",
        "POST": "302 404 404 404 404 302 404 302 404 404 404",
    },
    "library:index": {  # the seeds' reference library: everyone signed in
        "GET": "302 200 200 200 200 200 200 200 200 200 200",
        "POST": "302 405 405 405 405 405 405 405 405 405 405",
    },
    "dashboards:district": {
        "GET": "302 200 200 200 200 200 404 200 200 200 200",
        "POST": "302 405 405 405 405 405 405 405 405 405 405",
    },
    "districts:invitation_withdraw": {
        "GET": "302 405 405 405 405 405 405 405 405 405 405",
        "POST": "302 302 403 403 403 403 404 302 403 403 403",
    },
    "districts:domain_new": {  # the district's leads and staff list its email domains
        "GET": "302 405 405 405 405 405 405 405 405 405 405",
        "POST": "302 400 403 403 403 403 404 400 403 403 403",
    },
    "districts:domain_remove": {  # the same
        "GET": "302 200 403 403 403 403 404 200 403 403 403",
        "POST": "302 302 403 403 403 403 404 302 403 403 403",
    },
    "districts:domain_verify": {  # staff verify; a lead checks the DNS record
        "GET": "302 405 405 405 405 405 405 405 405 405 405",
        "POST": "302 302 403 403 403 403 404 302 403 403 403",
    },
    "districts:join_request": {  # the leads decide who asked to join
        "GET": "302 405 405 405 405 405 405 405 405 405 405",
        "POST": "302 302 403 403 403 403 404 302 403 403 403",
    },
    "districts:joining": {  # the leads choose who joins by domain
        "GET": "302 405 405 405 405 405 405 405 405 405 405",
        "POST": "302 302 403 403 403 403 404 302 403 403 403",
    },
    "trash:index": {  # staff only: the deleted districts
        "GET": "302 403 403 403 403 403 403 200 403 403 403",
        "POST": "302 405 405 405 405 405 405 405 405 405 405",
    },
    "trash:district_trash": {  # staff delete a district (to the trash), offered its record
        "GET": "302 403 403 403 403 403 404 200 403 403 403",
        "POST": "302 403 403 403 403 403 404 302 403 403 403",
    },
    "trash:district_restore": {  # a trashed district: invisible to all but staff
        "GET": "302 404 404 404 404 404 404 200 404 404 404",
        "POST": "302 404 404 404 404 404 404 302 404 404 404",
    },
    "districts:district_new": {  # staff only
        "GET": "302 403 403 403 403 403 403 200 403 403 403",
        "POST": "302 403 403 403 403 403 403 400 403 403 403",
    },
    "districts:clock": {  # leads and staff set the district's time zone
        "GET": "302 405 405 405 405 405 405 405 405 405 405",
        "POST": "302 400 403 403 403 403 404 400 403 403 403",
    },
    "two_step_continue": {  # on from the recovery codes: where the person was going
        "GET": "302 302 302 302 302 302 302 302 302 302 302",
        "POST": "302 405 405 405 405 405 405 405 405 405 405",
    },
    "districts:coach_assign": {  # staff assign coaches (from the people who can coach)
        "GET": "302 405 405 405 405 405 405 405 405 405 405",
        "POST": "302 403 403 403 403 403 404 400 403 403 403",
    },
    "districts:coach_remove": {  # staff end a coach's assignment
        "GET": "302 405 405 405 405 405 405 405 405 405 405",
        "POST": "302 403 403 403 403 403 404 302 403 403 403",
    },
    "districts:member_invite": {
        "GET": "302 405 405 405 405 405 405 405 405 405 405",
        "POST": "302 400 403 403 403 403 404 400 403 403 403",
    },
    "districts:member_remove": {
        "GET": "302 200 403 403 403 403 404 200 403 403 403",
        "POST": "302 302 403 403 403 403 404 302 403 403 403",
    },
    "districts:member_role": {
        "GET": "302 405 405 405 405 405 405 405 405 405 405",
        "POST": "302 302 403 403 403 403 404 302 403 403 403",
    },
    "districts:members": {
        "GET": "302 200 200 200 403 403 404 200 403 403 403",
        "POST": "302 405 405 405 405 405 405 405 405 405 405",
    },
    "health": {
        "GET": "200 200 200 200 200 200 200 200 200 200 200",
        "POST": "405 405 405 405 405 405 405 405 405 405 405",
    },
    # closed: no METRICS_TOKEN in the tests (tests/test_health.py opens it)
    "metrics": {
        "GET": "404 404 404 404 404 404 404 404 404 404 404",
        "POST": "404 404 404 404 404 404 404 404 404 404 404",
    },
    "home": {
        "GET": "302 302 302 302 200 200 302 200 302 302 302",
        "POST": "302 405 405 405 405 405 405 405 405 405 405",
    },
    "invitation_accept": {
        "GET": "200 200 200 200 200 200 200 200 200 200 200",
        "POST": "400 200 200 200 200 200 200 200 200 200 200",
    },
    "login": {
        "GET": "200 302 302 302 302 302 302 302 302 302 302",
        "POST": "200 302 302 302 302 302 302 302 302 302 302",
    },
    "logout": {
        "GET": "302 200 200 200 200 200 200 200 200 200 200",
        "POST": "302 302 302 302 302 302 302 302 302 302 302",
    },
    # --- django-allauth's sign-in pages (accounts/urls.py: only those Waypoint uses) ------
    "account_change_password": {  # the same page as password_change, by allauth's name
        "GET": "302 200 200 200 200 200 200 200 200 200 200",
        "POST": "302 200 200 200 200 200 200 200 200 200 200",
    },
    "account_inactive": {  # allauth's notice for a deactivated account
        "GET": "200 200 200 200 200 200 200 200 200 200 200",
        "POST": "405 405 405 405 405 405 405 405 405 405 405",
    },
    "account_login": {  # the same page as login, by allauth's name
        "GET": "200 302 302 302 302 302 302 302 302 302 302",
        "POST": "200 302 302 302 302 302 302 302 302 302 302",
    },
    "account_logout": {  # the same page as logout
        "GET": "302 200 200 200 200 200 200 200 200 200 200",
        "POST": "302 302 302 302 302 302 302 302 302 302 302",
    },
    "account_reauthenticate": {  # a password again, before a sensitive change
        "GET": "302 200 200 200 200 200 200 200 200 200 200",
        "POST": "302 200 200 200 200 200 200 200 200 200 200",
    },
    "account_reset_password": {  # the same page as password_reset, by allauth's name
        "GET": "200 200 200 200 200 200 200 200 200 200 200",
        "POST": "200 200 200 200 200 200 200 200 200 200 200",
    },
    "account_security": {  # each person's own
        "GET": "302 200 200 200 200 200 200 200 200 200 200",
        "POST": "302 405 405 405 405 405 405 405 405 405 405",
    },
    "account_session_end": {  # the lead's other session: only the lead ends it
        "GET": "302 405 405 405 405 405 405 405 405 405 405",
        "POST": "302 302 404 404 404 404 404 404 404 404 404",
    },
    "account_set_password": {  # for someone without a password (signed in by a provider)
        "GET": "302 302 302 302 302 302 302 302 302 302 302",
        "POST": "302 302 302 302 302 302 302 302 302 302 302",
    },
    "account_signup": {  # closed: people join by invitation or by a provider
        "GET": "200 302 302 302 302 302 302 302 302 302 302",
        "POST": "200 302 302 302 302 302 302 302 302 302 302",
    },
    "mfa_activate_totp": {  # each person's own
        "GET": "302 200 200 200 200 200 200 200 200 200 200",
        "POST": "302 200 200 200 200 200 200 200 200 200 200",
    },
    "mfa_authenticate": {  # the second step of a sign-in in progress (none here)
        "GET": "302 302 302 302 302 302 302 302 302 302 302",
        "POST": "302 302 302 302 302 302 302 302 302 302 302",
    },
    "mfa_deactivate_totp": {  # nobody here has an authenticator app
        "GET": "302 404 404 404 404 404 404 404 404 404 404",
        "POST": "302 404 404 404 404 404 404 404 404 404 404",
    },
    "mfa_download_recovery_codes": {  # nobody here has recovery codes
        "GET": "302 404 404 404 404 404 404 404 404 404 404",
        "POST": "302 404 404 404 404 404 404 404 404 404 404",
    },
    "mfa_generate_recovery_codes": {  # each person's own
        "GET": "302 200 200 200 200 200 200 200 200 200 200",
        "POST": "302 200 200 200 200 200 200 200 200 200 200",
    },
    "mfa_index": {  # each person's own
        "GET": "302 200 200 200 200 200 200 200 200 200 200",
        "POST": "302 405 405 405 405 405 405 405 405 405 405",
    },
    "mfa_reauthenticate": {  # no authenticator to reauthenticate with
        "GET": "302 302 302 302 302 302 302 302 302 302 302",
        "POST": "302 302 302 302 302 302 302 302 302 302 302",
    },
    "mfa_view_recovery_codes": {  # nobody here has recovery codes
        "GET": "302 404 404 404 404 404 404 404 404 404 404",
        "POST": "302 405 405 405 405 405 405 405 405 405 405",
    },
    # no provider configured here (tests/test_sign_in_sso.py signs in through one)
    "openid_connect_callback": {
        "GET": "404 404 404 404 404 404 404 404 404 404 404",
        "POST": "404 404 404 404 404 404 404 404 404 404 404",
    },
    "openid_connect_login": {  # no provider configured here
        "GET": "404 404 404 404 404 404 404 404 404 404 404",
        "POST": "404 404 404 404 404 404 404 404 404 404 404",
    },
    "socialaccount_connections": {  # each person's linked identities
        "GET": "302 200 200 200 200 200 200 200 200 200 200",
        "POST": "302 200 200 200 200 200 200 200 200 200 200",
    },
    "socialaccount_login_cancelled": {  # after cancelling at the provider
        "GET": "200 200 200 200 200 200 200 200 200 200 200",
        "POST": "405 405 405 405 405 405 405 405 405 405 405",
    },
    "socialaccount_login_error": {  # after a provider's error
        "GET": "302 401 401 401 401 401 401 401 401 401 401",
        "POST": "302 405 405 405 405 405 405 405 405 405 405",
    },
    "socialaccount_signup": {  # only in the middle of a provider's sign-in
        "GET": "302 302 302 302 302 302 302 302 302 302 302",
        "POST": "302 302 302 302 302 302 302 302 302 302 302",
    },
    "usersessions_list": {  # each person's own sessions
        "GET": "302 200 200 200 200 200 200 200 200 200 200",
        "POST": "302 302 302 302 302 302 302 302 302 302 302",
    },
    "password_change": {
        "GET": "302 200 200 200 200 200 200 200 200 200 200",
        "POST": "302 200 200 200 200 200 200 200 200 200 200",
    },
    "password_change_done": {
        "GET": "302 200 200 200 200 200 200 200 200 200 200",
        "POST": "302 405 405 405 405 405 405 405 405 405 405",
    },
    "password_reset": {
        "GET": "200 200 200 200 200 200 200 200 200 200 200",
        "POST": "200 200 200 200 200 200 200 200 200 200 200",
    },
    "password_reset_complete": {
        "GET": "200 200 200 200 200 200 200 200 200 200 200",
        "POST": "405 405 405 405 405 405 405 405 405 405 405",
    },
    "password_reset_confirm": {
        "GET": "200 200 200 200 200 200 200 200 200 200 200",
        "POST": "200 200 200 200 200 200 200 200 200 200 200",
    },
    "password_reset_done": {
        "GET": "200 200 200 200 200 200 200 200 200 200 200",
        "POST": "405 405 405 405 405 405 405 405 405 405 405",
    },
    "rubrics:comment": {
        "GET": "302 405 405 405 405 405 405 405 405 405 405",
        "POST": "302 302 302 403 302 403 404 403 403 403 403",
    },
    "rubrics:compare": {
        "GET": "302 200 200 200 200 200 404 200 200 200 200",
        "POST": "302 405 405 405 405 405 405 405 405 405 405",
    },
    "rubrics:consensus": {
        "GET": "302 200 200 200 403 403 404 200 403 403 403",
        "POST": "302 405 405 405 405 405 405 405 405 405 405",
    },
    "rubrics:consensus_dimension": {
        "GET": "302 405 405 405 405 405 405 405 405 405 405",
        "POST": "302 400 403 403 403 403 404 403 403 403 403",
    },
    "rubrics:consensus_history": {
        "GET": "302 200 200 200 200 200 404 200 200 200 200",
        "POST": "302 405 405 405 405 405 405 405 405 405 405",
    },
    "rubrics:rate": {
        "GET": "302 302 302 403 403 403 404 403 403 403 403",
        "POST": "302 405 405 405 405 405 405 405 405 405 405",
    },
    "rubrics:rate_dimension": {
        "GET": "302 405 405 405 405 405 405 405 405 405 405",
        "POST": "302 400 400 403 403 403 404 403 403 403 403",
    },
    "rubrics:reopen": {
        "GET": "302 200 403 403 403 403 404 403 403 403 403",
        "POST": "302 400 403 403 403 403 404 403 403 403 403",
    },
    "rubrics:reviewed": {
        "GET": "302 405 405 405 405 405 405 405 405 405 405",
        "POST": "302 403 403 403 302 403 404 403 403 403 403",
    },
    "rubrics:round": {
        "GET": "302 200 200 200 200 200 404 200 200 200 200",
        "POST": "302 405 405 405 405 405 405 405 405 405 405",
    },
    "rubrics:round_new": {
        "GET": "302 405 405 405 405 405 405 405 405 405 405",
        "POST": "302 400 403 403 403 403 404 403 403 403 403",
    },
    "rubrics:rounds": {
        "GET": "302 200 200 200 200 200 404 200 200 200 200",
        "POST": "302 405 405 405 405 405 405 405 405 405 405",
    },
    "rubrics:school_rounds": {  # read as the schools are; the district's leads open them
        "GET": "302 200 200 200 200 403 404 200 200 200 200",
        "POST": "302 400 403 403 403 403 404 403 403 403 403",
    },
    "rubrics:share": {
        "GET": "302 405 405 405 405 405 405 405 405 405 405",
        "POST": "302 302 403 403 403 403 404 403 403 403 403",
    },
    "rubrics:submit": {
        "GET": "302 405 405 405 405 405 405 405 405 405 405",
        "POST": "302 302 403 403 403 403 404 403 403 403 403",
    },
    "dashboards:week": {  # everyone's own: what each sees in it, tests/test_week.py
        "GET": "302 200 200 200 200 200 200 200 200 200 200",
        "POST": "302 405 405 405 405 405 405 405 405 405 405",
    },
    "my_steps": {
        "GET": "302 200 200 200 200 200 200 200 200 200 200",
        "POST": "302 405 405 405 405 405 405 405 405 405 405",
    },
    "measures:list": {  # the plan's audience: its team, coaches, the cohort if shared
        "GET": "302 200 200 200 200 403 404 200 200 200 200",
        "POST": "302 405 405 405 405 405 405 405 405 405 405",
    },
    "measures:detail": {
        "GET": "302 200 200 200 200 403 404 200 200 200 200",
        "POST": "302 405 405 405 405 405 405 405 405 405 405",
    },
    "measures:new": {  # the district's leads and members
        "GET": "302 200 200 403 403 403 404 403 403 403 403",
        "POST": "302 400 400 403 403 403 404 403 403 403 403",
    },
    "measures:edit": {
        "GET": "302 200 200 403 403 403 404 403 403 403 403",
        "POST": "302 400 400 403 403 403 404 403 403 403 403",
    },
    "measures:delete": {
        "GET": "302 200 200 403 403 403 404 403 403 403 403",
        "POST": "302 302 302 403 403 403 404 403 403 403 403",
    },
    "measures:export": {  # whoever reads the measures; notes only for who reads evidence
        "GET": "302 200 200 200 200 403 404 200 200 200 200",
        "POST": "302 405 405 405 405 405 405 405 405 405 405",
    },
    "measures:import": {  # the district's leads and members
        "GET": "302 200 200 403 403 403 404 403 403 403 403",
        "POST": "302 400 400 403 403 403 404 403 403 403 403",
    },
    "measures:point_new": {
        "GET": "302 405 405 405 405 405 405 405 405 405 405",
        "POST": "302 400 400 403 403 403 404 403 403 403 403",
    },
    "measures:point_edit": {
        "GET": "302 200 200 403 403 403 404 403 403 403 403",
        "POST": "302 400 400 403 403 403 404 403 403 403 403",
    },
    "schools:school_list": {  # what the district shares with its coaches: not its cohort
        "GET": "302 200 200 200 200 403 404 200 200 200 200",
        "POST": "302 405 405 405 405 405 405 405 405 405 405",
    },
    "schools:school": {  # read as the list is
        "GET": "302 200 200 200 200 403 404 200 200 200 200",
        "POST": "302 405 405 405 405 405 405 405 405 405 405",
    },
    "dashboards:rollout": {  # the schools × dimensions grid: the district's view, not a school's
        "GET": "302 200 200 200 200 403 404 200 403 403 403",
        "POST": "302 405 405 405 405 405 405 405 405 405 405",
    },
    "schools:school_new": {  # the district's leads
        "GET": "302 200 403 403 403 403 404 403 403 403 403",
        "POST": "302 400 403 403 403 403 404 403 403 403 403",
    },
    "schools:team_new": {  # the district's leads, staff and the school's own leads
        "GET": "302 200 403 403 403 403 404 200 200 403 403",
        "POST": "302 400 403 403 403 403 404 400 400 403 403",
    },
    "schools:team_role": {
        "GET": "302 200 403 403 403 403 404 200 200 403 403",
        "POST": "302 400 403 403 403 403 404 400 400 403 403",
    },
    "schools:team_remove": {
        "GET": "302 200 403 403 403 403 404 200 200 403 403",
        "POST": "302 302 403 403 403 403 404 302 302 403 403",
    },
    "schools:import": {
        "GET": "302 200 403 403 403 403 404 403 403 403 403",
        "POST": "302 400 403 403 403 403 404 403 403 403 403",
    },
    "schools:school_edit": {
        "GET": "302 200 403 403 403 403 404 403 403 403 403",
        "POST": "302 400 403 403 403 403 404 403 403 403 403",
    },
    "schools:school_close": {
        "GET": "302 200 403 403 403 403 404 403 403 403 403",
        "POST": "302 400 403 403 403 403 404 403 403 403 403",
    },
    "schools:school_reopen": {  # an open school: the lead is told so and sent back
        "GET": "302 200 403 403 403 403 404 403 403 403 403",
        "POST": "302 302 403 403 403 403 404 403 403 403 403",
    },
    "schools:school_stage": {  # the district's leads and members record a school's stage
        "GET": "302 405 405 405 405 405 405 405 405 405 405",
        "POST": "302 400 400 403 403 403 404 403 400 400 403",
    },
    "schools:stages": {  # the rollout: read as the schools are (a school's people: their own)
        "GET": "302 200 200 200 200 403 404 200 200 200 200",
        "POST": "302 405 405 405 405 405 405 405 405 405 405",
    },
    "planning:sharing": {
        "GET": "302 405 405 405 405 405 405 405 405 405 405",
        "POST": "302 302 403 403 403 403 404 403 403 403 403",
    },
    "planning:action_plan": {
        "GET": "302 200 200 200 200 403 404 200 200 200 200",
        "POST": "302 405 405 405 405 405 405 405 405 405 405",
    },
    "planning:action_plan_delete": {
        "GET": "302 200 200 403 403 403 404 403 403 403 403",
        "POST": "302 302 302 403 403 403 404 403 403 403 403",
    },
    "planning:action_plan_edit": {
        "GET": "302 200 200 403 403 403 404 403 403 403 403",
        "POST": "302 400 400 403 403 403 404 403 403 403 403",
    },
    "planning:action_plan_new": {
        "GET": "302 200 200 403 403 403 404 403 403 403 403",
        "POST": "302 400 400 403 403 403 404 403 403 403 403",
    },
    "planning:cell": {
        "GET": "302 405 405 405 405 405 405 405 405 405 405",
        "POST": "302 400 400 403 403 403 404 403 403 403 403",
    },
    "history:changes": {  # whoever opens the district: the changes of what each reads
        "GET": "302 200 200 200 200 200 404 200 200 200 200",
        "POST": "302 405 405 405 405 405 405 405 405 405 405",
    },
    "planning:cell_history": {
        "GET": "302 200 200 200 200 403 404 200 200 200 200",
        "POST": "302 405 405 405 405 405 405 405 405 405 405",
    },
    "planning:engagement": {
        "GET": "302 200 200 200 200 403 404 200 200 200 200",
        "POST": "302 400 400 403 403 403 404 403 403 403 403",
    },
    "planning:engagement_delete": {
        "GET": "302 200 200 403 403 403 404 403 403 403 403",
        "POST": "302 302 302 403 403 403 404 403 403 403 403",
    },
    "planning:engagement_edit": {
        "GET": "302 200 200 403 403 403 404 403 403 403 403",
        "POST": "302 400 400 403 403 403 404 403 403 403 403",
    },
    "planning:grid": {
        "GET": "302 200 200 200 200 403 404 200 200 200 200",
        "POST": "302 405 405 405 405 405 405 405 405 405 405",
    },
    "planning:horizon": {
        "GET": "302 405 405 405 405 405 405 405 405 405 405",
        "POST": "302 400 400 403 403 403 404 403 403 403 403",
    },
    "planning:overview": {
        "GET": "302 200 200 200 200 403 404 200 200 200 200",
        "POST": "302 405 405 405 405 405 405 405 405 405 405",
    },
    "planning:policies": {
        "GET": "302 200 200 200 200 403 404 200 200 200 200",
        "POST": "302 400 400 403 403 403 404 403 403 403 403",
    },
    "planning:policy_delete": {
        "GET": "302 200 200 403 403 403 404 403 403 403 403",
        "POST": "302 302 302 403 403 403 404 403 403 403 403",
    },
    "planning:policy_edit": {
        "GET": "302 200 200 403 403 403 404 403 403 403 403",
        "POST": "302 400 400 403 403 403 404 403 403 403 403",
    },
    "planning:step_delete": {
        "GET": "302 200 200 403 403 403 404 403 403 403 403",
        "POST": "302 302 302 403 403 403 404 403 403 403 403",
    },
    "planning:step_edit": {
        "GET": "302 200 200 403 403 403 404 403 403 403 403",
        "POST": "302 400 400 403 403 403 404 403 403 403 403",
    },
    "planning:step_status": {  # a step's status and due date from its row: as its edit
        "GET": "302 405 405 405 405 405 405 405 405 405 405",
        "POST": "302 400 400 403 403 403 404 403 403 403 403",
    },
    "planning:step_move": {
        "GET": "302 405 405 405 405 405 405 405 405 405 405",
        "POST": "302 302 302 403 403 403 404 403 403 403 403",
    },
    "planning:commitment_step": {  # the district's leads and members
        "GET": "302 200 200 403 403 403 404 403 403 403 403",
        "POST": "302 400 400 403 403 403 404 403 403 403 403",
    },
    "planning:commitment_close": {  # the district's leads and members
        "GET": "302 405 405 405 405 405 405 405 405 405 405",
        "POST": "302 302 302 403 403 403 404 403 403 403 403",
    },
    "planning:step_new": {
        "GET": "302 405 405 405 405 405 405 405 405 405 405",
        "POST": "302 400 400 403 403 403 404 403 403 403 403",
    },
    "competencies:competency_delete": {
        "GET": "302 200 200 403 403 403 404 403 403 403 403",
        "POST": "302 302 302 403 403 403 404 403 403 403 403",
    },
    "competencies:competency_edit": {
        "GET": "302 200 200 403 403 403 404 403 403 403 403",
        "POST": "302 400 400 403 403 403 404 403 403 403 403",
    },
    "competencies:competency_move": {
        "GET": "302 405 405 405 405 405 405 405 405 405 405",
        "POST": "302 302 302 403 403 403 404 403 403 403 403",
    },
    "competencies:competency_new": {
        "GET": "302 405 405 405 405 405 405 405 405 405 405",
        "POST": "302 400 400 403 403 403 404 403 403 403 403",
    },
    "competencies:criteria": {
        "GET": "302 405 405 405 405 405 405 405 405 405 405",
        "POST": "302 400 400 403 403 403 404 403 403 403 403",
    },
    "competencies:export": {
        "GET": "302 200 200 200 200 403 404 200 200 200 200",
        "POST": "302 405 405 405 405 405 405 405 405 405 405",
    },
    "competencies:import": {
        "GET": "302 200 200 403 403 403 404 403 403 403 403",
        "POST": "302 400 400 403 403 403 404 403 403 403 403",
    },
    "competencies:indicator": {
        "GET": "302 200 200 200 200 403 404 200 200 200 200",
        "POST": "302 405 405 405 405 405 405 405 405 405 405",
    },
    "competencies:indicator_delete": {
        "GET": "302 200 200 403 403 403 404 403 403 403 403",
        "POST": "302 302 302 403 403 403 404 403 403 403 403",
    },
    "competencies:indicator_edit": {
        "GET": "302 200 200 403 403 403 404 403 403 403 403",
        "POST": "302 400 400 403 403 403 404 403 403 403 403",
    },
    "competencies:indicator_move": {
        "GET": "302 405 405 405 405 405 405 405 405 405 405",
        "POST": "302 302 302 403 403 403 404 403 403 403 403",
    },
    "competencies:indicator_new": {
        "GET": "302 405 405 405 405 405 405 405 405 405 405",
        "POST": "302 302 302 403 403 403 404 403 403 403 403",
    },
    "competencies:objective_delete": {
        "GET": "302 200 200 403 403 403 404 403 403 403 403",
        "POST": "302 302 302 403 403 403 404 403 403 403 403",
    },
    "competencies:objective_edit": {
        "GET": "302 200 200 403 403 403 404 403 403 403 403",
        "POST": "302 400 400 403 403 403 404 403 403 403 403",
    },
    "competencies:objective_move": {
        "GET": "302 405 405 405 405 405 405 405 405 405 405",
        "POST": "302 302 302 403 403 403 404 403 403 403 403",
    },
    "competencies:objective_new": {
        "GET": "302 405 405 405 405 405 405 405 405 405 405",
        "POST": "302 400 400 403 403 403 404 403 403 403 403",
    },
    "competencies:outline": {
        "GET": "302 200 200 200 200 403 404 200 200 200 200",
        "POST": "302 405 405 405 405 405 405 405 405 405 405",
    },
    "competencies:scale": {
        "GET": "302 200 200 403 403 403 404 403 403 403 403",
        "POST": "302 400 400 403 403 403 404 403 403 403 403",
    },
    "competencies:starter": {
        "GET": "302 200 200 200 200 403 404 200 200 200 200",
        "POST": "302 302 302 403 403 403 404 403 403 403 403",
    },
    "competencies:template": {
        "GET": "302 200 200 200 200 403 404 200 200 200 200",
        "POST": "302 405 405 405 405 405 405 405 405 405 405",
    },
    "dashboards:attention": {
        "GET": "302 403 403 403 200 403 403 200 403 403 403",
        "POST": "302 405 405 405 405 405 405 405 405 405 405",
    },
    "dashboards:coach": {
        "GET": "302 403 403 403 200 403 403 200 403 403 403",
        "POST": "302 405 405 405 405 405 405 405 405 405 405",
    },
    "dashboards:coach_export": {  # POST: made in the background (reports.exports)
        "GET": "302 403 403 403 200 403 403 200 403 403 403",
        "POST": "302 403 403 403 302 403 403 302 403 403 403",
    },
    "dashboards:cohort": {
        "GET": "302 404 404 404 404 200 404 200 404 404 404",
        "POST": "302 405 405 405 405 405 405 405 405 405 405",
    },
    "dashboards:cohort_export": {  # POST: made in the background (reports.exports)
        "GET": "302 404 404 404 404 200 404 200 404 404 404",
        "POST": "302 404 404 404 404 302 404 302 404 404 404",
    },
    "dashboards:cohorts": {
        "GET": "302 200 200 200 200 200 200 200 200 200 200",
        "POST": "302 405 405 405 405 405 405 405 405 405 405",
    },
    "rubrics:trend": {
        "GET": "302 200 200 200 200 200 404 200 200 200 200",
        "POST": "302 405 405 405 405 405 405 405 405 405 405",
    },
    "meetings:agenda_delete": {
        "GET": "302 403 403 403 403 200 404 200 404 404 404",
        "POST": "302 403 403 403 403 302 404 302 404 404 404",
    },
    "meetings:agenda_edit": {
        "GET": "302 403 403 403 403 200 404 200 404 404 404",
        "POST": "302 403 403 403 403 400 404 400 404 404 404",
    },
    "meetings:agenda_move": {
        "GET": "302 405 405 405 405 405 405 405 405 405 405",
        "POST": "302 403 403 403 403 302 404 302 404 404 404",
    },
    "meetings:agenda_new": {
        "GET": "302 405 405 405 405 405 405 405 405 405 405",
        "POST": "302 403 403 403 403 400 404 400 404 404 404",
    },
    "meetings:attendance": {
        "GET": "302 405 405 405 405 405 405 405 405 405 405",
        "POST": "302 403 403 403 403 302 404 302 404 404 404",
    },
    "meetings:cohort_details": {
        "GET": "302 404 404 404 404 200 404 200 404 404 404",
        "POST": "302 404 404 404 404 400 404 400 404 404 404",
    },
    "meetings:meeting": {
        "GET": "302 200 200 200 200 200 404 200 404 404 404",
        "POST": "302 405 405 405 405 405 405 405 405 405 405",
    },
    "meetings:meeting_delete": {
        "GET": "302 403 403 403 403 200 404 200 404 404 404",
        "POST": "302 403 403 403 403 302 404 302 404 404 404",
    },
    "meetings:meeting_edit": {
        "GET": "302 403 403 403 403 200 404 200 404 404 404",
        "POST": "302 403 403 403 403 400 404 400 404 404 404",
    },
    "meetings:meeting_new": {
        "GET": "302 404 404 404 404 200 404 200 404 404 404",
        "POST": "302 404 404 404 404 400 404 400 404 404 404",
    },
    "meetings:meeting_file": {  # whoever reads the problem (it is not shared with the cohort)
        "GET": "302 200 200 200 200 200 404 200 404 404 404",
        "POST": "302 405 405 405 405 405 405 405 405 405 405",
    },
    "meetings:problem_delete": {
        "GET": "302 200 200 404 404 404 404 404 404 404 404",
        "POST": "302 302 302 404 404 404 404 404 404 404 404",
    },
    "meetings:evaluation": {  # the participating districts' people answer (no data: 400)
        "GET": "302 200 200 200 200 200 404 200 404 404 404",
        "POST": "302 400 400 400 403 403 404 403 404 404 404",
    },
    "meetings:evaluation_results": {  # the facilitators (and staff)
        "GET": "302 403 403 403 403 200 404 200 404 404 404",
        "POST": "302 405 405 405 405 405 405 405 405 405 405",
    },
    "meetings:evaluation_toggle": {
        "GET": "302 405 405 405 405 405 405 405 405 405 405",
        "POST": "302 403 403 403 403 302 404 302 404 404 404",
    },
    "meetings:question_new": {  # a refused question comes back on the page with its text
        "GET": "302 405 405 405 405 405 405 405 405 405 405",
        "POST": "302 403 403 403 403 400 404 400 404 404 404",
    },
    "meetings:question_delete": {
        "GET": "302 403 403 403 403 200 404 200 404 404 404",
        "POST": "302 403 403 403 403 302 404 302 404 404 404",
    },
    "meetings:series_evaluation": {
        "GET": "302 404 404 404 404 200 404 200 404 404 404",
        "POST": "302 405 405 405 405 405 405 405 405 405 405",
    },
    "meetings:signup_new": {  # the cohort's districts' leads and members (no data: refused)
        "GET": "302 405 405 405 405 405 405 405 405 405 405",
        "POST": "302 400 400 403 403 403 404 403 404 404 404",
    },
    "meetings:signup_delete": {  # the district's leads and members, the facilitators
        "GET": "302 200 200 404 404 200 404 200 404 404 404",
        "POST": "302 302 302 404 404 302 404 302 404 404 404",
    },
    "meetings:protocol_run": {  # the facilitators, in the room
        "GET": "302 403 403 403 403 200 404 200 404 404 404",
        "POST": "302 403 403 403 403 400 404 400 404 404 404",
    },
    "meetings:protocol_present": {  # the facilitators' projected screen in the room
        "GET": "302 403 403 403 403 200 404 200 404 404 404",
        "POST": "302 405 405 405 405 405 405 405 405 405 405",
    },
    "meetings:protocols": {  # facilitators (of any cohort) and staff keep the library
        "GET": "302 403 403 403 403 200 403 200 403 403 403",
        "POST": "302 405 405 405 405 405 405 405 405 405 405",
    },
    "meetings:protocol_new": {
        "GET": "302 403 403 403 403 200 403 200 403 403 403",
        "POST": "302 403 403 403 403 400 403 400 403 403 403",
    },
    "meetings:protocol_edit": {
        "GET": "302 403 403 403 403 200 403 200 403 403 403",
        "POST": "302 403 403 403 403 400 403 400 403 403 403",
    },
    "meetings:protocol_delete": {
        "GET": "302 403 403 403 403 200 403 200 403 403 403",
        "POST": "302 403 403 403 403 302 403 302 403 403 403",
    },
    "meetings:note_new": {  # the facilitators (and staff)
        "GET": "302 405 405 405 405 405 405 405 405 405 405",
        "POST": "302 403 403 403 403 400 404 400 404 404 404",
    },
    "meetings:note_delete": {
        "GET": "302 403 403 403 403 200 404 200 404 404 404",
        "POST": "302 403 403 403 403 302 404 302 404 404 404",
    },
    "rubrics:calibration": {  # its coaches rate (no data: 400); the team reads; never the cohort
        "GET": "302 200 200 200 200 404 404 200 200 200 200",
        "POST": "302 403 403 403 400 404 404 403 403 403 403",
    },
    "meetings:note_files": {  # whoever reads the note (the facilitators': not shared)
        "GET": "302 404 404 404 404 200 404 200 404 404 404",
        "POST": "302 404 404 404 404 400 404 400 404 404 404",
    },
    "meetings:note_file_remove": {  # its facilitators (and staff; removed already: back)
        "GET": "302 404 404 404 404 200 404 200 404 404 404",
        "POST": "302 404 404 404 404 302 404 302 404 404 404",
    },
    "meetings:commitment_new": {  # the district's leads and members, and the facilitators
        "GET": "302 405 405 405 405 405 405 405 405 405 405",
        "POST": "302 400 400 403 403 400 404 400 404 404 404",
    },
    "meetings:commitment_delete": {
        "GET": "302 200 200 404 404 200 404 200 404 404 404",
        "POST": "302 302 302 404 404 302 404 302 404 404 404",
    },
    "meetings:problem_new": {
        "GET": "302 405 405 405 405 405 405 405 405 405 405",
        "POST": "302 400 400 403 403 403 404 403 404 404 404",
    },
    # Reports: a job and its file are for the person who asked (the facilitator here) alone.
    "reports:packet_request": {
        "GET": "302 405 405 405 405 405 405 405 405 405 405",
        "POST": "302 403 403 403 403 302 404 302 404 404 404",
    },
    "reports:participants_packet_request": {  # whoever reads the meeting
        "GET": "302 405 405 405 405 405 405 405 405 405 405",
        "POST": "302 302 302 302 302 302 404 302 404 404 404",
    },
    "reports:district_report_request": {
        "GET": "302 405 405 405 405 405 405 405 405 405 405",
        "POST": "302 302 302 302 302 403 404 302 302 302 302",
    },
    "reports:job": {
        "GET": "302 404 404 404 404 200 404 404 404 404 404",
        "POST": "302 405 405 405 405 405 405 405 405 405 405",
    },
    "reports:job_status": {
        "GET": "302 404 404 404 404 200 404 404 404 404 404",
        "POST": "302 405 405 405 405 405 405 405 405 405 405",
    },
    # Evidence: a file on a team rating of a round shared with the cohort. Whoever reads
    # the team rating and reads evidence reads it (never the facilitators); its leads add
    # and remove.
    "evidence:item": {
        "GET": "302 200 200 200 200 404 404 200 200 200 200",
        "POST": "302 400 403 403 403 404 404 403 403 403 403",
    },
    "evidence:download": {
        "GET": "302 200 200 200 200 404 404 200 200 200 200",
        "POST": "302 405 405 405 405 405 405 405 405 405 405",
    },
    "evidence:remove": {
        "GET": "302 200 403 403 403 404 404 403 403 403 403",
        "POST": "302 302 403 403 403 404 404 403 403 403 403",
    },
    "reports:archive_request": {  # the district's whole record: its leads, and staff
        "GET": "302 405 405 405 405 405 405 405 405 405 405",
        "POST": "302 302 403 403 403 403 404 302 403 403 403",
    },
    "reports:job_download": {
        "GET": "302 404 404 404 404 200 404 404 404 404 404",
        "POST": "302 405 405 405 405 405 405 405 405 405 405",
    },
    # API: 401 for anonymous (Bearer challenge); 415 for a POST that is not JSON.
    # Evidence, as on the web: a file on a team rating of a round shared with the cohort.
    "api:item-evidence": {
        "GET": "401 200 200 200 200 404 404 200 200 200 200",
        "POST": "401 400 403 403 403 404 404 403 403 403 403",
    },
    "api:attachment-detail": {
        "GET": "401 200 200 200 200 404 404 200 200 200 200",
        "POST": "401 405 405 405 405 405 404 405 405 405 405",
    },
    "api:attachment-download": {
        "GET": "401 200 200 200 200 404 404 200 200 200 200",
        "POST": "401 405 405 405 405 405 404 405 405 405 405",
    },
    "api:change-list": {  # the district's history: the changes of what each reads
        "GET": "401 200 200 200 200 200 404 200 200 200 200",
        "POST": "401 405 405 405 405 405 404 405 405 405 405",
    },
    "api:action-plan-detail": {
        "GET": "401 200 200 200 200 403 404 200 200 200 200",
        "POST": "401 405 405 403 403 403 404 403 403 403 403",
    },
    "api:action-plan-list": {
        "GET": "401 200 200 200 200 403 404 200 200 200 200",
        "POST": "401 415 415 403 403 403 404 403 403 403 403",
    },
    "api:action-step-detail": {
        "GET": "401 200 200 200 200 403 404 200 200 200 200",
        "POST": "401 405 405 403 403 403 404 403 403 403 403",
    },
    "api:action-step-list": {
        "GET": "401 200 200 200 200 403 404 200 200 200 200",
        "POST": "401 415 415 403 403 403 404 403 403 403 403",
    },
    "api:api-root": {
        "GET": "401 200 200 200 200 200 200 200 200 200 200",
        "POST": "401 405 405 405 405 405 405 405 405 405 405",
    },
    "api:meeting-list": {  # the meetings of the cohorts each sees (the outsider: none)
        "GET": "401 200 200 200 200 200 200 200 200 200 200",
        "POST": "401 405 405 405 405 405 405 405 405 405 405",
    },
    "api:meeting-detail": {
        "GET": "401 200 200 200 200 200 404 200 200 200 200",
        "POST": "401 405 405 405 405 405 405 405 405 405 405",
    },
    "api:meeting-problem-list": {  # the districts' leads and members submit
        "GET": "401 200 200 200 200 200 404 200 404 404 404",
        "POST": "401 415 415 403 403 403 404 403 404 404 404",
    },
    "api:meeting-note-list": {  # the facilitators write
        "GET": "401 200 200 200 200 200 404 200 404 404 404",
        "POST": "401 403 403 403 403 415 404 415 404 404 404",
    },
    "api:snapshot-list": {  # the district's leads
        "GET": "401 200 403 403 403 403 404 403 403 403 403",
        "POST": "401 405 403 403 403 403 404 403 403 403 403",
    },
    "api:snapshot-detail": {
        "GET": "401 200 403 403 403 403 404 403 403 403 403",
        "POST": "401 405 403 403 403 403 404 403 403 403 403",
    },
    "api:calibration-list": {  # coach-level work: never the cohort's facilitators
        "GET": "401 200 200 200 200 403 404 200 200 200 200",
        "POST": "401 405 405 403 403 403 404 403 403 403 403",
    },
    "api:meeting-note-files": {  # whoever reads the note; its facilitators add
        "GET": "401 404 404 404 404 200 404 200 404 404 404",
        "POST": "401 404 404 404 404 400 404 400 404 404 404",
    },
    "api:meeting-note-file": {
        "GET": "401 404 404 404 404 200 404 200 404 404 404",
        "POST": "401 405 405 405 405 405 405 405 405 405 405",
    },
    "api:meeting-note-file-download": {
        "GET": "401 404 404 404 404 200 404 200 404 404 404",
        "POST": "401 405 405 405 405 405 405 405 405 405 405",
    },
    "api:meeting-commitment-list": {  # the districts' leads and members, the facilitators
        "GET": "401 200 200 200 200 200 404 200 404 404 404",
        "POST": "401 415 415 403 403 415 404 415 404 404 404",
    },
    "api:meeting-evaluation": {  # figures for the facilitators
        "GET": "401 403 403 403 403 200 404 200 404 404 404",
        "POST": "401 405 405 405 405 405 405 405 405 405 405",
    },
    "api:meeting-packets": {  # whoever reads the meeting (no JSON body: 415)
        "GET": "401 405 405 405 405 405 405 405 405 405 405",
        "POST": "401 415 415 415 415 415 404 415 404 404 404",
    },
    "api:job-list": {  # each person's own
        "GET": "401 200 200 200 200 200 200 200 200 200 200",
        "POST": "401 405 405 405 405 405 405 405 405 405 405",
    },
    "api:job-detail": {  # the facilitator's job: theirs alone
        "GET": "401 404 404 404 404 200 404 404 404 404 404",
        "POST": "401 405 405 405 405 405 405 405 405 405 405",
    },
    "api:job-download": {
        "GET": "401 404 404 404 404 200 404 404 404 404 404",
        "POST": "401 405 405 405 405 405 405 405 405 405 405",
    },
    "api:notice-list": {  # each person's own
        "GET": "401 200 200 200 200 200 200 200 200 200 200",
        "POST": "401 405 405 405 405 405 405 405 405 405 405",
    },
    "api:notice-detail": {  # the lead's notice: theirs alone
        "GET": "401 200 404 404 404 404 404 404 404 404 404",
        "POST": "401 405 405 405 405 405 405 405 405 405 405",
    },
    "api:notice-read": {
        "GET": "401 405 405 405 405 405 405 405 405 405 405",
        "POST": "401 200 404 404 404 404 404 404 404 404 404",
    },
    "api:notice-read-all": {  # each marks their own
        "GET": "401 405 405 405 405 405 405 405 405 405 405",
        "POST": "401 200 200 200 200 200 200 200 200 200 200",
    },
    "api:notification-preferences": {  # each person's own choices
        "GET": "401 200 200 200 200 200 200 200 200 200 200",
        "POST": "401 405 405 405 405 405 405 405 405 405 405",
    },
    "api:cohort-detail": {
        "GET": "401 200 200 200 200 200 404 200 200 200 200",
        "POST": "401 405 405 405 405 405 405 405 405 405 405",
    },
    "api:cohort-list": {
        "GET": "401 200 200 200 200 200 200 200 200 200 200",
        "POST": "401 405 405 405 405 405 405 405 405 405 405",
    },
    "api:cohort-district-list": {  # whoever sees the cohort (the outsider does not: 404)
        "GET": "401 200 200 200 200 200 404 200 200 200 200",
        "POST": "401 405 405 405 405 405 405 405 405 405 405",
    },
    "api:comment-list": {
        "GET": "401 200 200 200 200 403 404 200 200 200 200",
        "POST": "401 415 415 403 415 403 404 403 403 403 403",
    },
    "api:competency-detail": {
        "GET": "401 200 200 200 200 403 404 200 200 200 200",
        "POST": "401 405 405 403 403 403 404 403 403 403 403",
    },
    "api:competency-list": {
        "GET": "401 200 200 200 200 403 404 200 200 200 200",
        "POST": "401 415 415 403 403 403 404 403 403 403 403",
    },
    "api:consensus-detail": {
        "GET": "401 200 200 200 200 200 404 200 200 200 200",
        "POST": "401 405 403 403 403 403 404 403 403 403 403",
    },
    "api:consensus-list": {
        "GET": "401 200 200 200 200 200 404 200 200 200 200",
        "POST": "401 405 403 403 403 403 404 403 403 403 403",
    },
    "api:district-detail": {
        "GET": "401 200 200 200 200 200 404 200 200 200 200",
        "POST": "401 405 405 405 405 405 405 405 405 405 405",
    },
    "api:district-list": {
        "GET": "401 200 200 200 200 200 200 200 200 200 200",
        "POST": "401 405 405 405 405 405 405 405 405 405 405",
    },
    "api:docs": {
        "GET": "302 200 200 200 200 200 200 200 200 200 200",
        "POST": "302 405 405 405 405 405 405 405 405 405 405",
    },
    "api:engagement-detail": {
        "GET": "401 200 200 200 200 403 404 200 200 200 200",
        "POST": "401 405 405 403 403 403 404 403 403 403 403",
    },
    "api:engagement-list": {
        "GET": "401 200 200 200 200 403 404 200 200 200 200",
        "POST": "401 415 415 403 403 403 404 403 403 403 403",
    },
    "api:framework-detail": {
        "GET": "401 200 200 200 200 200 200 200 200 200 200",
        "POST": "401 405 405 405 405 405 405 405 405 405 405",
    },
    "api:framework-list": {
        "GET": "401 200 200 200 200 200 200 200 200 200 200",
        "POST": "401 405 405 405 405 405 405 405 405 405 405",
    },
    "api:indicator-detail": {
        "GET": "401 200 200 200 200 403 404 200 200 200 200",
        "POST": "401 405 405 403 403 403 404 403 403 403 403",
    },
    "api:indicator-list": {
        "GET": "401 200 200 200 200 403 404 200 200 200 200",
        "POST": "401 415 415 403 403 403 404 403 403 403 403",
    },
    "api:my-rating-detail": {
        "GET": "401 200 200 403 403 403 404 403 403 403 403",
        "POST": "401 405 405 403 403 403 404 403 403 403 403",
    },
    "api:my-rating-list": {
        "GET": "401 200 200 403 403 403 404 403 403 403 403",
        "POST": "401 405 405 403 403 403 404 403 403 403 403",
    },
    "api:objective-detail": {
        "GET": "401 200 200 200 200 403 404 200 200 200 200",
        "POST": "401 405 405 403 403 403 404 403 403 403 403",
    },
    "api:objective-list": {
        "GET": "401 200 200 200 200 403 404 200 200 200 200",
        "POST": "401 415 415 403 403 403 404 403 403 403 403",
    },
    "api:plan": {
        "GET": "401 200 200 200 200 403 404 200 200 200 200",
        "POST": "401 405 405 403 403 403 404 403 403 403 403",
    },
    "api:plan-cell-detail": {
        "GET": "401 200 200 200 200 403 404 200 200 200 200",
        "POST": "401 405 405 403 403 403 404 403 403 403 403",
    },
    "api:plan-cell-list": {
        "GET": "401 200 200 200 200 403 404 200 200 200 200",
        "POST": "401 405 405 403 403 403 404 403 403 403 403",
    },
    "api:measure-detail": {  # the plan's audience reads; leads and members write
        "GET": "401 200 200 200 200 403 404 200 200 200 200",
        "POST": "401 405 405 403 403 403 404 403 403 403 403",
    },
    "api:measure-list": {
        "GET": "401 200 200 200 200 403 404 200 200 200 200",
        "POST": "401 415 415 403 403 403 404 403 403 403 403",
    },
    "api:measure-point-detail": {
        "GET": "401 200 200 200 200 403 404 200 200 200 200",
        "POST": "401 405 405 403 403 403 404 403 403 403 403",
    },
    "api:measure-point-list": {
        "GET": "401 200 200 200 200 403 404 200 200 200 200",
        "POST": "401 415 415 403 403 403 404 403 403 403 403",
    },
    "api:school-detail": {  # read as the list is; the district's leads write
        "GET": "401 200 200 200 200 403 404 200 200 200 200",
        "POST": "401 405 403 403 403 403 404 403 403 403 403",
    },
    "api:school-member-list": {  # whoever reaches the school; who changes its team adds
        "GET": "401 200 200 200 200 403 404 200 200 200 200",
        "POST": "401 415 403 403 403 403 404 415 415 403 403",
    },
    "api:school-member-detail": {
        "GET": "401 200 200 200 200 403 404 200 200 200 200",
        "POST": "401 405 403 403 403 403 404 405 405 403 403",
    },
    "api:school-stage-list": {  # read as its school is; the district's leads and members record
        "GET": "401 200 200 200 200 403 404 200 200 200 200",
        "POST": "401 415 415 403 403 403 404 403 415 415 403",
    },
    "api:school-list": {
        "GET": "401 200 200 200 200 403 404 200 200 200 200",
        "POST": "401 415 403 403 403 403 404 403 403 403 403",
    },
    "api:policy-detail": {
        "GET": "401 200 200 200 200 403 404 200 200 200 200",
        "POST": "401 405 405 403 403 403 404 403 403 403 403",
    },
    "api:policy-list": {
        "GET": "401 200 200 200 200 403 404 200 200 200 200",
        "POST": "401 415 415 403 403 403 404 403 403 403 403",
    },
    "api:round-detail": {
        "GET": "401 200 200 200 200 200 404 200 200 200 200",
        "POST": "401 405 403 403 403 403 404 403 403 403 403",
    },
    "api:round-list": {
        "GET": "401 200 200 200 200 200 404 200 200 200 200",
        "POST": "401 415 403 403 403 403 404 403 403 403 403",
    },
    "api:schema": {
        "GET": "401 200 200 200 200 200 200 200 200 200 200",
        "POST": "401 405 405 405 405 405 405 405 405 405 405",
    },
    "api_token_revoke": {
        "GET": "302 405 405 405 405 405 405 405 405 405 405",
        "POST": "302 302 404 404 404 404 404 404 404 404 404",
    },
    "calendars:feed_settings": {  # everyone's own (no action posted: 400)
        "GET": "302 200 200 200 200 200 200 200 200 200 200",
        "POST": "302 400 400 400 400 400 400 400 400 400 400",
    },
    "calendars:feed": {  # the secret address is the credential, signed in or not
        "GET": "200 200 200 200 200 200 200 200 200 200 200",
        "POST": "405 405 405 405 405 405 405 405 405 405 405",
    },
    "meetings:meeting_ics": {  # whoever reads the meeting
        "GET": "302 200 200 200 200 200 404 200 404 404 404",
        "POST": "302 405 405 405 405 405 405 405 405 405 405",
    },
    "notifications:list": {  # everyone's own
        "GET": "302 200 200 200 200 200 200 200 200 200 200",
        "POST": "302 405 405 405 405 405 405 405 405 405 405",
    },
    "notifications:read_all": {
        "GET": "302 405 405 405 405 405 405 405 405 405 405",
        "POST": "302 302 302 302 302 302 302 302 302 302 302",
    },
    "notifications:open": {  # the lead's notice: only the lead opens it (to where it points)
        "GET": "302 302 404 404 404 404 404 404 404 404 404",
        "POST": "302 405 405 405 405 405 405 405 405 405 405",
    },
    "notifications:preferences": {  # everyone's own (nothing posted: 400)
        "GET": "302 200 200 200 200 200 200 200 200 200 200",
        "POST": "302 400 400 400 400 400 400 400 400 400 400",
    },
    "notifications:unsubscribe": {  # the signed address is the credential, signed in or not
        "GET": "200 200 200 200 200 200 200 200 200 200 200",
        "POST": "200 200 200 200 200 200 200 200 200 200 200",
    },
    "api_tokens": {
        "GET": "302 200 200 200 200 200 200 200 200 200 200",
        "POST": "302 400 400 400 400 400 400 400 400 400 400",
    },
}


# A job's routes aimed at another kind of job than MATRIX's (the facilitator's packet): the
# coach's finished export of the heatmap of their districts (tests/routes.matrix_export_job).
# Only who asked for it reaches it, while they may still read its selection; staff, who may
# read every district, do not reach another person's job either.
EXPORT_JOB = {
    "reports:job": {
        "GET": "302 404 404 404 200 404 404 404 404 404 404",
        "POST": "302 405 405 405 405 405 405 405 405 405 405",
    },
    "reports:job_status": {
        "GET": "302 404 404 404 200 404 404 404 404 404 404",
        "POST": "302 405 405 405 405 405 405 405 405 405 405",
    },
    "reports:job_download": {
        "GET": "302 404 404 404 200 404 404 404 404 404 404",
        "POST": "302 405 405 405 405 405 405 405 405 405 405",
    },
    "api:job-detail": {
        "GET": "401 404 404 404 200 404 404 404 404 404 404",
        "POST": "401 405 405 405 405 405 405 405 405 405 405",
    },
    "api:job-download": {
        "GET": "401 404 404 404 200 404 404 404 404 404 404",
        "POST": "401 405 405 405 405 405 405 405 405 405 405",
    },
}


# The school routes aimed at Riverside Middle School (tests/routes.other_school_url), a school
# of Riverside that is not the school team's: its people get what a missing school gives
# (byte-identical: tests/test_isolation_matrix.py), the district's what any school gives.
OTHER_SCHOOL = {
    "api:school-stage-list": {  # the school's people: as a missing school
        "GET": "401 200 200 200 200 403 404 200 404 404 404",
        "POST": "401 415 415 403 403 403 404 403 404 404 404",
    },
    "api:school-detail": {  # the API as the pages
        "GET": "401 200 200 200 200 403 404 200 404 404 404",
        "POST": "401 405 403 403 403 403 404 403 403 403 403",
    },
    "api:school-member-detail": {
        "GET": "401 200 200 200 200 403 404 200 404 404 404",
        "POST": "401 405 403 403 403 403 404 405 404 404 404",
    },
    "api:school-member-list": {
        "GET": "401 200 200 200 200 403 404 200 404 404 404",
        "POST": "401 415 403 403 403 403 404 415 404 404 404",
    },
    "schools:school": {  # the school's people: as a missing school
        "GET": "302 200 200 200 200 403 404 200 404 404 404",
        "POST": "302 405 405 405 405 405 405 405 405 405 405",
    },
    "schools:school_close": {
        "GET": "302 200 403 403 403 403 404 403 403 403 403",
        "POST": "302 400 403 403 403 403 404 403 403 403 403",
    },
    "schools:school_stage": {  # the school's people: as a missing school
        "GET": "302 405 405 405 405 405 405 405 405 405 405",
        "POST": "302 400 400 403 403 403 404 403 404 404 404",
    },
    "schools:school_edit": {  # the district's leads, before any school is looked up
        "GET": "302 200 403 403 403 403 404 403 403 403 403",
        "POST": "302 400 403 403 403 403 404 403 403 403 403",
    },
    "schools:school_reopen": {
        "GET": "302 200 403 403 403 403 404 403 403 403 403",
        "POST": "302 302 403 403 403 403 404 403 403 403 403",
    },
    "schools:team_new": {
        "GET": "302 200 403 403 403 403 404 200 404 404 404",
        "POST": "302 400 403 403 403 403 404 400 404 404 404",
    },
    "schools:team_remove": {
        "GET": "302 200 403 403 403 403 404 200 404 404 404",
        "POST": "302 302 403 403 403 403 404 302 404 404 404",
    },
    "schools:team_role": {
        "GET": "302 200 403 403 403 403 404 200 404 404 404",
        "POST": "302 400 403 403 403 403 404 400 404 404 404",
    },
}
