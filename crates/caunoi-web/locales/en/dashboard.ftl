# Monitoring dashboards of the department and of a cluster.

dash-nav = Dashboard
dash-heading-province = Dashboard — { $province }
dash-heading-cluster = Dashboard of cluster { $cluster }
dash-lead = Directive acknowledgement, report completeness, open requests and upcoming deadlines per cluster of school year { $year }. The figures update by themselves when something changes.
dash-lead-narrowed = Only the clusters and communes you are responsible for (school year { $year }). The figures update by themselves when something changes.
dash-link-cluster = Cluster dashboard
dash-updated = Figures as of { $time }.
dash-live-updated = The figures have just been updated.
dash-total = All
dash-no-cluster = In no cluster
dash-notice-invalid-indicator = There is no indicator “{ $value }” to colour the map by. The map shows directive acknowledgement; choose an indicator from the list.

dash-indicator-label = Colour the map by
dash-indicator-apply = Show
dash-indicator-ack = Directive acknowledgement rate
dash-indicator-reports = Report submission rate
dash-indicator-requests = Open requests

dash-card-ack = Directive acknowledgement
dash-card-ack-detail = { $acknowledged } of { $recipients } school receipts acknowledged; { $overdue } overdue.
dash-card-reports = Report submission
dash-card-reports-detail = Out of { $total } school reports due.
dash-card-requests = Open requests
dash-card-requests-detail = { $count } open for more than 7 days.
dash-card-deadlines = Deadlines in the next 14 days

dash-ack-heading = Directive acknowledgement per cluster
dash-ack-description = One horizontal bar per cluster: the percentage of school receipts acknowledged among all receipts of directives in force. The table below has the numbers.
dash-completeness-heading = Report completeness per cluster
dash-completeness-description = One bar per cluster split by status: not started, draft, on time, late, returned, accepted. The table below has the numbers.
dash-completeness-total = Submitted { $submitted } of { $total } ({ $rate })
dash-completeness-not_started = Not started
dash-completeness-draft = Draft
dash-completeness-on_time = On time
dash-completeness-late = Late
dash-completeness-returned = Returned
dash-completeness-accepted = Accepted
dash-requests-heading = Open requests per cluster
dash-requests-description = One horizontal bar per cluster: the number of school requests open or in progress. The table below has their ages.
dash-age-days = { $days ->
    [one] 1 day
   *[other] { $days } days
}

dash-deadlines-heading = Upcoming deadlines (14 days)
dash-deadlines-none = No directive acknowledgement or report deadline falls in the next 14 days.
dash-deadline-kind-directive = Directive acknowledgement
dash-deadline-kind-report = Report submission

dash-map-heading-ack = Map of directive acknowledgement by commune
dash-map-heading-reports = Map of report submission by commune
dash-map-heading-requests = Map of open requests by commune
dash-map-description = Each commune is coloured by the chosen indicator, darker for higher values. The table under the map has the numbers.
dash-map-no-data = No figures yet
dash-map-table-summary = Table of figures by commune

dash-col-cluster = Cluster
dash-col-commune = Commune
dash-col-recipients = School receipts
dash-col-acknowledged = Acknowledged
dash-col-rate = Rate
dash-col-ack-rate = Acknowledgement rate
dash-col-overdue = Overdue
dash-col-total = Total
dash-col-submitted-rate = Submitted
dash-col-open = Open
dash-col-under-3 = Under 3 days
dash-col-3-to-7 = 3–7 days
dash-col-over-7 = Over 7 days
dash-col-oldest = Oldest
dash-col-deadline = Deadline
dash-col-kind = Kind
dash-col-title = Subject
dash-col-owing = Outstanding
