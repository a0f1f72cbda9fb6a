"""Admin URLs of the editorial app (mounted under /admin/editorial/ by wagtail_hooks)."""

from django.urls import path

from fazhi.editorial import views

app_name = "editorial"

urlpatterns = [
    path("review-events/", views.ReviewEventReportView.as_view(), name="review_events"),
    path(
        "review-events/results/",
        views.ReviewEventReportView.as_view(results_only=True),
        name="review_events_results",
    ),
    path("assignments/", views.assignments, name="assignments"),
    path("assignments/<int:user_id>/", views.edit_assignment, name="edit_assignment"),
]
