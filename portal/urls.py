"""The one URL module a Wagtail site includes to get the staff portal.

path("portal/", include("portal.urls")),
"""

from django.contrib.auth import views as auth_views
from django.contrib.auth.decorators import login_not_required
from django.urls import include, path, reverse_lazy

from portal import csp, my_work_views, overview_views, second_factor_views, views

app_name = "portal"

urlpatterns = [
    # The sign-in pages open without a session; every other portal URL needs
    # one that has passed both factors (middleware.PortalLoginRequiredMiddleware
    # and middleware.SecondFactorMiddleware).
    path("login/", login_not_required(views.LoginView.as_view()), name="login"),
    path("login/code/", second_factor_views.second_factor, name="second_factor"),
    path(
        "login/authenticator/",
        second_factor_views.second_factor_setup,
        name="second_factor_setup",
    ),
    path("logout/", login_not_required(auth_views.LogoutView.as_view()), name="logout"),
    path("csp-report/", csp.csp_report, name="csp_report"),
    # Forgotten passwords: the answer never says whether an account exists.
    path(
        "password-reset/",
        login_not_required(
            auth_views.PasswordResetView.as_view(
                template_name="portal/password_reset.html",
                email_template_name="portal/password_reset_email.txt",
                subject_template_name="portal/password_reset_subject.txt",
                success_url=reverse_lazy("portal:password_reset_sent"),
            )
        ),
        name="password_reset",
    ),
    path(
        "password-reset/sent/",
        login_not_required(
            auth_views.PasswordResetDoneView.as_view(
                template_name="portal/password_reset_sent.html"
            )
        ),
        name="password_reset_sent",
    ),
    path(
        "password-reset/<uidb64>/<token>/",
        login_not_required(
            auth_views.PasswordResetConfirmView.as_view(
                template_name="portal/password_reset_confirm.html",
                success_url=reverse_lazy("portal:password_reset_done"),
            )
        ),
        name="password_reset_confirm",
    ),
    path(
        "password-reset/done/",
        login_not_required(
            auth_views.PasswordResetCompleteView.as_view(
                template_name="portal/password_reset_done.html"
            )
        ),
        name="password_reset_done",
    ),
    path("", views.dashboard, name="dashboard"),
    path(
        "account/security/",
        second_factor_views.account_security,
        name="account_security",
    ),
    path(
        "account/security/backup-codes/",
        second_factor_views.backup_codes_new,
        name="backup_codes_new",
    ),
    path(
        "account/security/sign-out-everywhere/",
        second_factor_views.sign_out_everywhere,
        name="sign_out_everywhere",
    ),
    path("my-work/daily-email/", my_work_views.work_digest, name="work_digest"),
    path("pupils/", views.pupil_list, name="pupil_list"),
    path("pupils/<int:pk>/", views.pupil_detail, name="pupil_detail"),
    path("pupils/", include("subject_access.urls")),
    path("overview/", overview_views.overview, name="overview"),
    path(
        "overview/governors/",
        overview_views.governors_summary,
        name="overview_governors",
    ),
    path("attendance/", include("attendance.urls")),
    # The apps above cases first: the cases URLs end with a catch-all action.
    path("cases/", include("legal.urls")),
    path("cases/", include("meetings.urls")),
    path("cases/", include("contracts.urls")),
    path("cases/", include("plans.urls")),
    path("cases/", include("voice.urls")),
    path("cases/", include("letters.urls")),
    path("cases/", include("cases.urls")),
    path("safeguarding/", include("safeguarding.urls")),
    path("staff/", include("accounts.urls")),
    path("la/", include("la_workspace.urls")),
    path("la/targeting/", include("targeting.urls")),
    path("returns/", include("returns.urls")),
]
