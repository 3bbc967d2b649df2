"""Who gets what, for every route: the checked-in table of tests/test_isolation_matrix.py.

Columns, in order: anonymous, lead, member, viewer, coach, facilitator, outsider, staff
(the cast of tests/cast.py). The URL of each route is aimed at Riverside, the home district
of the lead, member and viewer; coached by the coach; in the facilitator's cohort; foreign to
the outsider (lead of another district). Self-assessment routes use a submitted round shared
with the coaches and the cohort (the widest audience), so the table shows what each role may
do with a round it can see; drafts are covered in tests/test_rounds.py. A POST carries no
data: forms answer 400 or their redirect, so the table shows who gets past the access layer.

  302 for anonymous  — sent to sign in (LoginRequiredMiddleware)
  404 for outsider   — another district's page answers as if it did not exist
  403                — the person sees the district but their role may not do this
  405                — the method is not allowed, whoever asks
"""

MATRIX = {
    # --- Waypoint's own pages -------------------------------------------------------------
    "dashboards:district": {
        "GET": "302 200 200 200 200 200 404 200",
        "POST": "302 405 405 405 405 405 405 405",
    },
    "districts:invitation_withdraw": {
        "GET": "302 405 405 405 405 405 405 405",
        "POST": "302 302 403 403 403 403 404 302",
    },
    "districts:member_invite": {
        "GET": "302 405 405 405 405 405 405 405",
        "POST": "302 400 403 403 403 403 404 400",
    },
    "districts:member_remove": {
        "GET": "302 200 403 403 403 403 404 200",
        "POST": "302 302 403 403 403 403 404 302",
    },
    "districts:member_role": {
        "GET": "302 405 405 405 405 405 405 405",
        "POST": "302 302 403 403 403 403 404 302",
    },
    "districts:members": {
        "GET": "302 200 200 200 403 403 404 200",
        "POST": "302 405 405 405 405 405 405 405",
    },
    "health": {"GET": "200 200 200 200 200 200 200 200", "POST": "405 405 405 405 405 405 405 405"},
    "home": {"GET": "302 302 302 302 200 200 302 200", "POST": "302 405 405 405 405 405 405 405"},
    "invitation_accept": {
        "GET": "200 200 200 200 200 200 200 200",
        "POST": "400 200 200 200 200 200 200 200",
    },
    "login": {"GET": "200 302 302 302 302 302 302 302", "POST": "200 302 302 302 302 302 302 302"},
    "logout": {"GET": "302 405 405 405 405 405 405 405", "POST": "302 302 302 302 302 302 302 302"},
    "password_change": {
        "GET": "302 200 200 200 200 200 200 200",
        "POST": "302 200 200 200 200 200 200 200",
    },
    "password_change_done": {
        "GET": "302 200 200 200 200 200 200 200",
        "POST": "302 405 405 405 405 405 405 405",
    },
    "password_reset": {
        "GET": "200 200 200 200 200 200 200 200",
        "POST": "200 200 200 200 200 200 200 200",
    },
    "password_reset_complete": {
        "GET": "200 200 200 200 200 200 200 200",
        "POST": "405 405 405 405 405 405 405 405",
    },
    "password_reset_confirm": {
        "GET": "200 200 200 200 200 200 200 200",
        "POST": "200 200 200 200 200 200 200 200",
    },
    "password_reset_done": {
        "GET": "200 200 200 200 200 200 200 200",
        "POST": "405 405 405 405 405 405 405 405",
    },
    "rubrics:comment": {
        "GET": "302 405 405 405 405 405 405 405",
        "POST": "302 302 302 403 302 403 404 403",
    },
    "rubrics:compare": {
        "GET": "302 200 200 200 200 200 404 200",
        "POST": "302 405 405 405 405 405 405 405",
    },
    "rubrics:consensus": {
        "GET": "302 200 200 200 403 403 404 200",
        "POST": "302 405 405 405 405 405 405 405",
    },
    "rubrics:consensus_dimension": {
        "GET": "302 405 405 405 405 405 405 405",
        "POST": "302 400 403 403 403 403 404 403",
    },
    "rubrics:consensus_history": {
        "GET": "302 200 200 200 200 200 404 200",
        "POST": "302 405 405 405 405 405 405 405",
    },
    "rubrics:rate": {
        "GET": "302 302 302 403 403 403 404 403",
        "POST": "302 405 405 405 405 405 405 405",
    },
    "rubrics:rate_dimension": {
        "GET": "302 405 405 405 405 405 405 405",
        "POST": "302 400 400 403 403 403 404 403",
    },
    "rubrics:reopen": {
        "GET": "302 200 403 403 403 403 404 403",
        "POST": "302 400 403 403 403 403 404 403",
    },
    "rubrics:reviewed": {
        "GET": "302 405 405 405 405 405 405 405",
        "POST": "302 403 403 403 302 403 404 403",
    },
    "rubrics:round": {
        "GET": "302 200 200 200 200 200 404 200",
        "POST": "302 405 405 405 405 405 405 405",
    },
    "rubrics:round_new": {
        "GET": "302 405 405 405 405 405 405 405",
        "POST": "302 400 403 403 403 403 404 403",
    },
    "rubrics:rounds": {
        "GET": "302 200 200 200 200 200 404 200",
        "POST": "302 405 405 405 405 405 405 405",
    },
    "rubrics:share": {
        "GET": "302 405 405 405 405 405 405 405",
        "POST": "302 302 403 403 403 403 404 403",
    },
    "rubrics:submit": {
        "GET": "302 405 405 405 405 405 405 405",
        "POST": "302 302 403 403 403 403 404 403",
    },
    "my_steps": {
        "GET": "302 200 200 200 200 200 200 200",
        "POST": "302 405 405 405 405 405 405 405",
    },
    "planning:sharing": {
        "GET": "302 405 405 405 405 405 405 405",
        "POST": "302 302 403 403 403 403 404 403",
    },
    "planning:action_plan": {
        "GET": "302 200 200 200 200 403 404 200",
        "POST": "302 405 405 405 405 405 405 405",
    },
    "planning:action_plan_delete": {
        "GET": "302 200 200 403 403 403 404 403",
        "POST": "302 302 302 403 403 403 404 403",
    },
    "planning:action_plan_edit": {
        "GET": "302 200 200 403 403 403 404 403",
        "POST": "302 400 400 403 403 403 404 403",
    },
    "planning:action_plan_new": {
        "GET": "302 200 200 403 403 403 404 403",
        "POST": "302 400 400 403 403 403 404 403",
    },
    "planning:cell": {
        "GET": "302 405 405 405 405 405 405 405",
        "POST": "302 400 400 403 403 403 404 403",
    },
    "planning:cell_history": {
        "GET": "302 200 200 200 200 403 404 200",
        "POST": "302 405 405 405 405 405 405 405",
    },
    "planning:engagement": {
        "GET": "302 200 200 200 200 403 404 200",
        "POST": "302 400 400 403 403 403 404 403",
    },
    "planning:engagement_delete": {
        "GET": "302 200 200 403 403 403 404 403",
        "POST": "302 302 302 403 403 403 404 403",
    },
    "planning:engagement_edit": {
        "GET": "302 200 200 403 403 403 404 403",
        "POST": "302 400 400 403 403 403 404 403",
    },
    "planning:grid": {
        "GET": "302 200 200 200 200 403 404 200",
        "POST": "302 405 405 405 405 405 405 405",
    },
    "planning:horizon": {
        "GET": "302 405 405 405 405 405 405 405",
        "POST": "302 400 400 403 403 403 404 403",
    },
    "planning:overview": {
        "GET": "302 200 200 200 200 403 404 200",
        "POST": "302 405 405 405 405 405 405 405",
    },
    "planning:policies": {
        "GET": "302 200 200 200 200 403 404 200",
        "POST": "302 400 400 403 403 403 404 403",
    },
    "planning:policy_delete": {
        "GET": "302 200 200 403 403 403 404 403",
        "POST": "302 302 302 403 403 403 404 403",
    },
    "planning:policy_edit": {
        "GET": "302 200 200 403 403 403 404 403",
        "POST": "302 400 400 403 403 403 404 403",
    },
    "planning:step_delete": {
        "GET": "302 200 200 403 403 403 404 403",
        "POST": "302 302 302 403 403 403 404 403",
    },
    "planning:step_edit": {
        "GET": "302 200 200 403 403 403 404 403",
        "POST": "302 400 400 403 403 403 404 403",
    },
    "planning:step_move": {
        "GET": "302 405 405 405 405 405 405 405",
        "POST": "302 302 302 403 403 403 404 403",
    },
    "planning:step_new": {
        "GET": "302 405 405 405 405 405 405 405",
        "POST": "302 400 400 403 403 403 404 403",
    },
    "competencies:competency_delete": {
        "GET": "302 200 200 403 403 403 404 403",
        "POST": "302 302 302 403 403 403 404 403",
    },
    "competencies:competency_edit": {
        "GET": "302 200 200 403 403 403 404 403",
        "POST": "302 400 400 403 403 403 404 403",
    },
    "competencies:competency_move": {
        "GET": "302 405 405 405 405 405 405 405",
        "POST": "302 302 302 403 403 403 404 403",
    },
    "competencies:competency_new": {
        "GET": "302 405 405 405 405 405 405 405",
        "POST": "302 400 400 403 403 403 404 403",
    },
    "competencies:criteria": {
        "GET": "302 405 405 405 405 405 405 405",
        "POST": "302 400 400 403 403 403 404 403",
    },
    "competencies:export": {
        "GET": "302 200 200 200 200 403 404 200",
        "POST": "302 405 405 405 405 405 405 405",
    },
    "competencies:import": {
        "GET": "302 200 200 403 403 403 404 403",
        "POST": "302 400 400 403 403 403 404 403",
    },
    "competencies:indicator": {
        "GET": "302 200 200 200 200 403 404 200",
        "POST": "302 405 405 405 405 405 405 405",
    },
    "competencies:indicator_delete": {
        "GET": "302 200 200 403 403 403 404 403",
        "POST": "302 302 302 403 403 403 404 403",
    },
    "competencies:indicator_edit": {
        "GET": "302 200 200 403 403 403 404 403",
        "POST": "302 400 400 403 403 403 404 403",
    },
    "competencies:indicator_move": {
        "GET": "302 405 405 405 405 405 405 405",
        "POST": "302 302 302 403 403 403 404 403",
    },
    "competencies:indicator_new": {
        "GET": "302 405 405 405 405 405 405 405",
        "POST": "302 302 302 403 403 403 404 403",
    },
    "competencies:objective_delete": {
        "GET": "302 200 200 403 403 403 404 403",
        "POST": "302 302 302 403 403 403 404 403",
    },
    "competencies:objective_edit": {
        "GET": "302 200 200 403 403 403 404 403",
        "POST": "302 400 400 403 403 403 404 403",
    },
    "competencies:objective_move": {
        "GET": "302 405 405 405 405 405 405 405",
        "POST": "302 302 302 403 403 403 404 403",
    },
    "competencies:objective_new": {
        "GET": "302 405 405 405 405 405 405 405",
        "POST": "302 400 400 403 403 403 404 403",
    },
    "competencies:outline": {
        "GET": "302 200 200 200 200 403 404 200",
        "POST": "302 405 405 405 405 405 405 405",
    },
    "competencies:scale": {
        "GET": "302 200 200 403 403 403 404 403",
        "POST": "302 400 400 403 403 403 404 403",
    },
    "competencies:starter": {
        "GET": "302 200 200 200 200 403 404 200",
        "POST": "302 302 302 403 403 403 404 403",
    },
    "competencies:template": {
        "GET": "302 200 200 200 200 403 404 200",
        "POST": "302 405 405 405 405 405 405 405",
    },
    "dashboards:attention": {
        "GET": "302 403 403 403 200 403 403 200",
        "POST": "302 405 405 405 405 405 405 405",
    },
    "dashboards:coach": {
        "GET": "302 403 403 403 200 403 403 200",
        "POST": "302 405 405 405 405 405 405 405",
    },
    "dashboards:coach_export": {
        "GET": "302 403 403 403 200 403 403 200",
        "POST": "302 405 405 405 405 405 405 405",
    },
    "dashboards:cohort": {
        "GET": "302 404 404 404 404 200 404 200",
        "POST": "302 405 405 405 405 405 405 405",
    },
    "dashboards:cohort_export": {
        "GET": "302 404 404 404 404 200 404 200",
        "POST": "302 405 405 405 405 405 405 405",
    },
    "dashboards:cohorts": {
        "GET": "302 200 200 200 200 200 200 200",
        "POST": "302 405 405 405 405 405 405 405",
    },
    "rubrics:trend": {
        "GET": "302 200 200 200 200 200 404 200",
        "POST": "302 405 405 405 405 405 405 405",
    },
    "meetings:agenda_delete": {
        "GET": "302 403 403 403 403 200 404 200",
        "POST": "302 403 403 403 403 302 404 302",
    },
    "meetings:agenda_edit": {
        "GET": "302 403 403 403 403 200 404 200",
        "POST": "302 403 403 403 403 400 404 400",
    },
    "meetings:agenda_move": {
        "GET": "302 405 405 405 405 405 405 405",
        "POST": "302 403 403 403 403 302 404 302",
    },
    "meetings:agenda_new": {
        "GET": "302 405 405 405 405 405 405 405",
        "POST": "302 403 403 403 403 400 404 400",
    },
    "meetings:attendance": {
        "GET": "302 405 405 405 405 405 405 405",
        "POST": "302 403 403 403 403 302 404 302",
    },
    "meetings:cohort_details": {
        "GET": "302 404 404 404 404 200 404 200",
        "POST": "302 404 404 404 404 400 404 400",
    },
    "meetings:meeting": {
        "GET": "302 200 200 200 200 200 404 200",
        "POST": "302 405 405 405 405 405 405 405",
    },
    "meetings:meeting_delete": {
        "GET": "302 403 403 403 403 200 404 200",
        "POST": "302 403 403 403 403 302 404 302",
    },
    "meetings:meeting_edit": {
        "GET": "302 403 403 403 403 200 404 200",
        "POST": "302 403 403 403 403 400 404 400",
    },
    "meetings:meeting_new": {
        "GET": "302 404 404 404 404 200 404 200",
        "POST": "302 404 404 404 404 400 404 400",
    },
    "meetings:problem_delete": {
        "GET": "302 200 200 404 404 404 404 404",
        "POST": "302 302 302 404 404 404 404 404",
    },
    "meetings:problem_new": {
        "GET": "302 405 405 405 405 405 405 405",
        "POST": "302 400 400 403 403 403 404 403",
    },
    # Reports: a job and its file are for the person who asked (the facilitator here) alone.
    "reports:packet_request": {
        "GET": "302 405 405 405 405 405 405 405",
        "POST": "302 403 403 403 403 302 404 302",
    },
    "reports:district_report_request": {
        "GET": "302 405 405 405 405 405 405 405",
        "POST": "302 302 302 302 302 403 404 302",
    },
    "reports:job": {
        "GET": "302 404 404 404 404 200 404 404",
        "POST": "302 405 405 405 405 405 405 405",
    },
    "reports:job_status": {
        "GET": "302 404 404 404 404 200 404 404",
        "POST": "302 405 405 405 405 405 405 405",
    },
    "reports:job_download": {
        "GET": "302 404 404 404 404 200 404 404",
        "POST": "302 405 405 405 405 405 405 405",
    },
    # API: 401 for anonymous (Bearer challenge); 415 for a POST that is not JSON.
    "api:action-plan-detail": {
        "GET": "401 200 200 200 200 403 404 200",
        "POST": "401 405 405 403 403 403 404 403",
    },
    "api:action-plan-list": {
        "GET": "401 200 200 200 200 403 404 200",
        "POST": "401 415 415 403 403 403 404 403",
    },
    "api:action-step-detail": {
        "GET": "401 200 200 200 200 403 404 200",
        "POST": "401 405 405 403 403 403 404 403",
    },
    "api:action-step-list": {
        "GET": "401 200 200 200 200 403 404 200",
        "POST": "401 415 415 403 403 403 404 403",
    },
    "api:api-root": {
        "GET": "401 200 200 200 200 200 200 200",
        "POST": "401 405 405 405 405 405 405 405",
    },
    "api:cohort-detail": {
        "GET": "401 200 200 200 200 200 404 200",
        "POST": "401 405 405 405 405 405 405 405",
    },
    "api:cohort-list": {
        "GET": "401 200 200 200 200 200 200 200",
        "POST": "401 405 405 405 405 405 405 405",
    },
    "api:comment-list": {
        "GET": "401 200 200 200 200 403 404 200",
        "POST": "401 415 415 403 415 403 404 403",
    },
    "api:competency-detail": {
        "GET": "401 200 200 200 200 403 404 200",
        "POST": "401 405 405 403 403 403 404 403",
    },
    "api:competency-list": {
        "GET": "401 200 200 200 200 403 404 200",
        "POST": "401 415 415 403 403 403 404 403",
    },
    "api:consensus-detail": {
        "GET": "401 200 200 200 200 200 404 200",
        "POST": "401 405 403 403 403 403 404 403",
    },
    "api:consensus-list": {
        "GET": "401 200 200 200 200 200 404 200",
        "POST": "401 405 403 403 403 403 404 403",
    },
    "api:district-detail": {
        "GET": "401 200 200 200 200 200 404 200",
        "POST": "401 405 405 405 405 405 405 405",
    },
    "api:district-list": {
        "GET": "401 200 200 200 200 200 200 200",
        "POST": "401 405 405 405 405 405 405 405",
    },
    "api:docs": {
        "GET": "302 200 200 200 200 200 200 200",
        "POST": "302 405 405 405 405 405 405 405",
    },
    "api:engagement-detail": {
        "GET": "401 200 200 200 200 403 404 200",
        "POST": "401 405 405 403 403 403 404 403",
    },
    "api:engagement-list": {
        "GET": "401 200 200 200 200 403 404 200",
        "POST": "401 415 415 403 403 403 404 403",
    },
    "api:framework-detail": {
        "GET": "401 200 200 200 200 200 200 200",
        "POST": "401 405 405 405 405 405 405 405",
    },
    "api:framework-list": {
        "GET": "401 200 200 200 200 200 200 200",
        "POST": "401 405 405 405 405 405 405 405",
    },
    "api:indicator-detail": {
        "GET": "401 200 200 200 200 403 404 200",
        "POST": "401 405 405 403 403 403 404 403",
    },
    "api:indicator-list": {
        "GET": "401 200 200 200 200 403 404 200",
        "POST": "401 415 415 403 403 403 404 403",
    },
    "api:my-rating-detail": {
        "GET": "401 200 200 403 403 403 404 403",
        "POST": "401 405 405 403 403 403 404 403",
    },
    "api:my-rating-list": {
        "GET": "401 200 200 403 403 403 404 403",
        "POST": "401 405 405 403 403 403 404 403",
    },
    "api:objective-detail": {
        "GET": "401 200 200 200 200 403 404 200",
        "POST": "401 405 405 403 403 403 404 403",
    },
    "api:objective-list": {
        "GET": "401 200 200 200 200 403 404 200",
        "POST": "401 415 415 403 403 403 404 403",
    },
    "api:plan": {
        "GET": "401 200 200 200 200 403 404 200",
        "POST": "401 405 405 403 403 403 404 403",
    },
    "api:plan-cell-detail": {
        "GET": "401 200 200 200 200 403 404 200",
        "POST": "401 405 405 403 403 403 404 403",
    },
    "api:plan-cell-list": {
        "GET": "401 200 200 200 200 403 404 200",
        "POST": "401 405 405 403 403 403 404 403",
    },
    "api:policy-detail": {
        "GET": "401 200 200 200 200 403 404 200",
        "POST": "401 405 405 403 403 403 404 403",
    },
    "api:policy-list": {
        "GET": "401 200 200 200 200 403 404 200",
        "POST": "401 415 415 403 403 403 404 403",
    },
    "api:round-detail": {
        "GET": "401 200 200 200 200 200 404 200",
        "POST": "401 405 403 403 403 403 404 403",
    },
    "api:round-list": {
        "GET": "401 200 200 200 200 200 404 200",
        "POST": "401 415 403 403 403 403 404 403",
    },
    "api:schema": {
        "GET": "401 200 200 200 200 200 200 200",
        "POST": "401 405 405 405 405 405 405 405",
    },
    "api_token_revoke": {
        "GET": "302 405 405 405 405 405 405 405",
        "POST": "302 302 404 404 404 404 404 404",
    },
    "api_tokens": {
        "GET": "302 200 200 200 200 200 200 200",
        "POST": "302 400 400 400 400 400 400 400",
    },
    # --- The Django admin: only staff get in; everyone else is sent to the admin sign-in. ----
    # Staff see 403 where a model is read-only in the admin (security log, invitations),
    # 302 where the admin redirects (a missing object, an old-style URL, after a delete).
    "admin/(?P<url>.*)$": {
        "GET": "302 302 302 302 302 302 302 404",
        "POST": "302 302 302 302 302 302 302 404",
    },
    "admin/accounts/securityevent/<path:object_id>/": {
        "GET": "302 302 302 302 302 302 302 302",
        "POST": "302 302 302 302 302 302 302 302",
    },
    "admin/accounts/user/<path:object_id>/": {
        "GET": "302 302 302 302 302 302 302 302",
        "POST": "302 302 302 302 302 302 302 302",
    },
    "admin/auth/group/<path:object_id>/": {
        "GET": "302 302 302 302 302 302 302 302",
        "POST": "302 302 302 302 302 302 302 302",
    },
    "admin/axes/accessattempt/<path:object_id>/": {
        "GET": "302 302 302 302 302 302 302 302",
        "POST": "302 302 302 302 302 302 302 302",
    },
    "admin/axes/accessfailurelog/<path:object_id>/": {
        "GET": "302 302 302 302 302 302 302 302",
        "POST": "302 302 302 302 302 302 302 302",
    },
    "admin/axes/accesslog/<path:object_id>/": {
        "GET": "302 302 302 302 302 302 302 302",
        "POST": "302 302 302 302 302 302 302 302",
    },
    "admin/districts/coachassignment/<path:object_id>/": {
        "GET": "302 302 302 302 302 302 302 302",
        "POST": "302 302 302 302 302 302 302 302",
    },
    "admin/districts/cohort/<path:object_id>/": {
        "GET": "302 302 302 302 302 302 302 302",
        "POST": "302 302 302 302 302 302 302 302",
    },
    "admin/districts/district/<path:object_id>/": {
        "GET": "302 302 302 302 302 302 302 302",
        "POST": "302 302 302 302 302 302 302 302",
    },
    "admin/districts/invitation/<path:object_id>/": {
        "GET": "302 302 302 302 302 302 302 302",
        "POST": "302 302 302 302 302 302 302 302",
    },
    "admin/districts/membership/<path:object_id>/": {
        "GET": "302 302 302 302 302 302 302 302",
        "POST": "302 302 302 302 302 302 302 302",
    },
    "admin:accounts_securityevent_add": {
        "GET": "302 302 302 302 302 302 302 403",
        "POST": "302 302 302 302 302 302 302 403",
    },
    "admin:accounts_securityevent_change": {
        "GET": "302 302 302 302 302 302 302 200",
        "POST": "302 302 302 302 302 302 302 403",
    },
    "admin:accounts_securityevent_changelist": {
        "GET": "302 302 302 302 302 302 302 200",
        "POST": "302 302 302 302 302 302 302 200",
    },
    "admin:accounts_securityevent_delete": {
        "GET": "302 302 302 302 302 302 302 200",
        "POST": "302 302 302 302 302 302 302 200",
    },
    "admin:accounts_securityevent_history": {
        "GET": "302 302 302 302 302 302 302 200",
        "POST": "302 302 302 302 302 302 302 200",
    },
    "admin:accounts_user_add": {
        "GET": "302 302 302 302 302 302 302 200",
        "POST": "302 302 302 302 302 302 302 200",
    },
    "admin:accounts_user_change": {
        "GET": "302 302 302 302 302 302 302 200",
        "POST": "302 302 302 302 302 302 302 200",
    },
    "admin:accounts_user_changelist": {
        "GET": "302 302 302 302 302 302 302 200",
        "POST": "302 302 302 302 302 302 302 200",
    },
    "admin:accounts_user_delete": {
        "GET": "302 302 302 302 302 302 302 200",
        "POST": "302 302 302 302 302 302 302 200",
    },
    "admin:accounts_user_history": {
        "GET": "302 302 302 302 302 302 302 200",
        "POST": "302 302 302 302 302 302 302 200",
    },
    "admin:app_list": {
        "GET": "302 302 302 302 302 302 302 200",
        "POST": "302 302 302 302 302 302 302 200",
    },
    "admin:auth_group_add": {
        "GET": "302 302 302 302 302 302 302 200",
        "POST": "302 302 302 302 302 302 302 200",
    },
    "admin:auth_group_change": {
        "GET": "302 302 302 302 302 302 302 200",
        "POST": "302 302 302 302 302 302 302 200",
    },
    "admin:auth_group_changelist": {
        "GET": "302 302 302 302 302 302 302 200",
        "POST": "302 302 302 302 302 302 302 200",
    },
    "admin:auth_group_delete": {
        "GET": "302 302 302 302 302 302 302 200",
        "POST": "302 302 302 302 302 302 302 200",
    },
    "admin:auth_group_history": {
        "GET": "302 302 302 302 302 302 302 200",
        "POST": "302 302 302 302 302 302 302 200",
    },
    "admin:auth_user_password_change": {
        "GET": "302 302 302 302 302 302 302 200",
        "POST": "302 302 302 302 302 302 302 200",
    },
    "admin:autocomplete": {
        "GET": "302 302 302 302 302 302 302 403",
        "POST": "302 302 302 302 302 302 302 405",
    },
    "admin:axes_accessattempt_add": {
        "GET": "302 302 302 302 302 302 302 403",
        "POST": "302 302 302 302 302 302 302 403",
    },
    "admin:axes_accessattempt_change": {
        "GET": "302 302 302 302 302 302 302 200",
        "POST": "302 302 302 302 302 302 302 302",
    },
    "admin:axes_accessattempt_changelist": {
        "GET": "302 302 302 302 302 302 302 200",
        "POST": "302 302 302 302 302 302 302 200",
    },
    "admin:axes_accessattempt_delete": {
        "GET": "302 302 302 302 302 302 302 200",
        "POST": "302 302 302 302 302 302 302 200",
    },
    "admin:axes_accessattempt_history": {
        "GET": "302 302 302 302 302 302 302 200",
        "POST": "302 302 302 302 302 302 302 200",
    },
    "admin:axes_accessfailurelog_add": {
        "GET": "302 302 302 302 302 302 302 403",
        "POST": "302 302 302 302 302 302 302 403",
    },
    "admin:axes_accessfailurelog_change": {
        "GET": "302 302 302 302 302 302 302 200",
        "POST": "302 302 302 302 302 302 302 302",
    },
    "admin:axes_accessfailurelog_changelist": {
        "GET": "302 302 302 302 302 302 302 200",
        "POST": "302 302 302 302 302 302 302 200",
    },
    "admin:axes_accessfailurelog_delete": {
        "GET": "302 302 302 302 302 302 302 200",
        "POST": "302 302 302 302 302 302 302 200",
    },
    "admin:axes_accessfailurelog_history": {
        "GET": "302 302 302 302 302 302 302 200",
        "POST": "302 302 302 302 302 302 302 200",
    },
    "admin:axes_accesslog_add": {
        "GET": "302 302 302 302 302 302 302 403",
        "POST": "302 302 302 302 302 302 302 403",
    },
    "admin:axes_accesslog_change": {
        "GET": "302 302 302 302 302 302 302 200",
        "POST": "302 302 302 302 302 302 302 302",
    },
    "admin:axes_accesslog_changelist": {
        "GET": "302 302 302 302 302 302 302 200",
        "POST": "302 302 302 302 302 302 302 200",
    },
    "admin:axes_accesslog_delete": {
        "GET": "302 302 302 302 302 302 302 200",
        "POST": "302 302 302 302 302 302 302 200",
    },
    "admin:axes_accesslog_history": {
        "GET": "302 302 302 302 302 302 302 200",
        "POST": "302 302 302 302 302 302 302 200",
    },
    "admin:districts_coachassignment_add": {
        "GET": "302 302 302 302 302 302 302 200",
        "POST": "302 302 302 302 302 302 302 200",
    },
    "admin:districts_coachassignment_change": {
        "GET": "302 302 302 302 302 302 302 200",
        "POST": "302 302 302 302 302 302 302 200",
    },
    "admin:districts_coachassignment_changelist": {
        "GET": "302 302 302 302 302 302 302 200",
        "POST": "302 302 302 302 302 302 302 200",
    },
    "admin:districts_coachassignment_delete": {
        "GET": "302 302 302 302 302 302 302 200",
        "POST": "302 302 302 302 302 302 302 200",
    },
    "admin:districts_coachassignment_history": {
        "GET": "302 302 302 302 302 302 302 200",
        "POST": "302 302 302 302 302 302 302 200",
    },
    "admin:districts_cohort_add": {
        "GET": "302 302 302 302 302 302 302 200",
        "POST": "302 302 302 302 302 302 302 200",
    },
    "admin:districts_cohort_change": {
        "GET": "302 302 302 302 302 302 302 200",
        "POST": "302 302 302 302 302 302 302 200",
    },
    "admin:districts_cohort_changelist": {
        "GET": "302 302 302 302 302 302 302 200",
        "POST": "302 302 302 302 302 302 302 200",
    },
    "admin:districts_cohort_delete": {
        "GET": "302 302 302 302 302 302 302 200",
        "POST": "302 302 302 302 302 302 302 200",
    },
    "admin:districts_cohort_history": {
        "GET": "302 302 302 302 302 302 302 200",
        "POST": "302 302 302 302 302 302 302 200",
    },
    "admin:districts_district_add": {
        "GET": "302 302 302 302 302 302 302 200",
        "POST": "302 302 302 302 302 302 302 200",
    },
    "admin:districts_district_change": {
        "GET": "302 302 302 302 302 302 302 200",
        "POST": "302 302 302 302 302 302 302 200",
    },
    "admin:districts_district_changelist": {
        "GET": "302 302 302 302 302 302 302 200",
        "POST": "302 302 302 302 302 302 302 200",
    },
    "admin:districts_district_delete": {
        "GET": "302 302 302 302 302 302 302 200",
        "POST": "302 302 302 302 302 302 302 200",
    },
    "admin:districts_district_history": {
        "GET": "302 302 302 302 302 302 302 200",
        "POST": "302 302 302 302 302 302 302 200",
    },
    "admin:districts_invitation_add": {
        "GET": "302 302 302 302 302 302 302 403",
        "POST": "302 302 302 302 302 302 302 403",
    },
    "admin:districts_invitation_change": {
        "GET": "302 302 302 302 302 302 302 302",
        "POST": "302 302 302 302 302 302 302 302",
    },
    "admin:districts_invitation_changelist": {
        "GET": "302 302 302 302 302 302 302 200",
        "POST": "302 302 302 302 302 302 302 200",
    },
    "admin:districts_invitation_delete": {
        "GET": "302 302 302 302 302 302 302 302",
        "POST": "302 302 302 302 302 302 302 302",
    },
    "admin:districts_invitation_history": {
        "GET": "302 302 302 302 302 302 302 302",
        "POST": "302 302 302 302 302 302 302 302",
    },
    "admin:districts_membership_add": {
        "GET": "302 302 302 302 302 302 302 200",
        "POST": "302 302 302 302 302 302 302 200",
    },
    "admin:districts_membership_change": {
        "GET": "302 302 302 302 302 302 302 200",
        "POST": "302 302 302 302 302 302 302 200",
    },
    "admin:districts_membership_changelist": {
        "GET": "302 302 302 302 302 302 302 200",
        "POST": "302 302 302 302 302 302 302 200",
    },
    "admin:districts_membership_delete": {
        "GET": "302 302 302 302 302 302 302 200",
        "POST": "302 302 302 302 302 302 302 200",
    },
    "admin:districts_membership_history": {
        "GET": "302 302 302 302 302 302 302 200",
        "POST": "302 302 302 302 302 302 302 200",
    },
    "admin:index": {
        "GET": "302 302 302 302 302 302 302 200",
        "POST": "302 302 302 302 302 302 302 200",
    },
    "admin:jsi18n": {
        "GET": "302 302 302 302 302 302 302 200",
        "POST": "302 302 302 302 302 302 302 405",
    },
    "admin:login": {
        "GET": "200 200 200 200 200 200 200 302",
        "POST": "200 200 200 200 200 200 200 200",
    },
    "admin:logout": {
        "GET": "302 302 302 302 302 302 302 405",
        "POST": "302 302 302 302 302 302 302 302",
    },
    "admin:password_change": {
        "GET": "302 302 302 302 302 302 302 200",
        "POST": "302 302 302 302 302 302 302 200",
    },
    "admin:password_change_done": {
        "GET": "302 302 302 302 302 302 302 200",
        "POST": "302 302 302 302 302 302 302 405",
    },
    "admin:view_on_site": {
        "GET": "302 302 302 302 302 302 302 302",
        "POST": "302 302 302 302 302 302 302 302",
    },
    "admin/rubrics/assessmentround/<path:object_id>/": {
        "GET": "302 302 302 302 302 302 302 302",
        "POST": "302 302 302 302 302 302 302 302",
    },
    "admin/rubrics/comment/<path:object_id>/": {
        "GET": "302 302 302 302 302 302 302 302",
        "POST": "302 302 302 302 302 302 302 302",
    },
    "admin/rubrics/consensuschange/<path:object_id>/": {
        "GET": "302 302 302 302 302 302 302 302",
        "POST": "302 302 302 302 302 302 302 302",
    },
    "admin/rubrics/dimension/<path:object_id>/": {
        "GET": "302 302 302 302 302 302 302 302",
        "POST": "302 302 302 302 302 302 302 302",
    },
    "admin/rubrics/framework/<path:object_id>/": {
        "GET": "302 302 302 302 302 302 302 302",
        "POST": "302 302 302 302 302 302 302 302",
    },
    "admin/rubrics/roundreopening/<path:object_id>/": {
        "GET": "302 302 302 302 302 302 302 302",
        "POST": "302 302 302 302 302 302 302 302",
    },
    "admin:rubrics_assessmentround_add": {
        "GET": "302 302 302 302 302 302 302 200",
        "POST": "302 302 302 302 302 302 302 200",
    },
    "admin:rubrics_assessmentround_change": {
        "GET": "302 302 302 302 302 302 302 200",
        "POST": "302 302 302 302 302 302 302 200",
    },
    "admin:rubrics_assessmentround_changelist": {
        "GET": "302 302 302 302 302 302 302 200",
        "POST": "302 302 302 302 302 302 302 200",
    },
    "admin:rubrics_assessmentround_delete": {
        "GET": "302 302 302 302 302 302 302 200",
        "POST": "302 302 302 302 302 302 302 200",
    },
    "admin:rubrics_assessmentround_history": {
        "GET": "302 302 302 302 302 302 302 200",
        "POST": "302 302 302 302 302 302 302 200",
    },
    "admin:rubrics_comment_add": {
        "GET": "302 302 302 302 302 302 302 200",
        "POST": "302 302 302 302 302 302 302 200",
    },
    "admin:rubrics_comment_change": {
        "GET": "302 302 302 302 302 302 302 200",
        "POST": "302 302 302 302 302 302 302 200",
    },
    "admin:rubrics_comment_changelist": {
        "GET": "302 302 302 302 302 302 302 200",
        "POST": "302 302 302 302 302 302 302 200",
    },
    "admin:rubrics_comment_delete": {
        "GET": "302 302 302 302 302 302 302 200",
        "POST": "302 302 302 302 302 302 302 200",
    },
    "admin:rubrics_comment_history": {
        "GET": "302 302 302 302 302 302 302 200",
        "POST": "302 302 302 302 302 302 302 200",
    },
    "admin:rubrics_consensuschange_add": {
        "GET": "302 302 302 302 302 302 302 200",
        "POST": "302 302 302 302 302 302 302 200",
    },
    "admin:rubrics_consensuschange_change": {
        "GET": "302 302 302 302 302 302 302 200",
        "POST": "302 302 302 302 302 302 302 403",
    },
    "admin:rubrics_consensuschange_changelist": {
        "GET": "302 302 302 302 302 302 302 200",
        "POST": "302 302 302 302 302 302 302 200",
    },
    "admin:rubrics_consensuschange_delete": {
        "GET": "302 302 302 302 302 302 302 200",
        "POST": "302 302 302 302 302 302 302 200",
    },
    "admin:rubrics_consensuschange_history": {
        "GET": "302 302 302 302 302 302 302 200",
        "POST": "302 302 302 302 302 302 302 200",
    },
    "admin:rubrics_dimension_add": {
        "GET": "302 302 302 302 302 302 302 200",
        "POST": "302 302 302 302 302 302 302 200",
    },
    "admin:rubrics_dimension_change": {
        "GET": "302 302 302 302 302 302 302 200",
        "POST": "302 302 302 302 302 302 302 200",
    },
    "admin:rubrics_dimension_changelist": {
        "GET": "302 302 302 302 302 302 302 200",
        "POST": "302 302 302 302 302 302 302 200",
    },
    "admin:rubrics_dimension_delete": {
        "GET": "302 302 302 302 302 302 302 200",
        "POST": "302 302 302 302 302 302 302 200",
    },
    "admin:rubrics_dimension_history": {
        "GET": "302 302 302 302 302 302 302 200",
        "POST": "302 302 302 302 302 302 302 200",
    },
    "admin:rubrics_framework_add": {
        "GET": "302 302 302 302 302 302 302 200",
        "POST": "302 302 302 302 302 302 302 200",
    },
    "admin:rubrics_framework_change": {
        "GET": "302 302 302 302 302 302 302 200",
        "POST": "302 302 302 302 302 302 302 403",
    },
    "admin:rubrics_framework_changelist": {
        "GET": "302 302 302 302 302 302 302 200",
        "POST": "302 302 302 302 302 302 302 200",
    },
    "admin:rubrics_framework_delete": {
        "GET": "302 302 302 302 302 302 302 200",
        "POST": "302 302 302 302 302 302 302 200",
    },
    "admin:rubrics_framework_history": {
        "GET": "302 302 302 302 302 302 302 200",
        "POST": "302 302 302 302 302 302 302 200",
    },
    "admin:rubrics_roundreopening_add": {
        "GET": "302 302 302 302 302 302 302 200",
        "POST": "302 302 302 302 302 302 302 200",
    },
    "admin:rubrics_roundreopening_change": {
        "GET": "302 302 302 302 302 302 302 200",
        "POST": "302 302 302 302 302 302 302 200",
    },
    "admin:rubrics_roundreopening_changelist": {
        "GET": "302 302 302 302 302 302 302 200",
        "POST": "302 302 302 302 302 302 302 200",
    },
    "admin:rubrics_roundreopening_delete": {
        "GET": "302 302 302 302 302 302 302 200",
        "POST": "302 302 302 302 302 302 302 200",
    },
    "admin:rubrics_roundreopening_history": {
        "GET": "302 302 302 302 302 302 302 200",
        "POST": "302 302 302 302 302 302 302 200",
    },
    "admin/planning/actionplan/<path:object_id>/": {
        "GET": "302 302 302 302 302 302 302 302",
        "POST": "302 302 302 302 302 302 302 302",
    },
    "admin/planning/engagementactivity/<path:object_id>/": {
        "GET": "302 302 302 302 302 302 302 302",
        "POST": "302 302 302 302 302 302 302 302",
    },
    "admin/planning/longtermplan/<path:object_id>/": {
        "GET": "302 302 302 302 302 302 302 302",
        "POST": "302 302 302 302 302 302 302 302",
    },
    "admin/planning/plancell/<path:object_id>/": {
        "GET": "302 302 302 302 302 302 302 302",
        "POST": "302 302 302 302 302 302 302 302",
    },
    "admin/planning/policyreview/<path:object_id>/": {
        "GET": "302 302 302 302 302 302 302 302",
        "POST": "302 302 302 302 302 302 302 302",
    },
    "admin:planning_actionplan_add": {
        "GET": "302 302 302 302 302 302 302 200",
        "POST": "302 302 302 302 302 302 302 200",
    },
    "admin:planning_actionplan_change": {
        "GET": "302 302 302 302 302 302 302 302",
        "POST": "302 302 302 302 302 302 302 302",
    },
    "admin:planning_actionplan_changelist": {
        "GET": "302 302 302 302 302 302 302 200",
        "POST": "302 302 302 302 302 302 302 200",
    },
    "admin:planning_actionplan_delete": {
        "GET": "302 302 302 302 302 302 302 302",
        "POST": "302 302 302 302 302 302 302 302",
    },
    "admin:planning_actionplan_history": {
        "GET": "302 302 302 302 302 302 302 302",
        "POST": "302 302 302 302 302 302 302 302",
    },
    "admin:planning_engagementactivity_add": {
        "GET": "302 302 302 302 302 302 302 200",
        "POST": "302 302 302 302 302 302 302 200",
    },
    "admin:planning_engagementactivity_change": {
        "GET": "302 302 302 302 302 302 302 302",
        "POST": "302 302 302 302 302 302 302 302",
    },
    "admin:planning_engagementactivity_changelist": {
        "GET": "302 302 302 302 302 302 302 200",
        "POST": "302 302 302 302 302 302 302 200",
    },
    "admin:planning_engagementactivity_delete": {
        "GET": "302 302 302 302 302 302 302 302",
        "POST": "302 302 302 302 302 302 302 302",
    },
    "admin:planning_engagementactivity_history": {
        "GET": "302 302 302 302 302 302 302 302",
        "POST": "302 302 302 302 302 302 302 302",
    },
    "admin:planning_longtermplan_add": {
        "GET": "302 302 302 302 302 302 302 200",
        "POST": "302 302 302 302 302 302 302 200",
    },
    "admin:planning_longtermplan_change": {
        "GET": "302 302 302 302 302 302 302 302",
        "POST": "302 302 302 302 302 302 302 302",
    },
    "admin:planning_longtermplan_changelist": {
        "GET": "302 302 302 302 302 302 302 200",
        "POST": "302 302 302 302 302 302 302 200",
    },
    "admin:planning_longtermplan_delete": {
        "GET": "302 302 302 302 302 302 302 302",
        "POST": "302 302 302 302 302 302 302 302",
    },
    "admin:planning_longtermplan_history": {
        "GET": "302 302 302 302 302 302 302 302",
        "POST": "302 302 302 302 302 302 302 302",
    },
    "admin:planning_plancell_add": {
        "GET": "302 302 302 302 302 302 302 200",
        "POST": "302 302 302 302 302 302 302 200",
    },
    "admin:planning_plancell_change": {
        "GET": "302 302 302 302 302 302 302 302",
        "POST": "302 302 302 302 302 302 302 302",
    },
    "admin:planning_plancell_changelist": {
        "GET": "302 302 302 302 302 302 302 200",
        "POST": "302 302 302 302 302 302 302 200",
    },
    "admin:planning_plancell_delete": {
        "GET": "302 302 302 302 302 302 302 302",
        "POST": "302 302 302 302 302 302 302 302",
    },
    "admin:planning_plancell_history": {
        "GET": "302 302 302 302 302 302 302 302",
        "POST": "302 302 302 302 302 302 302 302",
    },
    "admin:planning_policyreview_add": {
        "GET": "302 302 302 302 302 302 302 200",
        "POST": "302 302 302 302 302 302 302 200",
    },
    "admin:planning_policyreview_change": {
        "GET": "302 302 302 302 302 302 302 200",
        "POST": "302 302 302 302 302 302 302 200",
    },
    "admin:planning_policyreview_changelist": {
        "GET": "302 302 302 302 302 302 302 200",
        "POST": "302 302 302 302 302 302 302 200",
    },
    "admin:planning_policyreview_delete": {
        "GET": "302 302 302 302 302 302 302 200",
        "POST": "302 302 302 302 302 302 302 200",
    },
    "admin:planning_policyreview_history": {
        "GET": "302 302 302 302 302 302 302 200",
        "POST": "302 302 302 302 302 302 302 200",
    },
    "admin/api/apitoken/<path:object_id>/": {
        "GET": "302 302 302 302 302 302 302 302",
        "POST": "302 302 302 302 302 302 302 302",
    },
    "admin:api_apitoken_add": {
        "GET": "302 302 302 302 302 302 302 403",
        "POST": "302 302 302 302 302 302 302 403",
    },
    "admin:api_apitoken_change": {
        "GET": "302 302 302 302 302 302 302 302",
        "POST": "302 302 302 302 302 302 302 302",
    },
    "admin:api_apitoken_changelist": {
        "GET": "302 302 302 302 302 302 302 200",
        "POST": "302 302 302 302 302 302 302 200",
    },
    "admin:api_apitoken_delete": {
        "GET": "302 302 302 302 302 302 302 302",
        "POST": "302 302 302 302 302 302 302 302",
    },
    "admin:api_apitoken_history": {
        "GET": "302 302 302 302 302 302 302 302",
        "POST": "302 302 302 302 302 302 302 302",
    },
    "admin/meetings/meeting/<path:object_id>/": {
        "GET": "302 302 302 302 302 302 302 302",
        "POST": "302 302 302 302 302 302 302 302",
    },
    "admin/meetings/problemofpractice/<path:object_id>/": {
        "GET": "302 302 302 302 302 302 302 302",
        "POST": "302 302 302 302 302 302 302 302",
    },
    "admin/meetings/protocol/<path:object_id>/": {
        "GET": "302 302 302 302 302 302 302 302",
        "POST": "302 302 302 302 302 302 302 302",
    },
    "admin:meetings_meeting_add": {
        "GET": "302 302 302 302 302 302 302 200",
        "POST": "302 302 302 302 302 302 302 200",
    },
    "admin:meetings_meeting_change": {
        "GET": "302 302 302 302 302 302 302 200",
        "POST": "302 302 302 302 302 302 302 200",
    },
    "admin:meetings_meeting_changelist": {
        "GET": "302 302 302 302 302 302 302 200",
        "POST": "302 302 302 302 302 302 302 200",
    },
    "admin:meetings_meeting_delete": {
        "GET": "302 302 302 302 302 302 302 200",
        "POST": "302 302 302 302 302 302 302 200",
    },
    "admin:meetings_meeting_history": {
        "GET": "302 302 302 302 302 302 302 200",
        "POST": "302 302 302 302 302 302 302 200",
    },
    "admin:meetings_problemofpractice_add": {
        "GET": "302 302 302 302 302 302 302 200",
        "POST": "302 302 302 302 302 302 302 200",
    },
    "admin:meetings_problemofpractice_change": {
        "GET": "302 302 302 302 302 302 302 200",
        "POST": "302 302 302 302 302 302 302 200",
    },
    "admin:meetings_problemofpractice_changelist": {
        "GET": "302 302 302 302 302 302 302 200",
        "POST": "302 302 302 302 302 302 302 200",
    },
    "admin:meetings_problemofpractice_delete": {
        "GET": "302 302 302 302 302 302 302 200",
        "POST": "302 302 302 302 302 302 302 200",
    },
    "admin:meetings_problemofpractice_history": {
        "GET": "302 302 302 302 302 302 302 200",
        "POST": "302 302 302 302 302 302 302 200",
    },
    "admin:meetings_protocol_add": {
        "GET": "302 302 302 302 302 302 302 200",
        "POST": "302 302 302 302 302 302 302 200",
    },
    "admin:meetings_protocol_change": {
        "GET": "302 302 302 302 302 302 302 302",
        "POST": "302 302 302 302 302 302 302 302",
    },
    "admin:meetings_protocol_changelist": {
        "GET": "302 302 302 302 302 302 302 200",
        "POST": "302 302 302 302 302 302 302 200",
    },
    "admin:meetings_protocol_delete": {
        "GET": "302 302 302 302 302 302 302 302",
        "POST": "302 302 302 302 302 302 302 302",
    },
    "admin:meetings_protocol_history": {
        "GET": "302 302 302 302 302 302 302 302",
        "POST": "302 302 302 302 302 302 302 302",
    },
    "admin/reports/reportjob/<path:object_id>/": {
        "GET": "302 302 302 302 302 302 302 302",
        "POST": "302 302 302 302 302 302 302 302",
    },
    "admin:reports_reportjob_add": {
        "GET": "302 302 302 302 302 302 302 403",
        "POST": "302 302 302 302 302 302 302 403",
    },
    "admin:reports_reportjob_change": {
        "GET": "302 302 302 302 302 302 302 200",
        "POST": "302 302 302 302 302 302 302 302",
    },
    "admin:reports_reportjob_changelist": {
        "GET": "302 302 302 302 302 302 302 200",
        "POST": "302 302 302 302 302 302 302 200",
    },
    "admin:reports_reportjob_delete": {
        "GET": "302 302 302 302 302 302 302 200",
        "POST": "302 302 302 302 302 302 302 200",
    },
    "admin:reports_reportjob_history": {
        "GET": "302 302 302 302 302 302 302 200",
        "POST": "302 302 302 302 302 302 302 200",
    },
}
